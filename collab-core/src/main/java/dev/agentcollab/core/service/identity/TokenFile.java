package dev.agentcollab.core.service.identity;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A static token table in a YAML file, for local and offline collaborations (the demo's {@code --tokens}, a
 * {@code static} identity of {@code collab serve}): each bearer token maps to the Hub user it proves, that user's
 * organisation and role.
 *
 * <pre>{@code
 * # bearer token -> Hub user, organisation, role (keep this file private)
 * tokens:
 *   hf_local_organizer_3f9c:
 *     user: organizer      # required: the user name the token proves
 *     org: local-collab    # optional: defaults to the collaboration's org
 *     role: admin          # optional: admin | write | contributor | read | outsider (default write)
 *   hf_local_ada_81d2:
 *     user: ada
 * }</pre>
 *
 * <p>Role {@code outsider} authenticates a user who belongs to no organisation (for trying what non-members
 * see); its {@code org} is ignored. Tokens must be non-blank and at least 8 characters; user names are Hub-style
 * ({@code [A-Za-z0-9][A-Za-z0-9_.-]*}); a user appears with one organisation and role only
 * (several tokens per user are fine); unknown keys, duplicate tokens and other roles are rejected with the file,
 * the entry's user and what is allowed. Error messages never contain a token. Thread safe (stateless).
 */
public final class TokenFile {
    /** The role of a token whose user belongs to no organisation. */
    public static final String OUTSIDER = "outsider";

    /** The roles a token file accepts: the Hub's org roles, and {@value #OUTSIDER} for a user in no org. */
    public static final Set<String> ROLES = Set.of("admin", "write", "contributor", "read", OUTSIDER);

    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private static final int MIN_TOKEN_LENGTH = 8;
    private static final Set<String> ENTRY_KEYS = Set.of("user", "org", "role");
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private TokenFile() {}

    /**
     * One row of the table.
     *
     * @param token the bearer token
     * @param user the Hub user name it proves
     * @param org the organisation the user belongs to
     * @param role the user's role there ({@link #ROLES}; {@value #OUTSIDER}: in no organisation)
     */
    public record Entry(String token, String user, String org, String role) {
        /** Validates the fields. */
        public Entry {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(org, "org");
            Objects.requireNonNull(role, "role");
            if (token.isBlank() || token.strip().length() < MIN_TOKEN_LENGTH || !token.equals(token.strip())) {
                throw new IllegalArgumentException("token of user '" + user + "' must be at least " + MIN_TOKEN_LENGTH
                        + " characters without surrounding blanks");
            }
            if (user.isBlank() || org.isBlank()) {
                throw new IllegalArgumentException("user and org must not be blank");
            }
            if (!USER.matcher(user).matches()) {
                throw new IllegalArgumentException("bad user name '" + user
                        + "': letters, digits, '_', '.', '-', starting with a letter or digit");
            }
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("role of user '" + user
                        + "' must be one of admin, write, contributor, read, outsider, but was '" + role + "'");
            }
        }

