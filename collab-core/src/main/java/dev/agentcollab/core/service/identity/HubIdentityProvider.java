package dev.agentcollab.core.service.identity;

import com.github.benmanes.caffeine.cache.Cache;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.api.identity.IdentityProvider;
import dev.agentcollab.core.bucket.hf.HfErrors;
import dev.agentcollab.core.service.internal.Caches;
import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.hf.HfHubException;
import dev.agentcollab.hf.identity.HfOrgMember;
import dev.agentcollab.hf.identity.HfOrgMembership;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Identity from the Hugging Face Hub (reference §6.3).
 *
 * <p><b>Tokens</b> go through {@link HfHubClient#whoami(String)}, which the Hub rate-limits on purpose. Answers are
 * cached per token (keyed by the token's SHA-256, never the token itself) for {@link Builder#identityTtl} (default
 * 60 s), at most {@link Builder#identityCacheSize} tokens; concurrent first calls with one token share a single
 * whoami; a 401 is never cached and drops the token's entry. A
 * token of an organisation ({@code type: org}) or of an app ({@code type: app}) is refused: only a user may act
 * here. Failures other than 401 (429, 5xx, network) are passed on unchanged with their {@code Retry-After}; the
 * service answers them as retryable, never as a bad token.
 *
 * <p><b>Roles</b>: when whoami reported the caller's {@code roleInOrg} for a token granted the
 * {@code read-memberships} scope (an OAuth token), that role is used. Otherwise the lookup first asks for the member
 * by e-mail when whoami gave one (a returned member whose name matches and that carries a role is final), then
 * consults the full member list read with the client's own (admin) token. Lists, e-mail answers and reported roles
 * are cached for {@link Builder#orgRolesTtl} ({@code ORG_ROLES_TTL_S}), bounded in size; this provider
 * {@link #cachesRoles() caches roles itself}, so the broadcast gate adds no second cache and a demoted admin loses
 * organizer rights within one TTL. When the full list cannot be read, the lookup fails with a retryable code, which
 * the broadcast gate turns into {@code ORGANIZER_CHECK_UNAVAILABLE}. Thread safe.
 */
public final class HubIdentityProvider implements IdentityProvider {
    private static final String READ_MEMBERSHIPS = "read-memberships";

    private final HfHubClient hub;
    private final Cache<String, Resolved> identities;
    private final ConcurrentHashMap<String, CompletableFuture<Resolved>> inFlight = new ConcurrentHashMap<>();
    private final Cache<String, Map<String, String>> reportedRoles;
    private final Cache<String, Optional<HfOrgMember>> byEmail;
    private final Cache<String, Map<String, Optional<String>>> members;

    private record Resolved(HfIdentity identity, Map<String, String> roles) {}

    /**
     * Creates the provider with the default identity cache.
     *
     * @param hub a Hub client holding a token that may read the organisation's members ({@code HF_TOKEN})
     * @param ttl how long roles and member lists are cached ({@code ORG_ROLES_TTL_S})
     * @param clock the time source of the caches
     */
    public HubIdentityProvider(HfHubClient hub, Duration ttl, InstantSource clock) {
        this(builder(hub).orgRolesTtl(ttl).clock(clock));
    }

    private HubIdentityProvider(Builder b) {
        this.hub = b.hub;
        this.identities = Caches.expiring(b.identityCacheSize, b.identityTtl, b.clock);
        this.reportedRoles = Caches.expiring(b.identityCacheSize, b.orgRolesTtl, b.clock);
        this.byEmail = Caches.expiring(b.identityCacheSize, b.orgRolesTtl, b.clock);
        this.members = Caches.expiring(16, b.orgRolesTtl, b.clock);
    }

    /**
     * Starts building a provider.
     *
     * @param hub a Hub client holding a token that may read the organisation's members
     * @return a builder with a 60 s identity cache of 10 000 tokens, a 300 s role TTL and the system clock
     */
    public static Builder builder(HfHubClient hub) {
        return new Builder(hub);
    }

    @Override
    public HfIdentity whoami(String token) {
        Objects.requireNonNull(token, "token");
        String key = Caches.digest(token);
        Resolved hit = identities.getIfPresent(key);
        if (hit != null) {
            return hit.identity();
        }
        CompletableFuture<Resolved> mine = new CompletableFuture<>();
        CompletableFuture<Resolved> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return await(running).identity(); // one whoami per token at a time: a burst costs one call
        }
        try {
            Resolved again = identities.getIfPresent(key); // a call that just finished cached it before leaving
            Resolved resolved = again != null ? again : resolve(token, key);
            mine.complete(resolved);
            return resolved.identity();
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private Resolved resolve(String token, String key) {
        dev.agentcollab.hf.identity.HfIdentity id;
        try {
            id = hub.whoami(token);
        } catch (HfHubException e) {
            CollabException failure = HfErrors.toCollab(e);
            if (failure.code() == ErrorCode.UNAUTHORIZED) {
                identities.invalidate(key);
            }
            throw failure;
        }
        requireUser(id);
        List<String> orgs = id.orgs().stream().map(HfOrgMembership::name).toList();
        Map<String, String> roles = new HashMap<>();
        if (id.hasPermission(READ_MEMBERSHIPS)) {
            id.orgs().forEach(o -> o.role().ifPresent(r -> roles.put(o.name(), r.toLowerCase(Locale.ROOT))));
        }
        Resolved resolved = new Resolved(new HfIdentity(id.name(), orgs, id.email()), Map.copyOf(roles));
        identities.put(key, resolved);
        if (!roles.isEmpty()) {
            reportedRoles.put(id.name().toLowerCase(Locale.ROOT), resolved.roles());
        }
        return resolved;
    }

    private static Resolved await(CompletableFuture<Resolved> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Forgets a token's cached identity, e.g. after the user signed out.
     *
     * @param token the token
     */
    public void invalidate(String token) {
        identities.invalidate(Caches.digest(Objects.requireNonNull(token, "token")));
    }

    private static void requireUser(dev.agentcollab.hf.identity.HfIdentity id) {
        String type = id.type().toLowerCase(Locale.ROOT);
        if (type.equals("org")) {
            throw CollabException.of(
                    ErrorCode.UNAUTHORIZED,
                    "the token belongs to the organisation '" + id.name() + "', not to a user",
                    "use a user access token (or sign in with Hugging Face)");
        }
        if (type.equals("app")) {
            throw CollabException.of(
                    ErrorCode.UNAUTHORIZED,
                    "the token belongs to the app '" + id.name() + "', not to a user",
                    "use a user access token, or an app token that acts as a user");
        }
    }

    @Override
    public Optional<String> roleIn(String org, HfIdentity user) {
        String name = user.name().toLowerCase(Locale.ROOT);
        Map<String, String> reported = reportedRoles.getIfPresent(name);
        if (reported != null && reported.containsKey(org)) {
            return Optional.of(reported.get(org));
        }
        if (user.email().isPresent()) {
            Optional<HfOrgMember> m = memberByEmail(org, user.email().get());
            if (m.isPresent()
                    && m.get().user().equalsIgnoreCase(user.name())
                    && m.get().role().isPresent()) {
                return m.get().role().map(r -> r.toLowerCase(Locale.ROOT));
            }
        }
        Optional<String> role = memberList(org).get(name);
        return role == null ? Optional.empty() : role;
    }

    /** Roles, member lists and e-mail answers are cached here for one TTL. */
    @Override
    public boolean cachesRoles() {
        return true;
    }

    private Optional<HfOrgMember> memberByEmail(String org, String email) {
        String key = org + "\n" + email.toLowerCase(Locale.ROOT);
        Optional<HfOrgMember> hit = byEmail.getIfPresent(key);
        if (hit != null) {
            return hit;
        }
        try {
            Optional<HfOrgMember> found = hub.orgMemberByEmail(org, email);
            byEmail.put(key, found);
            return found;
        } catch (HfHubException e) {
            return Optional.empty(); // fall back to the full member list, as the reference does
        }
    }

    private Map<String, Optional<String>> memberList(String org) {
        Map<String, Optional<String>> cached = members.getIfPresent(org);
        if (cached != null) {
            return cached;
        }
        List<HfOrgMember> list;
        try {
            list = hub.orgMembers(org);
        } catch (HfHubException e) {
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
        Map<String, Optional<String>> copy = Map.copyOf(roles);
        members.put(org, copy);
        return copy;
    }

    /** Builds a {@link HubIdentityProvider}; obtain one with {@link HubIdentityProvider#builder}. Not thread safe. */
    public static final class Builder {
        private final HfHubClient hub;
        private Duration identityTtl = Duration.ofSeconds(60);
        private long identityCacheSize = 10_000;
        private Duration orgRolesTtl = Duration.ofSeconds(300);
        private InstantSource clock = InstantSource.system();

        private Builder(HfHubClient hub) {
            this.hub = Objects.requireNonNull(hub, "hub");
        }

        /**
         * How long a token's identity is cached; {@link Duration#ZERO} disables it.
         * A revoked token keeps working for at most this long.
         *
         * @param ttl zero or positive
         * @return this builder
         */
        public Builder identityTtl(Duration ttl) {
            this.identityTtl = nonNegative(ttl, "identityTtl");
            return this;
        }

        /**
         * How many tokens the identity cache holds at most; the least recently used
         * go first.
         *
         * @param size zero or positive
         * @return this builder
         */
        public Builder identityCacheSize(long size) {
            if (size < 0) {
                throw new IllegalArgumentException("identityCacheSize must be >= 0, but was " + size);
            }
            this.identityCacheSize = size;
            return this;
        }

        /**
         * How long roles and member lists are cached ({@code ORG_ROLES_TTL_S}).
         *
         * @param ttl zero or positive
         * @return this builder
         */
        public Builder orgRolesTtl(Duration ttl) {
            this.orgRolesTtl = nonNegative(ttl, "orgRolesTtl");
            return this;
        }

        /**
         * The time source of every cache.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @return the provider
         */
        public HubIdentityProvider build() {
            return new HubIdentityProvider(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, but was " + d);
            }
            return d;
        }
    }
}
