package dev.agentcollab.hf.xet;

import java.util.List;
import java.util.Objects;

/**
 * A serialized xorb ready for upload: its hash, its bytes and the chunks it holds.
 *
 * @param hash the xorb hash (Merkle root of the chunks)
 * @param serialized the upload body: chunk records only, no footer
 * @param chunks the chunks, in xorb order
 */
public record Xorb(XetHash hash, byte[] serialized, List<XetChunk> chunks) {
    /** Checks for nulls and copies the chunk list. */
    public Xorb {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(serialized, "serialized");
        chunks = List.copyOf(chunks);
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("a xorb holds at least one chunk");
        }
    }

    /**
     * The content bytes the xorb holds once decoded.
     *
     * @return the sum of the chunk lengths
     */
    public long unpackedLength() {
        return chunks.stream().mapToLong(XetChunk::length).sum();
    }
}
