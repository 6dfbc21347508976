package dev.agentcollab.hf.xet;

import java.util.List;
import java.util.Objects;

/**
 * One term of a file's reconstruction: a chunk range of one xorb.
 *
 * @param xorb the xorb hash
 * @param chunkStart the first chunk index
 * @param chunkEnd the chunk index after the last
 * @param unpackedLength the content bytes the range decodes to
 * @param rangeHash the verification hash of the range's chunk hashes ({@link XetHashing#rangeHash})
 */
public record XetTerm(XetHash xorb, int chunkStart, int chunkEnd, long unpackedLength, XetHash rangeHash) {
    /** Checks for nulls and the bounds. */
    public XetTerm {
        Objects.requireNonNull(xorb, "xorb");
        Objects.requireNonNull(rangeHash, "rangeHash");
        if (chunkStart < 0 || chunkEnd <= chunkStart || unpackedLength < 1) {
            throw new IllegalArgumentException("bad term [" + chunkStart + ", " + chunkEnd + ")");
        }
    }

    /**
     * The term covering chunks {@code [start, end)} of a xorb.
     *
     * @param xorb the xorb
     * @param start the first chunk index
     * @param end the chunk index after the last
     * @return the term
     */
    public static XetTerm of(Xorb xorb, int start, int end) {
        List<XetChunk> range = xorb.chunks().subList(start, end);
        return new XetTerm(
                xorb.hash(),
                start,
                end,
                range.stream().mapToLong(XetChunk::length).sum(),
                XetHashing.rangeHash(range.stream().map(XetChunk::hash).toList()));
    }

    /**
     * The term covering a whole xorb.
     *
     * @param xorb the xorb
     * @return a term for chunks {@code [0, n)}
     */
    public static XetTerm whole(Xorb xorb) {
        return new XetTerm(
                xorb.hash(),
                0,
                xorb.chunks().size(),
                xorb.unpackedLength(),
                XetHashing.rangeHash(xorb.chunks().stream().map(XetChunk::hash).toList()));
    }
}
