package dev.agentcollab.app.serve;

import java.util.Locale;

/**
 * Who may use the tokenless write routes (raw messages, raw taskforce notes and the like), key
 * {@code auth_policy}. The HTTP layer enforces it; {@code collab serve} hands the parsed value to the server
 * ({@link ServeConfig#authPolicy()}).
 */
public enum AuthPolicy {
    /** The reference's behaviour: anyone who can reach the server may post as any registered agent. */
    OPEN,
    /** A bearer token whose Hub user registered the agent is required ({@code collab init} writes this). */
    OWNER;

    /**
     * The value as written in the configuration file.
     *
     * @return {@code open} or {@code owner}
     */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a configuration value.
     *
     * @param value {@code open} or {@code owner}
     * @return the policy
     * @throws IllegalArgumentException for another value
     */
    public static AuthPolicy parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "open" -> OPEN;
            case "owner" -> OWNER;
            default -> throw new IllegalArgumentException("auth_policy must be open or owner, but was " + value);
        };
    }
}
