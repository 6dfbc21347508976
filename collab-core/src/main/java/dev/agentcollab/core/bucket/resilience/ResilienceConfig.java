package dev.agentcollab.core.bucket.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of {@link ResilientBucketStore}.
 *
 * @param maxAttempts calls per operation including the first, at least 1
 * @param initialBackoff the wait before the first retry, positive
 * @param backoffMultiplier how much each further wait grows, at least 1
 * @param randomizationFactor the spread of each wait, from 0 (none) to 1 (anything between 0 and twice the wait)
 * @param maxBackoff the longest computed wait
 * @param maxRetryAfter the longest {@code Retry-After} that is honoured; a failure asking for a longer wait is
 *     not retried but returned to the caller, who can schedule the work later
 * @param failureRateThreshold the percentage of transient failures in the window that opens the circuit, 1 to 100
 * @param slidingWindowSize how many recent calls the failure rate is computed over, at least 1
 * @param minimumCalls how many calls the window needs before the rate counts, at least 1
 * @param openDuration how long an open circuit rejects calls before it lets trial calls through
 */
public record ResilienceConfig(
        int maxAttempts,
        Duration initialBackoff,
        double backoffMultiplier,
        double randomizationFactor,
        Duration maxBackoff,
        Duration maxRetryAfter,
        float failureRateThreshold,
        int slidingWindowSize,
        int minimumCalls,
        Duration openDuration) {

    /** Validates every field, naming the offending value. */
    public ResilienceConfig {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(openDuration, "openDuration");
        require(maxAttempts >= 1, "maxAttempts must be >= 1, but was " + maxAttempts);
        require(initialBackoff.isPositive(), "initialBackoff must be positive, but was " + initialBackoff);
        require(backoffMultiplier >= 1, "backoffMultiplier must be >= 1, but was " + backoffMultiplier);
        require(
                randomizationFactor >= 0 && randomizationFactor <= 1,
                "randomizationFactor must be between 0 and 1, but was " + randomizationFactor);
        require(
                maxBackoff.compareTo(initialBackoff) >= 0,
                "maxBackoff must be >= initialBackoff, but was " + maxBackoff);
        require(!maxRetryAfter.isNegative(), "maxRetryAfter must not be negative, but was " + maxRetryAfter);
        require(
                failureRateThreshold >= 1 && failureRateThreshold <= 100,
                "failureRateThreshold must be between 1 and 100, but was " + failureRateThreshold);
        require(slidingWindowSize >= 1, "slidingWindowSize must be >= 1, but was " + slidingWindowSize);
        require(minimumCalls >= 1, "minimumCalls must be >= 1, but was " + minimumCalls);
        require(openDuration.isPositive(), "openDuration must be positive, but was " + openDuration);
    }

    /**
     * Defaults for a remote store: 4 attempts, waits from 200 ms growing 2x up to 5 s with 50 % spread,
     * {@code Retry-After} honoured up to 30 s, and a circuit that opens at 50 % transient failures over 20 calls
     * (at least 10) for 30 s.
     *
     * @return the defaults
     */
    public static ResilienceConfig ofDefaults() {
        return new ResilienceConfig(
                4,
                Duration.ofMillis(200),
                2.0,
                0.5,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                50f,
                20,
                10,
                Duration.ofSeconds(30));
    }

    /**
     * A copy with other retry settings.
     *
     * @param attempts calls per operation
     * @param initial the first wait
     * @param max the longest wait
     * @return the copy
     */
    public ResilienceConfig withRetry(int attempts, Duration initial, Duration max) {
        return new ResilienceConfig(
                attempts,
                initial,
                backoffMultiplier,
                randomizationFactor,
                max,
                maxRetryAfter,
                failureRateThreshold,
                slidingWindowSize,
                minimumCalls,
                openDuration);
    }

    /**
     * A copy with another {@code Retry-After} cap.
     *
     * @param max the longest honoured delay
     * @return the copy
     */
    public ResilienceConfig withMaxRetryAfter(Duration max) {
        return new ResilienceConfig(
                maxAttempts,
                initialBackoff,
                backoffMultiplier,
                randomizationFactor,
                maxBackoff,
                max,
                failureRateThreshold,
                slidingWindowSize,
                minimumCalls,
                openDuration);
    }

    /**
     * A copy with other circuit breaker settings.
     *
     * @param threshold the failure percentage that opens the circuit
     * @param window the window size
     * @param minimum the calls needed before the rate counts
     * @param open how long the circuit stays open
     * @return the copy
     */
    public ResilienceConfig withCircuit(float threshold, int window, int minimum, Duration open) {
        return new ResilienceConfig(
                maxAttempts,
                initialBackoff,
                backoffMultiplier,
                randomizationFactor,
                maxBackoff,
                maxRetryAfter,
                threshold,
                window,
                minimum,
                open);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
