package dev.agentcollab.hf.xet;

import java.util.Objects;

/**
 * A content-defined chunk of a file: where it lies and its chunk hash.
 *
 * @param hash the chunk hash ({@link XetHashing#chunkHash})
 * @param offset where the chunk starts in the file
 * @param length its length in bytes, 1 to {@link XetChunker#MAX_CHUNK}
 */
public record XetChunk(XetHash hash, int offset, int length) {
    /** Checks for null and the bounds. */
    public XetChunk {
        Objects.requireNonNull(hash, "hash");
        if (offset < 0 || length < 1 || length > XetChunker.MAX_CHUNK) {
            throw new IllegalArgumentException("bad chunk at " + offset + " of length " + length);
        }
    }

    /**
     * This chunk as a Merkle leaf.
     *
     * @return its hash and length
     */
    public XetLeaf leaf() {
        return new XetLeaf(hash, length);
    }
}
