package dev.agentcollab.inference.tokenizer;

import java.util.Arrays;

/**
 * BPE merges by token ids: the pair {@code (left, right)} maps to its rank and the id of the merged token. An
 * open-addressing table of primitive longs, so a lookup during encoding allocates nothing. Immutable once filled.
 */
final class MergeTable {
    /** Returned by {@link #lookup} when the pair does not merge. */
    static final long NONE = -1L;

    private static final long EMPTY = -1L;
    private final long[] keys;
    private final long[] values;
    private final int mask;

    MergeTable(int expectedPairs) {
        int capacity = Integer.highestOneBit(Math.max(4, expectedPairs * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(keys, EMPTY);
        mask = capacity - 1;
    }

    /**
     * Adds a merge; a pair listed again takes the later rank, as in HF tokenizers (which collects the merges into a
     * map, so the last entry of a pair wins).
     *
     * @param left left token id
     * @param right right token id
     * @param rank merge rank, lower merges first
     * @param merged id of the merged token
     */
    void put(int left, int right, int rank, int merged) {
        long key = key(left, right);
        int slot = slot(key);
        while (keys[slot] != EMPTY) {
            if (keys[slot] == key) {
                break;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = ((long) rank << 32) | (merged & 0xffffffffL);
    }

    /**
     * Looks a pair up.
     *
     * @param left left token id
     * @param right right token id
     * @return {@code rank << 32 | mergedId}, or {@link #NONE}
     */
    long lookup(int left, int right) {
        long key = key(left, right);
        for (int slot = slot(key); keys[slot] != EMPTY; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return values[slot];
            }
        }
        return NONE;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }
}
