package dev.agentcollab.core.service.identity;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.api.identity.IdentityProvider;
import dev.agentcollab.core.bucket.hf.HfHubClient;
import dev.agentcollab.core.bucket.hf.HfOrgMember;
import dev.agentcollab.core.bucket.hf.HfOrgMembership;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Identity from the Hugging Face Hub (reference §6.3): tokens through {@link HfHubClient#whoami(String)}; roles
 * through the org-members API called with the client's own (admin) token, because OAuth whoami answers carry no
 * roles. A role lookup first asks for the member by e-mail when whoami gave one (a returned member whose name
 * matches is final, whatever its role), and otherwise, or when that finds nothing or fails, consults the full
 * member list, cached for the configured TTL. When the full list cannot be read either, the lookup fails with a
 * retryable code, which the broadcast gate turns into {@code ORGANIZER_CHECK_UNAVAILABLE}. Thread safe.
 */
public final class HubIdentityProvider implements IdentityProvider {
    private final HfHubClient hub;
    private final Duration ttl;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Members> members = new ConcurrentHashMap<>();

    private record Members(Map<String, Optional<String>> roles, Instant at) {}

    /**
     * Creates the provider.
     *
     * @param hub a Hub client holding a token that may read the organisation's members ({@code HF_TOKEN})
     * @param ttl how long the full member list is cached ({@code ORG_ROLES_TTL_S})
     * @param clock the time source of the cache
     */
    public HubIdentityProvider(HfHubClient hub, Duration ttl, InstantSource clock) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public HfIdentity whoami(String token) {
        dev.agentcollab.core.bucket.hf.HfIdentity id = hub.whoami(token);
        List<String> orgs = id.orgs().stream().map(HfOrgMembership::name).toList();
        return new HfIdentity(id.name(), orgs, id.email());
    }

    @Override
    public Optional<String> roleIn(String org, HfIdentity user) {
        if (user.email().isPresent()) {
            try {
                Optional<HfOrgMember> m = hub.orgMemberByEmail(org, user.email().get());
                if (m.isPresent() && m.get().user().equalsIgnoreCase(user.name())) {
                    return m.get().role().map(r -> r.toLowerCase(Locale.ROOT));
                }
            } catch (CollabException e) {
                // fall back to the full member list, as the reference does
            }
        }
        Optional<String> role = memberList(org).get(user.name().toLowerCase(Locale.ROOT));
        return role == null ? Optional.empty() : role;
    }

    private Map<String, Optional<String>> memberList(String org) {
        Instant now = clock.instant();
        Members cached = members.get(org);
        if (cached != null && now.isBefore(cached.at().plus(ttl))) {
            return cached.roles();
        }
        List<HfOrgMember> list;
        try {
            list = hub.orgMembers(org);
        } catch (CollabException e) {
            throw new CollabException(
                    ErrorCode.UNAVAILABLE,
                    "could not list the members of '" + org + "': " + e.getMessage(),
                    null,
                    null,
                    e);
        }
        Map<String, Optional<String>> roles = new HashMap<>();
        for (HfOrgMember m : list) {
            roles.put(m.user().toLowerCase(Locale.ROOT), m.role().map(r -> r.toLowerCase(Locale.ROOT)));
        }
        members.put(org, new Members(Map.copyOf(roles), now));
        return roles;
    }
}
