package dev.agentcollab.hf.identity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a Hub token belongs to, as answered by {@code GET /api/whoami-v2}.
 *
 * @param name the user (or org/app) name, e.g. {@code julien-c}; never blank
 * @param type {@code user}, {@code org} or {@code app}
 * @param orgs the organisations the user belongs to, with the role where the Hub reports one
 * @param email the user's email when the token may read it
 * @param authType the kind of token ({@code auth.type}: {@code access_token}, {@code app_token},
 *     {@code app_token_as_user}), empty when the Hub did not say
 * @param permissions the scopes the Hub lists for the token ({@code auth.permissions}), e.g. {@code
 *     read-memberships} for an OAuth token granted that scope; empty when not reported
 */
public record HfIdentity(
        String name,
        String type,
        List<HfOrgMembership> orgs,
        Optional<String> email,
        Optional<String> authType,
        List<String> permissions) {
    /** Validates the fields and copies the lists. */
    public HfIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(authType, "authType");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        orgs = List.copyOf(orgs);
        permissions = List.copyOf(permissions);
    }

    /**
     * An identity without token details.
     *
     * @param name the user (or org/app) name
     * @param type {@code user}, {@code org} or {@code app}
     * @param orgs the organisations
     * @param email the email, when readable
     */
    public HfIdentity(String name, String type, List<HfOrgMembership> orgs, Optional<String> email) {
        this(name, type, orgs, email, Optional.empty(), List.of());
    }

    /**
     * Whether the token was granted a scope ({@link #permissions()}).
     *
     * @param scope e.g. {@code read-memberships}
     * @return {@code true} when listed
     */
    public boolean hasPermission(String scope) {
        return permissions.contains(scope);
    }

    /**
     * Whether the identity belongs to an organisation.
     *
     * @param org the organisation name (exact, as the Hub spells it)
     * @return {@code true} when it is among {@link #orgs()}
     */
    public boolean isMemberOf(String org) {
        return orgs.stream().anyMatch(o -> o.name().equals(org));
    }

    /**
     * The identity's role in an organisation.
     *
     * @param org the organisation name
     * @return the role ({@code admin}, {@code write}, {@code contributor}, {@code read}), or empty when not a
     *     member or when the Hub did not report it (OAuth tokens omit roles)
     */
    public Optional<String> roleIn(String org) {
        return orgs.stream().filter(o -> o.name().equals(org)).findFirst().flatMap(HfOrgMembership::role);
    }
}
