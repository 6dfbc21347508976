package dev.agentcollab.core.http.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * When one request's connection is cut: the request timeout after it started, plus, for a response streaming a
 * file, the time that file takes at {@link #MIN_DOWNLOAD_RATE}, so that a large download on a slow link is not cut
 * while a client holding a connection without reading still is. Thread safe.
 */
final class RequestDeadline {
    /** The slowest average rate, in bytes per second, at which a file download is let run: 64 KiB/s. */
    static final long MIN_DOWNLOAD_RATE = 64 * 1024;

    private final Scheduler scheduler;
    private final Runnable cut;
    private final long endNanos;
    private long extraMillis;
    private Scheduler.Task task;
    private int generation;
    private boolean done;

    private RequestDeadline(Scheduler scheduler, Duration timeout, Runnable cut) {
        this.scheduler = scheduler;
        this.cut = cut;
        this.endNanos = System.nanoTime() + timeout.toNanos();
    }

    /**
     * Starts the clock of one request.
     *
     * @param scheduler Jetty's scheduler
     * @param timeout the request timeout
     * @param cut what closes the request's connection
     * @return the running deadline
     */
    static RequestDeadline start(Scheduler scheduler, Duration timeout, Runnable cut) {
        RequestDeadline deadline = new RequestDeadline(scheduler, timeout, cut);
        deadline.schedule();
        return deadline;
    }

    /**
     * Gives the request the time {@code bytes} more of response take at {@link #MIN_DOWNLOAD_RATE}.
     *
     * @param bytes the length of a file about to be streamed
     */
    synchronized void allowDownload(long bytes) {
        if (done) {
            return;
        }
        extraMillis += Math.ceilDiv(Math.max(0, bytes) * 1000, MIN_DOWNLOAD_RATE);
        task.cancel();
        schedule();
    }

    /** Ends the clock (the request finished); the connection is no longer cut. */
    synchronized void cancel() {
        done = true;
        task.cancel();
    }

    private void schedule() {
        long delayMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime()) + extraMillis);
        int scheduled = ++generation;
        task = scheduler.schedule(() -> fire(scheduled), delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Cuts unless the request ended or its deadline moved since this firing was scheduled. */
    private void fire(int scheduled) {
        synchronized (this) {
            if (done || scheduled != generation) {
                return;
            }
            done = true;
        }
        cut.run();
    }
}
