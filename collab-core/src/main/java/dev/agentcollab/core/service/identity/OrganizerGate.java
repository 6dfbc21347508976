package dev.agentcollab.core.service.identity;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.api.identity.IdentityProvider;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The organizer (broadcast) gate (§6.3): an organizer is a member of the organisation whose role is exactly
 * {@code admin}. Roles are cached per user for {@code ORG_ROLES_TTL_S} (misses too); a failed lookup is never
 * cached. Thread safe.
 */
public final class OrganizerGate {
    private final IdentityProvider identity;
    private final String org;
    private final Duration ttl;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<String> role, Instant at) {}

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
                    "could not verify organizer role; retry later",
                    null,
                    Duration.ofSeconds(30),
                    e);
        }
        if (!role.map(r -> r.equals("admin")).orElse(false)) {
            throw CollabException.of(
                    ErrorCode.NOT_ORGANIZER, "hf user '" + user.name() + "' is not an admin of '" + org + "'");
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
        String key = user.name().toLowerCase(Locale.ROOT) + "|" + user.email().orElse("");
        Instant now = clock.instant();
        Cached hit = cache.get(key);
        if (hit != null && now.isBefore(hit.at().plus(ttl))) {
            return hit.role();
        }
        Optional<String> role = identity.roleIn(org, user).map(r -> r.toLowerCase(Locale.ROOT));
        cache.put(key, new Cached(role, now));
        return role;
    }
}
