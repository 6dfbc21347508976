package dev.agentcollab.inference.cpu;

/** A table whose rows are gathered by index (token embeddings): each gather decodes one row to f32. */
interface RowSource {
    /** Row count. */
    int rows();

    /** Values per row. */
    int cols();

    /** Decodes row {@code row}, multiplied by {@code scale}, into {@code dst[dstOff .. dstOff+cols)}. */
    void row(int row, float scale, float[] dst, int dstOff);
}
