package dev.agentcollab.core.service.internal;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background save of a local snapshot (the board index's, a text index's, the ranked results'): a request starts
 * the save on a virtual thread unless one is running, in which case it is dropped (the running save copies the state
 * after the change that asked, or the next request saves it); a failure is logged, never thrown. {@link #await} waits
 * for the running save at shutdown, before the final synchronous one. Thread safe.
 */
public final class BackgroundSave {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundSave.class);
    /** How long {@link #await} waits for a running save. */
    static final Duration AWAIT = Duration.ofSeconds(30);

    private final String threadName;
    private final Runnable save;
    private final String failure;
    private Thread running;

    /**
     * Creates it.
     *
     * @param threadName the save thread's name, e.g. {@code collab-board-index-save}
     * @param save the save, which copies what it saves under its owner's lock and writes outside it
     * @param failure the log line of a failed save, e.g. what the next start does instead
     */
    public BackgroundSave(String threadName, Runnable save, String failure) {
        this.threadName = Objects.requireNonNull(threadName, "threadName");
        this.save = Objects.requireNonNull(save, "save");
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** Starts a save on a virtual thread, unless one is running. */
    public synchronized void request() {
        if (running != null && running.isAlive()) {
            return;
        }
        running = Thread.ofVirtual().name(threadName).start(() -> {
            try {
                save.run();
            } catch (RuntimeException e) {
                LOG.warn(failure, e);
            }
        });
    }

    /**
     * Waits for a running save to finish, at most {@link #AWAIT}.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void await() throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = running;
        }
        if (t != null) {
            t.join(AWAIT);
        }
    }
}
