package dev.agentcollab.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The token file of {@code identity.kind: static}: who holds which bearer token, for local and offline
 * deployments without the Hub. Organizers have role {@code admin}; agents' operators {@code write} (or
 * {@code read}); {@code outsider} tokens authenticate but belong to no org.
 *
 * <pre>
 * members:
 *   - {token: tok-organizer-local, user: organizer, role: admin}
 *   - {token: tok-ada-local, user: ada, role: write}
 * </pre>
 *
 * @param members the entries, in file order
 */
public record TokenFile(List<Member> members) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> ROLES = Set.of("admin", "write", "read", "outsider");

    /** Copies the list and rejects duplicate tokens. */
    public TokenFile {
        members = List.copyOf(members);
        Set<String> seen = new HashSet<>();
        for (Member m : members) {
            if (!seen.add(m.token())) {
                throw CollabException.of(ErrorCode.INVALID_REQUEST, "the token of " + m.user() + " appears twice");
            }
        }
    }

    /**
     * One token holder.
     *
     * @param token the bearer token
     * @param user the Hub-style user name
     * @param role {@code admin}, {@code write}, {@code read} or {@code outsider}
     */
    public record Member(String token, String user, String role) {
        /** Validates the fields. */
        public Member {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(role, "role");
            if (token.length() < 8) {
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST, "the token of " + user + " must have at least 8 characters");
            }
            if (!user.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw CollabException.of(ErrorCode.INVALID_REQUEST, "bad user name '" + user + "' in the token file");
            }
            if (!ROLES.contains(role)) {
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST,
                        "role of " + user + " must be one of admin, write, read, outsider, but was '" + role + "'");
            }
        }
    }

    /**
     * Reads a token file.
     *
     * @param file the YAML file
     * @return the entries
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} naming the file and the bad entry
     */
    public static TokenFile load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "cannot read the token file " + file + ": " + e)
                    .withCause(e);
        }
        if (root == null || !root.path("members").isArray()) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "the token file " + file + " must hold 'members:', a list of {token, user, role}");
        }
        var it = root.fieldNames();
        while (it.hasNext()) {
            String key = it.next();
            if (!key.equals("members")) {
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST,
                        "unknown key '" + key + "' in the token file " + file + "; allowed: members");
            }
        }
        List<Member> members = new java.util.ArrayList<>();
        int i = 0;
        for (JsonNode m : root.get("members")) {
            i++;
            for (String field : List.of("token", "user", "role")) {
                if (!m.path(field).isValueNode() || m.path(field).asText().isBlank()) {
                    throw CollabException.of(
                            ErrorCode.INVALID_REQUEST,
                            "member " + i + " of the token file " + file + " needs '" + field + "'");
                }
            }
            members.add(new Member(
                    m.get("token").asText().strip(),
                    m.get("user").asText().strip(),
                    m.get("role").asText().strip()));
        }
        return new TokenFile(members);
    }

    /**
     * The identity provider for an org.
     *
     * @param org the collaboration's org
     * @return a provider that knows every token of the file
     */
    public StaticIdentityProvider provider(String org) {
        StaticIdentityProvider.Builder b = StaticIdentityProvider.builder();
        for (Member m : members) {
            if (m.role().equals("outsider")) {
                b.outsider(m.token(), m.user());
            } else {
                b.member(m.token(), m.user(), org, m.role());
            }
        }
        return b.build();
    }
}
