package dev.agentcollab.inference.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon worker threads that split an index range {@code [0, n)} into chunks with the calling thread.
 * A call allocates nothing: the task is a reusable {@link RangeTask}. Workers spin briefly, then park, between calls.
 * Only one thread may call {@link #run} at a time (the backend's driver thread).
 */
final class WorkerPool implements AutoCloseable {
    /** Work over a half-open index range; must be safe to run concurrently on disjoint ranges. */
    @FunctionalInterface
    interface RangeTask {
        void run(int start, int end);
    }

    private static final int SPINS = 2_000;

    private final Thread[] workers;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile long generation;
    private volatile boolean closed;
    private volatile Throwable failure;
    private RangeTask task;
    private int n;
    private int grain;

    WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, but was " + threads);
        }
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = Thread.ofPlatform().daemon().name("collab-cpu-" + i).unstarted(this::workerLoop);
            workers[i].start();
        }
    }

    int threads() {
        return workers.length + 1;
    }

    /**
     * Runs {@code task} over {@code [0, n)} in chunks of at least {@code minGrain} indices and returns when all are
     * done.
     */
    void run(int n, int minGrain, RangeTask task) {
        if (n <= 0) {
            return;
        }
        if (workers.length == 0 || n <= minGrain) {
            task.run(0, n);
            return;
        }
        this.task = task;
        this.n = n;
        this.grain = Math.max(minGrain, n / (threads() * 4));
        nextChunk.set(0);
        busy.set(workers.length);
        generation++; // volatile write publishes task, n, grain
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        Throwable own = null;
        try {
            drain();
        } catch (Throwable t) {
            own = t;
            nextChunk.set(Integer.MAX_VALUE / 2); // stop handing out chunks
        }
        int spins = 0;
        while (busy.get() != 0) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        this.task = null;
        Throwable worker = failure;
        failure = null;
        Throwable first = own != null ? own : worker;
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
    }

    private void drain() {
        RangeTask t = task;
        int total = n;
        int g = grain;
        for (int c = nextChunk.getAndIncrement(); c * (long) g < total; c = nextChunk.getAndIncrement()) {
            int start = c * g;
            t.run(start, Math.min(total, start + g));
        }
    }

    private void workerLoop() {
        long seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen && !closed) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 1_000_000L);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            try {
                drain();
            } catch (Throwable t) { // keep the worker alive; the caller rethrows
                failure = t;
                nextChunk.set(Integer.MAX_VALUE / 2);
            } finally {
                busy.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
