package dev.agentcollab.hf.xet;

import java.util.ArrayList;
import java.util.List;

/**
 * Xet's content-defined chunking, boundary for boundary as xet-core cuts: a gear rolling hash
 * ({@code h = (h << 1) + TABLE[byte]}, wrapping) restarted from zero at every chunk start; a boundary falls after
 * the first byte where {@code h & MASK == 0}, with {@code MASK} the 16 top bits (target 64 KiB), but never before
 * {@link #MIN_CHUNK} bytes (the first {@code MIN_CHUNK - 65} bytes of a chunk are not even hashed) and at the latest
 * after {@link #MAX_CHUNK} bytes. The last chunk is whatever remains. Stateless and thread safe.
 */
public final class XetChunker {
    /** The target (mean) chunk size. */
    public static final int TARGET_CHUNK = 64 * 1024;

    /** The smallest chunk, except a file's last one. */
    public static final int MIN_CHUNK = TARGET_CHUNK / 8;

    /** The largest chunk. */
    public static final int MAX_CHUNK = TARGET_CHUNK * 2;

    private static final int WINDOW = 64;
    private static final long MASK = ((long) TARGET_CHUNK - 1) << Long.numberOfLeadingZeros(TARGET_CHUNK - 1);

    private XetChunker() {}

    /**
     * Cuts content into chunks and hashes each.
     *
     * @param data the content
     * @return the chunks in order; none for empty content
     */
    public static List<XetChunk> chunk(byte[] data) {
        List<XetChunk> chunks = new ArrayList<>();
        int start = 0;
        while (start < data.length) {
            int end = nextBoundary(data, start);
            chunks.add(new XetChunk(XetHashing.chunkHash(data, start, end - start), start, end - start));
            start = end;
        }
        return chunks;
    }

    /**
     * Finds where the chunk starting at {@code start} ends.
     *
     * @param data the content
     * @param start the chunk start, below {@code data.length}
     * @return the exclusive end of the chunk
     */
    static int nextBoundary(byte[] data, int start) {
        int limit = (int) Math.min(data.length, (long) start + MAX_CHUNK);
        int i = start + MIN_CHUNK - WINDOW - 1;
        long h = 0;
        for (; i < limit; i++) {
            h = (h << 1) + GearTable.TABLE[data[i] & 0xFF];
            if ((h & MASK) == 0 && i + 1 - start >= MIN_CHUNK) {
                return i + 1;
            }
        }
        return limit;
    }
}
