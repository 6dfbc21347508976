package dev.agentcollab.hf.xet;

import java.util.Objects;

/**
 * One input of Xet's Merkle aggregation: a hash and the number of content bytes it covers.
 *
 * @param hash the chunk (or subtree) hash
 * @param size the bytes it covers, at least 0
 */
public record XetLeaf(XetHash hash, long size) {
    /** Checks for null and a negative size. */
    public XetLeaf {
        Objects.requireNonNull(hash, "hash");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, but was " + size);
        }
    }
}
