package dev.agentcollab.core.http;

import java.time.Duration;

/**
 * Waits between retries. The default is {@link Thread#sleep(Duration)}; tests inject one that records the
 * delays instead of waiting. Implementations MUST be thread safe.
 */
@FunctionalInterface
public interface Sleeper {
    /** Sleeps with {@link Thread#sleep(Duration)}. */
    Sleeper THREAD = Thread::sleep;

    /**
     * Waits.
     *
     * @param delay how long, never negative
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void sleep(Duration delay) throws InterruptedException;
}
