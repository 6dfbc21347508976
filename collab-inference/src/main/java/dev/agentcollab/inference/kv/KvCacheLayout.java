package dev.agentcollab.inference.kv;

/** How a backend lays out the K/V cache of sliding-window layers. Global layers always keep every position. */
public enum KvCacheLayout {
    /**
     * Sliding layers keep a ring of {@link KvCachePlan#slidingCapacity()} positions (the window, one more key for the
     * drafter, and one forward's rows), stored at {@code position % capacity}. The default.
     */
    RING,
    /** Every K/V-owning layer keeps all {@code maxSequenceLength} positions (the reference rings are tested against). */
    FULL
}
