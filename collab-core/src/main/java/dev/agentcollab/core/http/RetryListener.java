package dev.agentcollab.core.http;

import dev.agentcollab.api.error.CollabException;
import java.time.Duration;

/**
 * Told each time a {@link CollabClient} is about to wait and retry a call, so a caller can say why it waits (a
 * command-line client printing {@code rate limited; retrying in 47 s}) or refuse to wait. The default,
 * {@link #NONE}, does nothing. Implementations MUST be thread safe when the client is shared.
 */
@FunctionalInterface
public interface RetryListener {
    /** Does nothing: the client waits and retries silently. */
    RetryListener NONE = (failure, delay) -> {};

    /**
     * Called after a retryable failure, before the client waits {@code delay} and tries again.
     *
     * @param failure the failed attempt's error: its code, and its {@code retryAfter} when the server sent
     *     {@code Retry-After}
     * @param delay how long the client is about to wait
     * @throws CollabException to end the call at once instead of waiting: the call fails with the exception thrown
     *     (typically {@code failure} itself)
     */
    void beforeRetry(CollabException failure, Duration delay);
}