        @Override
        public String toString() {
            return "Entry[token=<hidden>, user=" + user + ", org=" + org + ", role=" + role + "]";
        }
    }

    /**
     * Reads a token file.
     *
     * @param file the YAML file
     * @param defaultOrg the organisation of entries without {@code org}; empty makes {@code org} required
     * @return the entries in file order; none for a {@code tokens:} key with nothing under it
     * @throws IllegalArgumentException naming the file and the offending entry when the content is invalid
     * @throws UncheckedIOException when the file cannot be read
     */
    public static List<Entry> read(Path file, Optional<String> defaultOrg) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token file " + file, e);
        }
        return parse(text, file.toString(), defaultOrg);
    }

    /**
     * Parses token-file text.
     *
     * @param yaml the YAML text
     * @param source how to name the text in errors (usually the file path)
     * @param defaultOrg the organisation of entries without {@code org}; empty makes {@code org} required
     * @return the entries in file order; none for a {@code tokens:} key with nothing under it
     * @throws IllegalArgumentException naming the source and the offending entry when the content is invalid
     */
    public static List<Entry> parse(String yaml, String source, Optional<String> defaultOrg) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(defaultOrg, "defaultOrg");
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            // The parser's own message may quote the line, i.e. a token: report the position only.
            String what = String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")
                    ? "a token appears twice"
                    : "not valid YAML";
            String at = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new IllegalArgumentException(source + ": " + what + at, null);
        }
        if (root == null || root.isMissingNode() || !root.isObject() || !root.has("tokens")) {
            throw new IllegalArgumentException(source + ": expected a mapping with the key 'tokens'");
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("tokens")) {
                throw new IllegalArgumentException(source + ": unknown key '" + key + "' (allowed: tokens)");
            }
        }
        JsonNode tokens = root.get("tokens");
        if (tokens.isNull() || tokens.isTextual() && tokens.asText().isEmpty()) {
            return List.of(); // "tokens:" with no entry under it: every token revoked
        }
        if (!tokens.isObject()) {
            throw new IllegalArgumentException(source + ": 'tokens' must map each token to {user, org, role}");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, Entry> byUser = new HashMap<>();
        int index = 0;
        for (Map.Entry<String, JsonNode> row : tokens.properties()) {
            index++;
            Entry entry = entry(row.getKey(), row.getValue(), source, index, defaultOrg);
            Entry previous = byUser.putIfAbsent(entry.user().toLowerCase(Locale.ROOT), entry);
            if (previous != null
                    && (!previous.org().equals(entry.org()) || !previous.role().equals(entry.role()))) {
                throw new IllegalArgumentException(source + ": user '" + entry.user()
                        + "' appears with different org or role (" + previous.org() + "/" + previous.role() + " and "
                        + entry.org() + "/" + entry.role() + "); give each user one org and role");
            }
            entries.add(entry);
        }
        return List.copyOf(entries);
    }

    private static Entry entry(String token, JsonNode value, String source, int index, Optional<String> defaultOrg) {
        String entryName = source + ": tokens entry " + index;
        if (!value.isObject()) {
            throw new IllegalArgumentException(entryName + " must be a mapping with user, org, role");
        }
        for (Iterator<String> keys = value.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!ENTRY_KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        entryName + ": unknown key '" + key + "' (allowed: user, org, role)");
            }
        }
        String user =
                text(value, "user").orElseThrow(() -> new IllegalArgumentException(entryName + ": 'user' is required"));
        String where = entryName + " (user '" + user + "')";
        String org = text(value, "org").or(() -> defaultOrg).orElse(null);
        if (org == null) {
            throw new IllegalArgumentException(where + ": 'org' is required");
        }
        String role = text(value, "role").orElse("write").toLowerCase(Locale.ROOT);
        try {
            return new Entry(token, user, org, role);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), null);
        }
    }

    private static Optional<String> text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        return Optional.of(v.asText().strip()).filter(s -> !s.isEmpty());
    }

    /**
     * Builds the identity provider of a table.
     *
     * @param entries the rows
     * @return a provider that knows exactly these tokens
     */
    public static StaticIdentityProvider provider(List<Entry> entries) {
        return addTo(StaticIdentityProvider.builder(), entries).build();
    }

    /**
     * Adds rows to a provider under construction (e.g. a demo cast plus a file of extra identities).
     *
     * @param builder the builder
     * @param entries the rows
     * @return the builder
     */
    public static StaticIdentityProvider.Builder addTo(StaticIdentityProvider.Builder builder, List<Entry> entries) {
        for (Entry e : entries) {
            if (e.role().equals(OUTSIDER)) {
                builder.outsider(e.token(), e.user());
            } else {
                builder.member(e.token(), e.user(), e.org(), e.role());
            }
        }
        return builder;
    }

    /**
     * A fresh bearer token for a token file: {@code tok_} and 128 random bits in hex.
     *
     * @param random the source of the bits (a {@link java.security.SecureRandom} outside tests)
     * @return the token
     */
    public static String newToken(RandomGenerator random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return "tok_" + HexFormat.of().formatHex(b);
    }

    /**
     * Renders a table in the file format (with a comment header), e.g. for {@code collab init}.
     *
     * @param entries the rows
     * @return YAML text that {@link #parse} reads back to the same rows
     */
    public static String render(List<Entry> entries) {
        Map<String, Object> tokens = new LinkedHashMap<>();
        for (Entry e : entries) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("user", e.user());
            row.put("org", e.org());
            row.put("role", e.role());
            tokens.put(e.token(), row);
        }
        try {
            return "# bearer token -> Hub user, organisation, role (keep this file private)\n"
                    + YAML.writeValueAsString(Map.of("tokens", tokens));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a token table", e);
        }
    }
}
