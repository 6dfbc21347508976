package dev.agentcollab.core.service.identity;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.api.identity.IdentityProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A fixed token table: the embedded default (no Hub needed) and the test double. Each token maps to an identity
 * and, per organisation, a role. Immutable and thread safe.
 */
public final class StaticIdentityProvider implements IdentityProvider {
    private final Map<String, Entry> byToken;

    /**
     * One table row.
     *
     * @param identity the identity the token proves
     * @param roles roles by organisation ({@code admin}, {@code write}, ...)
     */
    public record Entry(HfIdentity identity, Map<String, String> roles) {
        /** Copies the roles. */
        public Entry {
            Objects.requireNonNull(identity, "identity");
            roles = Map.copyOf(roles);
        }
    }

    private StaticIdentityProvider(Map<String, Entry> byToken) {
        this.byToken = Map.copyOf(byToken);
    }

    /**
     * Starts a table.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public HfIdentity whoami(String token) {
        Entry e = byToken.get(token);
        if (e == null) {
            // the deployment's own token table, not the Hub: the organizers hand these tokens out
            throw CollabException.of(
                    ErrorCode.UNAUTHORIZED,
                    "invalid or expired token",
                    "check the bearer token the organizers gave you (this deployment does not take Hub tokens)");
        }
        return e.identity();
    }

    /** Its users are a token file's names, not Hub accounts: messages call them "user". */
    @Override
    public String userNoun() {
        return "user";
    }

    @Override
    public Optional<String> roleIn(String org, HfIdentity user) {
        for (Entry e : byToken.values()) {
            if (e.identity().name().equalsIgnoreCase(user.name())) {
                return Optional.ofNullable(e.roles().get(org));
            }
        }
        return Optional.empty();
    }

    /** Builds a {@link StaticIdentityProvider}; not thread safe. */
    public static final class Builder {
        private final Map<String, Entry> rows = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Adds a user who belongs to an organisation with a role.
         *
         * @param token the bearer token
         * @param hfUser the username
         * @param org the organisation
         * @param role the role in it ({@code admin}, {@code write}, {@code read})
         * @return this builder
         */
        public Builder member(String token, String hfUser, String org, String role) {
            return add(
                    token,
                    new Entry(
                            new HfIdentity(hfUser, List.of(org), Optional.empty()),
                            Map.of(org, role.toLowerCase(Locale.ROOT))));
        }

        /**
         * Adds a user who belongs to no organisation.
         *
         * @param token the bearer token
         * @param hfUser the username
         * @return this builder
         */
        public Builder outsider(String token, String hfUser) {
            return add(token, new Entry(new HfIdentity(hfUser, List.of(), Optional.empty()), Map.of()));
        }

        /**
         * Adds a row.
         *
         * @param token the bearer token
         * @param entry the identity and roles
         * @return this builder
         */
        public Builder add(String token, Entry entry) {
            Objects.requireNonNull(token, "token");
            if (token.isBlank()) {
                throw new IllegalArgumentException("token must not be blank");
            }
            rows.put(token, Objects.requireNonNull(entry, "entry"));
            return this;
        }

        /**
         * Builds the table.
         *
         * @return the provider
         */
        public StaticIdentityProvider build() {
            return new StaticIdentityProvider(rows);
        }
    }
}
