package dev.agentcollab.hf.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * One member of an organisation, from {@code GET /api/organizations/{org}/members}.
 *
 * @param user the member's user name
 * @param role its role ({@code admin}, {@code write}, {@code contributor}, {@code read}) when reported
 */
public record HfOrgMember(String user, Optional<String> role) {
    /** Validates the fields. */
    public HfOrgMember {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        if (user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
    }
}
