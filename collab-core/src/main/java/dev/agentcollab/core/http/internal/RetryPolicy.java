package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.core.http.ClientConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;

/**
 * The client's resilience4j {@link Retry}: retries only {@link CollabException}s whose code is retryable, waits
 * the server's {@code Retry-After} when one was sent and a randomised exponential back-off otherwise, and gives
 * up at once when the announced delay exceeds {@link ClientConfig#maxRetryDelay()}. Waiting is done by the
 * injected {@link dev.agentcollab.core.http.Sleeper} (resilience4j's own sleep is global and not injectable),
 * so the policy uses {@link Retry#asyncContext()}, which only computes delays. A write whose outcome is unknown
 * ({@link UncertainWriteException}) is retried only when {@link ClientConfig#retryUncertainWrites()} is on: the
 * transport then sends the same {@code Idempotency-Key} on every attempt, so the server writes at most once.
 * Before each wait the configured {@link dev.agentcollab.core.http.RetryListener} is told the failure and the delay;
 * an exception it throws ends the call without waiting. Thread safe.
 */
public final class RetryPolicy {
    private final Retry retry;
    private final ClientConfig config;

    /**
     * Creates the policy.
     *
     * @param config the client configuration
     */
    public RetryPolicy(ClientConfig config) {
        this.config = config;
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(config.initialBackoff(), 2.0, 0.5);
        IntervalBiFunction<Object> interval = (attempt, either) -> {
            if (either.isLeft()
                    && either.getLeft() instanceof CollabException c
                    && c.retryAfter().isPresent()) {
                Duration d = c.retryAfter().get();
                return d.compareTo(config.maxRetryDelay()) > 0 ? -1L : d.toMillis();
            }
            return Math.min(backoff.apply(attempt), config.maxRetryDelay().toMillis());
        };
        this.retry = Retry.of(
                "collab-client",
                RetryConfig.custom()
                        .maxAttempts(config.maxAttempts())
                        .retryOnException(e -> e instanceof CollabException c
                                && c.retryable()
                                && (config.retryUncertainWrites() || !(e instanceof UncertainWriteException)))
                        .intervalBiFunction(interval)
                        .failAfterMaxAttempts(false)
                        .build());
    }

    /**
     * Runs a call with retries.
     *
     * @param call the call; throws {@link CollabException} on failure
     * @param <T> the result type
     * @return the result of the first successful attempt
     * @throws CollabException the last failure when retries are exhausted or the failure is not retryable
     */
    public <T> T execute(Attempt<T> call) {
        Retry.AsyncContext<Object> ctx = retry.asyncContext();
        while (true) {
            try {
                T result = call.run();
                ctx.onComplete();
                return result;
            } catch (CollabException e) {
                long delay = ctx.onError(e);
                if (delay < 0) {
                    throw e;
                }
                config.retryListener().beforeRetry(e, Duration.ofMillis(delay));
                try {
                    config.sleeper().sleep(Duration.ofMillis(delay));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * The underlying resilience4j retry (for metrics and events).
     *
     * @return the retry
     */
    public Retry retry() {
        return retry;
    }

    /**
     * One attempt of a call.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    public interface Attempt<T> {
        /**
         * Runs the attempt.
         *
         * @return the result
         * @throws CollabException on failure
         */
        T run();
    }
}
