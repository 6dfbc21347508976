package dev.agentcollab.core.bucket.resilience;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketInfo;
import dev.agentcollab.api.bucket.BucketListing;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.ListRequest;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A decorator that adds retries and a circuit breaker (resilience4j) to any {@link BucketStore}.
 *
 * <p>Only failures that say so are retried: a {@link CollabException} whose {@link CollabException#retryable()}
 * is {@code true} (unavailable, timeout, rate limited, upstream error). Waits grow exponentially with random
 * spread ({@link Backoff}) and are never shorter than a failure's {@code Retry-After}; a failure asking for a
 * longer wait than {@link ResilienceConfig#maxRetryAfter()} is returned at once. Validation errors, missing
 * buckets and conflicts are returned at once and do not count against the circuit.
 *
 * <p>The circuit opens when transient failures reach the configured rate; while open, calls fail at once with
 * {@code UNAVAILABLE} (with {@code Retry-After} set to the open duration) without reaching the store, and they
 * are not retried. Every operation of the contract is idempotent (puts and deletes of whole files, copies by
 * content), so retrying a batch whose outcome was lost in transit is safe. Thread safe.
 */
public final class ResilientBucketStore extends ForwardingBucketStore {
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final ResilienceConfig config;

    private ResilientBucketStore(BucketStore delegate, ResilienceConfig config, Clock clock, RandomGenerator random) {
        super(delegate);
        this.config = Objects.requireNonNull(config, "config");
        Backoff backoff = new Backoff(config, random);
        RetryConfig retryConfig = RetryConfig.custom()
                .maxAttempts(config.maxAttempts())
                .intervalBiFunction((attempt, outcome) -> outcome.isLeft()
                        ? backoff.delay(attempt, outcome.getLeft()).toMillis()
                        : 0L)
                .retryOnException(e -> !circuitOpen(e) && backoff.shouldRetry(e))
                .failAfterMaxAttempts(false)
                .build();
        CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.custom()
                .failureRateThreshold(config.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.slidingWindowSize())
                .minimumNumberOfCalls(config.minimumCalls())
                .waitDurationInOpenState(config.openDuration())
                .recordException(e -> e instanceof CollabException c && c.retryable())
                .clock(Objects.requireNonNull(clock, "clock"))
                .build();
        String name = "bucket-store-" + delegate.scheme();
        this.retry = Retry.of(name, retryConfig);
        this.breaker = CircuitBreaker.of(name, breakerConfig);
    }

    /**
     * Wraps a store with {@link ResilienceConfig#ofDefaults()}, the system clock and a seeded-at-random generator.
     *
     * @param delegate the store
     * @return the decorated store
     */
    public static ResilientBucketStore wrap(BucketStore delegate) {
        return wrap(delegate, ResilienceConfig.ofDefaults(), Clock.systemUTC(), new SplittableRandom());
    }

    /**
     * Wraps a store.
     *
     * @param delegate the store
     * @param config retry and circuit settings
     * @param clock the circuit breaker's clock (a test clock makes the open period deterministic)
     * @param random the source of backoff jitter
     * @return the decorated store
     */
    public static ResilientBucketStore wrap(
            BucketStore delegate, ResilienceConfig config, Clock clock, RandomGenerator random) {
        return new ResilientBucketStore(delegate, config, clock, random);
    }

    /**
     * The circuit's state, for health checks and tests.
     *
     * @return {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN} (or another resilience4j state)
     */
    public CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    @Override
    public Optional<BucketInfo> info(BucketId bucket) {
        return call(() -> super.info(bucket));
    }

    @Override
    public BucketInfo create(BucketId bucket, boolean existOk) {
        return call(() -> super.create(bucket, existOk));
    }

    @Override
    public BucketListing list(BucketId bucket, ListRequest request) {
        return call(() -> super.list(bucket, request));
    }

    @Override
    public Optional<byte[]> read(BucketId bucket, BucketPath path) {
        return call(() -> super.read(bucket, path));
    }

    @Override
    public void apply(BucketId bucket, List<? extends BatchOp> ops) {
        List<BatchOp> copy = List.copyOf(ops);
        call(() -> {
            super.apply(bucket, copy);
            return null;
        });
    }

    private <T> T call(Supplier<T> operation) {
        Supplier<T> guarded = () -> {
            try {
                return breaker.executeSupplier(operation);
            } catch (CallNotPermittedException e) {
                throw new CollabException(
                        ErrorCode.UNAVAILABLE,
                        "the " + scheme() + " bucket store failed repeatedly; calls are paused (circuit open)",
                        "retry after the pause",
                        config.openDuration(),
                        e);
            }
        };
        return Retry.decorateSupplier(retry, guarded).get();
    }

    private static boolean circuitOpen(Throwable e) {
        return e instanceof CollabException && e.getCause() instanceof CallNotPermittedException;
    }
}
