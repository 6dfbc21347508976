package dev.agentcollab.core.http.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * Runs tasks on virtual threads, oldest task first. Each {@link #execute} queues the task on one FIFO queue and
 * starts a virtual thread that runs the oldest queued task, not necessarily its own: the JDK's virtual-thread
 * scheduler runs threads in no promised order (threads started by a platform thread, such as a connection
 * selector, go to that thread's submission queue, which the carriers may leave for hundreds of milliseconds while
 * other work keeps them busy), but whichever thread runs first takes the request that has waited longest. As many
 * threads start as tasks are queued, and each takes one task after its own was queued, so every task runs exactly
 * once. Thread safe.
 */
final class OldestFirstExecutor implements Executor, AutoCloseable {
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final ExecutorService threads;

    /**
     * Creates an executor on the given virtual-thread factory.
     *
     * @param factory makes one thread per task
     */
    OldestFirstExecutor(ThreadFactory factory) {
        this.threads = Executors.newThreadPerTaskExecutor(factory);
    }

    /**
     * Queues a task and starts a thread that runs the oldest queued task.
     *
     * @param task the task
     * @throws RejectedExecutionException after {@link #close()}; the task is then not run
     */
    @Override
    public void execute(Runnable task) {
        pending.add(task);
        try {
            threads.execute(this::runOldest);
        } catch (RejectedExecutionException e) {
            pending.remove(task);
            throw e;
        }
    }

    private void runOldest() {
        Runnable task = pending.poll();
        if (task != null) {
            task.run();
        }
    }

    /** Interrupts the running tasks and rejects new ones; queued tasks whose threads have not run are dropped. */
    @Override
    public void close() {
        threads.shutdownNow();
        pending.clear();
    }
}
