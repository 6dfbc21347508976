package dev.agentcollab.hf.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * One organisation of an {@link HfIdentity}.
 *
 * @param name the organisation name
 * @param role the member's role ({@code roleInOrg} on the wire), when reported
 */
public record HfOrgMembership(String name, Optional<String> role) {
    /** Validates the fields. */
    public HfOrgMembership {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (name.isBlank()) {
            throw new IllegalArgumentException("org name must not be blank");
        }
    }
}
