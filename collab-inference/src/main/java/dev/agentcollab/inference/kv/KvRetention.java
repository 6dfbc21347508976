package dev.agentcollab.inference.kv;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;

/**
 * The oldest position a backend's K/V rings still hold, so that a rollback never silently reads an overwritten entry.
 * Writing position {@code p} into a ring of capacity {@code C} drops position {@code p - C}; a rollback to length
 * {@code L} needs positions {@code L-W-1..L-1} (the drafter's window, the widest view) and is refused when the oldest
 * of them is gone. With {@link KvCachePlan}'s slack a rollback to the start of the latest forward, or later, is always
 * allowed. Not thread safe; the backend's driving thread owns it.
 */
public final class KvRetention {
    private final int capacity;
    private final int keysNeeded;
    private int oldest;

    /**
     * Tracks the rings of a plan.
     *
     * @param plan the backend's cache plan
     */
    public KvRetention(KvCachePlan plan) {
        this.capacity = plan.minCapacity();
        this.keysNeeded = plan.slidingKeys();
    }

    /**
     * Records that positions up to {@code end - 1} were written.
     *
     * @param end one past the newest written position
     */
    public void written(int end) {
        oldest = Math.max(oldest, end - capacity);
    }

    /**
     * The oldest position whose entries every cache still holds.
     *
     * @return the position (0 until a ring wrapped)
     */
    public int oldest() {
        return oldest;
    }

    /**
     * Checks that the caches still hold every entry a sequence of {@code length} positions reads next, and forgets the
     * history on {@code truncate(0)}.
     *
     * @param length the length the backend rolls back to
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} when the ring already overwrote a needed entry
     */
    public void checkRollback(int length) {
        if (length == 0) {
            oldest = 0;
            return;
        }
        int need = Math.max(0, length - keysNeeded);
        if (need < oldest) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "cannot roll back to length " + length + ": the sliding-window K/V ring of " + capacity
                            + " positions no longer holds position " + need + " (oldest kept: " + oldest + ")",
                    "roll back at most to the start of the latest forward, raise maxBatch, or open the backend with"
                            + " KvCacheLayout.FULL");
        }
    }
}
