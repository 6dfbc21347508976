package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts the batches a read model applies to its bucket, so that it can tell from the store's {@link
 * BucketStore#revision revision} whether anyone else changed the bucket since it listed a prefix: the store
 * advances the revision by exactly one per batch that returns normally, so when the revision moved by as many as
 * the model's own successful batches, and none of its batches failed (a failed one may or may not have changed the
 * store), every change since is one the model made and already holds in its views. Then a view past its TTL can be
 * kept instead of listed again, which at 100k messages is a listing of the whole board and a comparison of every
 * listed hash by each index over it.
 *
 * <p>A {@link Mark} is taken only at an instant when none of the model's batches is in flight: each batch counts as
 * started before it goes to the store and as ended (succeeded or failed) after its changes are in the views, and a
 * mark reads the store between two reads of the counters that agree, with as many batches ended as begun; it waits
 * a moment for the batches in flight (otherwise there is no mark, and the caller lists). Thread safe.
 */
final class OwnWrites {
    private static final long WAIT_STEP_NANOS = 50_000;
    /** Batches begun; those ended are {@link #succeeded} plus {@link #failed}. */
    private final AtomicLong started = new AtomicLong();

    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * The store's revision of the bucket and the model's own batches at one instant with none in flight.
     *
     * @param revision the store's revision
     * @param succeeded the model's batches that returned normally, their changes in the views
     * @param failed the model's batches that threw
     */
    record Mark(long revision, long succeeded, long failed) {}

    /** A batch is about to go to the store. */
    void begin() {
        started.incrementAndGet();
    }

    /**
     * A batch begun with {@link #begin()} has ended.
     *
     * @param whole whether it was applied in one call that returned normally and its changes are in the views;
     *     false for one that threw, or that needed a second call for part of its operations
     */
    void end(boolean whole) {
        (whole ? succeeded : failed).incrementAndGet();
    }

    /**
     * Reads the store's revision at an instant when no batch of this model is in flight, waiting up to {@code
     * patience} for one: a reload that lists because a write happened to be in flight at its start leaves a view
     * without a mark, and that view is then listed again at its next TTL too, whatever was written meanwhile.
     *
     * @param store the store
     * @param bucket the bucket
     * @param patience how long to wait for the batches in flight to end
     * @return the mark, or empty when batches stayed in flight, the store has no revision or reading it failed
     */
    Optional<Mark> mark(BucketStore store, BucketId bucket, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            long ok = succeeded.get();
            long bad = failed.get();
            long start = started.get();
            if (start == ok + bad) {
                OptionalLong revision;
                try {
                    revision = store.revision(bucket);
                } catch (CollabException e) {
                    return Optional.empty();
                }
                if (revision.isEmpty()) {
                    return Optional.empty();
                }
                if (started.get() == start && succeeded.get() == ok && failed.get() == bad) {
                    return Optional.of(new Mark(revision.getAsLong(), ok, bad));
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return Optional.empty();
            }
            LockSupport.parkNanos(WAIT_STEP_NANOS);
        }
    }

    /**
     * Whether nothing but this model's own batches, all of which returned normally, changed the bucket between two
     * marks.
     *
     * @param then the earlier mark
     * @param now the later mark
     * @return true when the revision moved by exactly the own batches in between and none failed
     */
    static boolean onlyOwnSince(Mark then, Mark now) {
        return now.failed() == then.failed() && now.revision() - then.revision() == now.succeeded() - then.succeeded();
    }
}
