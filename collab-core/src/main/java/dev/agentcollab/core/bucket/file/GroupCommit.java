package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue of one bucket's writers in one store, for group commit: each {@link #submit} queues its batch, and one
 * writer at a time, the leader, takes every batch queued so far and commits them together (with one forced write of
 * the journal). The others wait for their own batch's outcome only; when the leader is done it hands the turn to
 * the oldest batch still queued, whose writer then commits everything that queued meanwhile. So the group is
 * whatever arrived while the previous group was being written: a writer alone leads at once and commits alone,
 * with no added delay.
 *
 * <p>Batches are committed in the order they were queued. A leader must complete every ticket of its group
 * ({@link Ticket#succeed} or {@link Ticket#fail}); a ticket it leaves open, because it threw, fails with what it
 * threw. A writer cannot withdraw its batch once queued: an interrupt neither ends its wait nor, when it leads,
 * fails the group (the interrupt stays set for the caller). Thread safe.
 */
final class GroupCommit {
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Ticket> queue = new ArrayDeque<>();
    private boolean leading;

    /** Commits a group of queued batches, in order, and completes each one's ticket. */
    @FunctionalInterface
    interface Leader {
        /**
         * Commits the batches.
         *
         * @param group the tickets of the batches, in the order they were queued (the leader's own among them)
         */
        void commit(List<Ticket> group);
    }

    /** One queued batch and its outcome. */
    final class Ticket {
        private final List<BatchOp> batch;
        private final Condition turn = lock.newCondition();
        private boolean leads;
        private boolean done;
        private RuntimeException failure;

        private Ticket(List<BatchOp> batch) {
            this.batch = batch;
        }

        /**
         * The batch.
         *
         * @return its operations, in order
         */
        List<BatchOp> batch() {
            return batch;
        }

        /** The batch is committed (durably): its writer returns. */
        void succeed() {
            complete(null);
        }

        /**
         * The batch is not committed: its writer throws {@code failure}, which no other ticket may share.
         *
         * @param failure what the writer throws
         */
        void fail(RuntimeException failure) {
            complete(failure);
        }

        private void complete(RuntimeException outcome) {
            lock.lock();
            try {
                if (!done) {
                    failure = outcome;
                    done = true;
                    turn.signal();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * How many batches are queued for the next group (tests wait for a group to form).
     *
     * @return the batches queued and not yet taken by a leader
     */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a batch and returns once it is committed: either another writer commits it in its group, or this one
     * becomes the leader and runs {@code leader} on every batch queued so far.
     *
     * @param batch the batch
     * @param leader what commits a group, when this writer leads one
     * @throws RuntimeException the batch's failure; or, when this writer led and its batch committed, what the
     *     leader threw after acknowledging the group (e.g. a failed compaction)
     */
    void submit(List<BatchOp> batch, Leader leader) {
        Ticket mine = new Ticket(batch);
        List<Ticket> group;
        lock.lock();
        try {
            queue.add(mine);
            if (!leading) {
                leading = true;
                mine.leads = true;
            }
            while (!mine.done && !mine.leads) {
                mine.turn.awaitUninterruptibly(); // its outcome is the leader's to decide: it cannot be withdrawn
            }
            if (mine.done) {
                if (mine.failure != null) {
                    throw mine.failure;
                }
                return;
            }
            group = new ArrayList<>(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        // The group holds other writers' batches: an interrupt this thread received before its turn must not fail
        // them (an interrupted file channel closes). The interrupt is kept for the caller.
        boolean interrupted = Thread.interrupted();
        Throwable thrown = null;
        try {
            leader.commit(group);
        } catch (RuntimeException | Error e) {
            thrown = e;
        } finally {
            handOver(group, mine, thrown);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        if (thrown instanceof RuntimeException r) {
            throw r;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
    }

    /**
     * Fails what the leader left open (its own batch fails with what it threw, the others with a copy each) and
     * gives the turn to the oldest queued batch, if any.
     */
    private void handOver(List<Ticket> group, Ticket mine, Throwable thrown) {
        Throwable cause = thrown != null ? thrown : new IllegalStateException("the leader left a batch open");
        lock.lock();
        try {
            for (Ticket t : group) {
                if (!t.done) {
                    if (t != mine) {
                        t.failure = new CollabException(
                                cause instanceof CollabException c ? c.code() : ErrorCode.UNAVAILABLE,
                                "the commit of a group of batches failed: " + cause,
                                null,
                                null,
                                cause);
                    } else if (thrown == null) {
                        t.failure = new IllegalStateException("the leader left its own batch open");
                    }
                    t.done = true;
                    t.turn.signal();
                }
            }
            Ticket next = queue.peek();
            if (next == null) {
                leading = false;
            } else {
                next.leads = true;
                next.turn.signal();
            }
        } finally {
            lock.unlock();
        }
    }
}
