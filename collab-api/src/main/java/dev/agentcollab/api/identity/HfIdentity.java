package dev.agentcollab.api.identity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A verified Hugging Face identity, as answered by {@code whoami} for a bearer token.
 *
 * @param name the HF username (case kept as the Hub spells it)
 * @param orgs the names of the organisations the user belongs to
 * @param email the user's e-mail when the token may read it
 */
public record HfIdentity(String name, List<String> orgs, Optional<String> email) {
    /** Validates the fields. */
    public HfIdentity {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        orgs = List.copyOf(orgs);
        Objects.requireNonNull(email, "email");
    }

    /**
     * Whether the user belongs to an organisation.
     *
     * @param org the organisation name
     * @return {@code true} when {@code org} is among {@link #orgs()}
     */
    public boolean memberOf(String org) {
        return orgs.contains(org);
    }

    /**
     * The user's human handle on the board: {@code human-} plus the lowercased username.
     *
     * @return the handle
     */
    public String handle() {
        return "human-" + name.toLowerCase(java.util.Locale.ROOT);
    }
}
