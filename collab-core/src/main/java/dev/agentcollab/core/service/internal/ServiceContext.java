package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.api.identity.IdentityProvider;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.identity.OrganizerGate;
import dev.agentcollab.core.service.identity.WriteAuth;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Everything a feature implementation shares within one service instance: configuration, the store, time and
 * randomness, the read model, rate limiters, dedup, the audit log and identity. Built once by
 * {@code CollabService}; thread safe.
 *
 * @param config the configuration
 * @param store the bucket store (central, audit and agent buckets)
 * @param clock the time source for stamps, TTLs and limiters
 * @param random the randomness source
 * @param reads the read model of the central bucket
 * @param agents registration lookups
 * @param audit the audit log
 * @param dedup promotion dedup
 * @param bucketWrites the bucket-write limiter, keyed by scratch-bucket name
 * @param rawMessages the raw-message limiter, keyed by agent id
 * @param registrations the registration limiter, keyed by agent id
 * @param identity the identity provider
 * @param organizers the organizer gate
 * @param filenames the stamped-filename allocator
 * @param idempotency the idempotency-key registry
 * @param commits the write path of every audited central write
 */
public record ServiceContext(
        CollabConfig config,
        BucketStore store,
        InstantSource clock,
        RandomGenerator random,
        ReadModel reads,
        AgentDirectory agents,
        AuditLog audit,
        PromotionDedup dedup,
        KeyedRateLimiter bucketWrites,
        KeyedRateLimiter rawMessages,
        KeyedRateLimiter registrations,
        IdentityProvider identity,
        OrganizerGate organizers,
        FilenameAllocator filenames,
        Idempotency idempotency,
        WriteCommit commits) {

    /** Checks for nulls. */
    public ServiceContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(reads, "reads");
        Objects.requireNonNull(agents, "agents");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(dedup, "dedup");
        Objects.requireNonNull(bucketWrites, "bucketWrites");
        Objects.requireNonNull(rawMessages, "rawMessages");
        Objects.requireNonNull(registrations, "registrations");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(organizers, "organizers");
        Objects.requireNonNull(filenames, "filenames");
        Objects.requireNonNull(idempotency, "idempotency");
        Objects.requireNonNull(commits, "commits");
    }

    /**
     * Builds the shared infrastructure from configuration.
     *
     * @param config the configuration
     * @param store the store
     * @param clock the time source
     * @param random the randomness source
     * @param identity the identity provider
     * @return the context
     */
    public static ServiceContext create(
            CollabConfig config,
            BucketStore store,
            InstantSource clock,
            RandomGenerator random,
            IdentityProvider identity) {
        ReadModel reads = new ReadModel(
                store,
                config.centralBucket(),
                clock,
                config.listingTtl(),
                config.contentCacheMaxBytes(),
                task -> Thread.ofVirtual().name("read-model-refresh").start(task));
        KeyedRateLimiter bucketWrites = new KeyedRateLimiter(
                "bucket-write",
                List.of(
                        new KeyedRateLimiter.Limit(config.bucketWriteBurst(), config.bucketWriteBurst()),
                        new KeyedRateLimiter.Limit(config.bucketWritePerMinute(), config.bucketWritePerMinute())),
                clock);
        KeyedRateLimiter raw = new KeyedRateLimiter(
                "raw-message",
                List.of(
                        new KeyedRateLimiter.Limit(config.rawMessagePerMinute(), config.rawMessagePerMinute()),
                        // the reference refills max(1, perHour // 60) a minute: 60 an hour for its default of 30
                        new KeyedRateLimiter.Limit(config.rawMessagePerHour(), config.rawMessagePerHour() / 60.0)),
                clock);
        KeyedRateLimiter registrations = new KeyedRateLimiter(
                "registration",
                List.of(new KeyedRateLimiter.Limit(config.registrationPerMinute(), config.registrationPerMinute())),
                clock);
        AuditLog audit = new AuditLog(store, config.auditBucket(), clock);
        Idempotency idempotency = new Idempotency(reads, clock);
        return new ServiceContext(
                config,
                store,
                clock,
                random,
                reads,
                new AgentDirectory(reads),
                audit,
                new PromotionDedup(config.dedupLruSize(), reads::read, reads::exists),
                bucketWrites,
                raw,
                registrations,
                identity,
                new OrganizerGate(identity, config.org(), config.orgRolesTtl(), clock),
                new FilenameAllocator(reads),
                idempotency,
                new WriteCommit(reads, audit, idempotency, clock, random));
    }

    /**
     * The current instant.
     *
     * @return {@code clock.instant()}
     */
    public Instant now() {
        return clock.instant();
    }

    /**
     * Verifies the caller's bearer token. A token the identity provider rejects (401, or another client error such
     * as a 403) is {@code UNAUTHORIZED}; a token that could not be checked right now (the Hub throttled whoami,
     * failed or was unreachable) is never reported as invalid: that is a retryable {@code UNAVAILABLE} (503) with the
     * Hub's {@code Retry-After}, or {@link #identityRetry()} when it gave none.
     *
     * @param caller the call context
     * @param hint the hint for a missing token
     * @return the verified identity
     * @throws CollabException {@code UNAUTHORIZED} when the token is missing or rejected; {@code UNAVAILABLE} when
     *     it could not be verified for now
     */
    public HfIdentity whoami(CallContext caller, String hint) {
        String token = caller.bearer()
                .orElseThrow(() ->
                        CollabException.of(ErrorCode.UNAUTHORIZED, "missing Authorization: Bearer <hf_token>", hint));
        try {
            return identity.whoami(token);
        } catch (CollabException e) {
            if (e.code() == ErrorCode.UNAUTHORIZED) {
                throw e;
            }
            if (!e.retryable() && e.code().httpStatus() / 100 == 4) {
                throw new CollabException(
                        ErrorCode.UNAUTHORIZED,
                        "the identity service refused to describe this token (" + e.code() + ": " + e.getMessage()
                                + ")",
                        hint,
                        null,
                        e);
            }
            throw new CollabException(
                    ErrorCode.UNAVAILABLE,
                    "could not verify the token right now (" + e.code() + ": " + e.getMessage()
                            + "); the token was not rejected",
                    "retry after the delay in Retry-After; keep your token",
                    e.retryAfter().orElse(identityRetry()),
                    e);
        }
    }

    /**
     * Verifies that the caller is an organizer: a member of the collaboration's org whose role there is
     * {@code admin}.
     *
     * @param caller the call context
     * @param hint the hint for a missing token
     * @return the organizer's verified identity
     * @throws CollabException as {@link #whoami}; {@code NOT_ORGANIZER} for a non-member or a member who is not an
     *     admin; {@code ORGANIZER_CHECK_UNAVAILABLE} when the role could not be looked up
     */
    public HfIdentity requireOrganizer(CallContext caller, String hint) {
        HfIdentity user = whoami(caller, hint);
        if (!user.memberOf(config.org())) {
            throw CollabException.of(
                    ErrorCode.NOT_ORGANIZER,
                    userNoun() + " '" + user.name() + "' is not a member of '" + config.org() + "'");
        }
        organizers.requireOrganizer(user);
        return user;
    }

    /**
     * What messages call a user: {@code "hf user"} on the Hub, {@code "user"} with a token file.
     *
     * @return the identity provider's {@link IdentityProvider#userNoun()}
     */
    public String userNoun() {
        return identity.userNoun();
    }

    /**
     * The retry delay given when the identity service failed without saying how long to wait.
     *
     * @return 5 seconds
     */
    public static Duration identityRetry() {
        return Duration.ofSeconds(5);
    }

    /**
     * Checks that the caller may write on behalf of an agent: the agent must be registered, and under
     * {@link WriteAuth#OWNER} the caller's bearer token must belong to the Hub user who registered it. Every write
     * attributed to an agent (raw or bucket source) runs this before its rate limiter.
     *
     * @param agentId a validated agent id
     * @param caller the call context
     * @throws CollabException {@code NOT_REGISTERED}; under {@code owner} also {@code UNAUTHORIZED} (no or a
     *     rejected token) and {@code IDENTITY_MISMATCH} (another user's token)
     */
    public void requireAgentWriter(String agentId, CallContext caller) {
        agents.requireRegistered(agentId);
        if (config.writeAuth() == WriteAuth.OPEN) {
            return;
        }
        String hint = "this collaboration requires the bearer token of the " + userNoun() + " who registered '"
                + agentId + "' on every write in its name";
        HfIdentity user = whoami(caller, hint);
        String owner =
                agents.registration(agentId).map(d -> d.doc().text("hf_user")).orElse("");
        if (!user.name().equals(owner)) {
            throw CollabException.of(
                    ErrorCode.IDENTITY_MISMATCH,
                    "agent '" + agentId + "' is registered to another " + userNoun() + ", not caller '" + user.name()
                            + "'",
                    "write only in the name of agents you registered");
        }
    }

    /**
     * Takes a bucket-write token for an agent's scratch bucket.
     *
     * @param agentId the agent
     * @throws CollabException {@code RATE_LIMITED}
     */
    public void limitBucketWrite(String agentId) {
        bucketWrites.acquire(config.agentBucketName(agentId));
    }

    /**
     * Gives back the bucket-write token {@link #limitBucketWrite} took for an agent, for a write refused by a check
     * that follows the limiter and is not the reference's ({@link KeyedRateLimiter#release}).
     *
     * @param agentId the author whose scratch bucket was charged
     */
    public void releaseBucketWrite(String agentId) {
        bucketWrites.release(config.agentBucketName(agentId));
    }

    /**
     * A retry delay long enough to be honoured by clients for an unavailable dependency.
     *
     * @return 30 seconds
     */
    public static Duration dependencyRetry() {
        return Duration.ofSeconds(30);
    }
}
