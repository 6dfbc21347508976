package dev.agentcollab.core.bucket.resilience;

import dev.agentcollab.api.error.CollabException;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The wait before a retry: exponential, randomized with an injected {@link RandomGenerator}, capped, and never
 * shorter than the {@code Retry-After} a failure announces. Thread safe when the generator is (the default store
 * wiring synchronises on it).
 */
public final class Backoff {
    private final ResilienceConfig config;
    private final RandomGenerator random;

    /**
     * Creates the policy.
     *
     * @param config the settings
     * @param random the source of jitter
     */
    public Backoff(ResilienceConfig config, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * The wait before retry number {@code attempt}.
     *
     * @param attempt 1 for the wait after the first failed call
     * @param failure the failure that is retried
     * @return the wait
     */
    public Duration delay(int attempt, Throwable failure) {
        double base =
                config.initialBackoff().toNanos() * Math.pow(config.backoffMultiplier(), Math.max(0, attempt - 1));
        double capped = Math.min(base, config.maxBackoff().toNanos());
        double spread = config.randomizationFactor() * capped;
        double jittered;
        synchronized (random) {
            jittered = capped - spread + random.nextDouble() * 2 * spread;
        }
        Duration computed = Duration.ofNanos(Math.max(0, (long) jittered));
        if (failure instanceof CollabException c && c.retryAfter().isPresent()) {
            Duration asked = c.retryAfter().get();
            return asked.compareTo(computed) > 0 ? asked : computed;
        }
        return computed;
    }

    /**
     * Whether a failure should be retried: it must be a retryable {@link CollabException} whose announced
     * {@code Retry-After}, if any, is within {@link ResilienceConfig#maxRetryAfter()}.
     *
     * @param failure the failure
     * @return {@code true} to retry
     */
    public boolean shouldRetry(Throwable failure) {
        return failure instanceof CollabException c
                && c.retryable()
                && c.retryAfter()
                        .map(d -> d.compareTo(config.maxRetryAfter()) <= 0)
                        .orElse(true);
    }
}
