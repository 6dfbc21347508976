package dev.agentcollab.inference.cpu;

/**
 * How large weights are split into row chunks: a chunk is one Java array of at most {@code maxChunkElements}
 * values holding whole rows, so no tensor ever needs an array over Java's limit (about 2^31 elements). Matrix products
 * and row gathers look the chunk up per row, so results do not depend on the chunk size.
 *
 * @param maxChunkElements the most values one chunk array holds, in {@code [1, MAX_ARRAY_ELEMENTS]}
 */
record RowChunking(long maxChunkElements) {
    /** System property overriding {@link #DEFAULT_CHUNK_ELEMENTS} (tests force tiny chunks with it). */
    static final String PROPERTY = "collab.inference.cpu.chunkElements";

    /**
     * The largest chunk: the largest array length every JVM accepts, less room for the values a matrix keeps before
     * its first row ({@link Matrix#F32_PAD}, {@link Matrix#BF16_PAD}).
     */
    static final long MAX_ARRAY_ELEMENTS = Integer.MAX_VALUE - 8L - 32L;

    /** Default chunk: 2^30 values (2 GiB of bf16, 4 GiB of f32), so E4B's 671 M-value tied head stays one array. */
    static final long DEFAULT_CHUNK_ELEMENTS = 1L << 30;

    /** Validates the limit. */
    RowChunking {
        if (maxChunkElements < 1 || maxChunkElements > MAX_ARRAY_ELEMENTS) {
            throw new IllegalArgumentException(
                    "maxChunkElements must be in [1, " + MAX_ARRAY_ELEMENTS + "], but was " + maxChunkElements);
        }
    }

    /** The default, or {@value #PROPERTY} when set. */
    static RowChunking defaults() {
        return new RowChunking(Long.getLong(PROPERTY, DEFAULT_CHUNK_ELEMENTS));
    }

    /** Rows per chunk for a {@code [rows, cols]} tensor: as many whole rows as fit, at least one, at most all. */
    int rowsPerChunk(int rows, int cols) {
        long fit = Math.max(1, maxChunkElements / Math.max(1, cols));
        return (int) Math.max(1, Math.min(rows, fit));
    }

    /** Chunk count for a {@code [rows, cols]} tensor. */
    int chunks(int rows, int cols) {
        int per = rowsPerChunk(rows, cols);
        return rows == 0 ? 0 : (rows + per - 1) / per;
    }
}
