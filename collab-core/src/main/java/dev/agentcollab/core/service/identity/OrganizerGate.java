package dev.agentcollab.core.service.identity;

import com.github.benmanes.caffeine.cache.Cache;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.api.identity.IdentityProvider;
import dev.agentcollab.core.service.internal.Caches;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The organizer (broadcast) gate (§6.3): an organizer is a member of the organisation whose role is exactly
 * {@code admin}. Roles are cached per user for {@code ORG_ROLES_TTL_S} (misses too, at most 10 000 users) unless the
 * provider {@linkplain IdentityProvider#cachesRoles() caches them itself}, so a role is never cached twice and a
 * demoted admin loses the right to broadcast within one TTL; a failed lookup is never cached. Thread safe.
 */
public final class OrganizerGate {
    private static final int MAX_USERS = 10_000;
    private final IdentityProvider identity;
    private final String org;
    private final Duration ttl;
    private final InstantSource clock;
    /** Null when the provider caches roles itself. */
    private final Cache<String, Optional<String>> cache;

    /**
     * Creates the gate.
     *
     * @param identity the role source
     * @param org the organisation
     * @param ttl how long a role is cached
     * @param clock the time source
     */
    public OrganizerGate(IdentityProvider identity, String org, Duration ttl, InstantSource clock) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.org = Objects.requireNonNull(org, "org");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cache = identity.cachesRoles() ? null : Caches.expiring(MAX_USERS, ttl, clock);
    }

    /**
     * Fails unless the user is an organizer.
     *
     * @param user the verified user
     * @throws CollabException {@code ORGANIZER_CHECK_UNAVAILABLE} (retry after 30 s) when the lookup failed,
     *     {@code NOT_ORGANIZER} when the role is not {@code admin}
     */
    public void requireOrganizer(HfIdentity user) {
        Optional<String> role;
        try {
            role = role(user);
        } catch (CollabException e) {
            throw new CollabException(
                    ErrorCode.ORGANIZER_CHECK_UNAVAILABLE,
                    "could not verify organizer role; retry later (" + e.getMessage() + ")",
                    null,
                    Duration.ofSeconds(30),
                    e);
        }
        if (!role.map(r -> r.equals("admin")).orElse(false)) {
            throw CollabException.of(
                    ErrorCode.NOT_ORGANIZER,
                    identity.userNoun() + " '" + user.name() + "' is not an admin of '" + org + "'");
        }
    }

    /**
     * Whether the user is an organizer; a failed lookup reads as {@code false}.
     *
     * @param user the verified user
     * @return {@code true} for a member whose role is {@code admin}
     */
    public boolean isOrganizer(HfIdentity user) {
        if (!user.memberOf(org)) {
            return false;
        }
        try {
            return role(user).map(r -> r.equals("admin")).orElse(false);
        } catch (CollabException e) {
            return false;
        }
    }

    private Optional<String> role(HfIdentity user) {
        if (cache == null) {
            return identity.roleIn(org, user).map(r -> r.toLowerCase(Locale.ROOT));
        }
        String key = user.name().toLowerCase(Locale.ROOT) + "|" + user.email().orElse("");
        Optional<String> hit = cache.getIfPresent(key);
        if (hit != null) {
            return hit;
        }
        Optional<String> role = identity.roleIn(org, user).map(r -> r.toLowerCase(Locale.ROOT));
        cache.put(key, role);
        return role;
    }
}
