package dev.agentcollab.inference.cpu;

/** The element type a CPU weight store keeps in memory. */
enum StoredType {
    /** 32-bit floats. */
    F32(4),
    /** bfloat16 bits. */
    BF16(2),
    /** IEEE binary16 bits (row tables only, kept as on disk). */
    F16(2),
    /** Q8_0 blocks: int8 values plus one f16 scale per 32 ({@link Q8Blocks}; matrices only). */
    Q8_0(1),
    /**
     * Q8_0 blocks whose int8 values hold 3-bit levels {@code -3..3} ({@link LowBitBlocks}; matrices only): the Q8_0
     * layout and kernels, so the same bytes as {@link #Q8_0}.
     */
    Q3_0(1);

    final int bytes;

    StoredType(int bytes) {
        this.bytes = bytes;
    }

    /** The element type of matrices under {@code format}. */
    static StoredType matrix(WeightFormat format) {
        return switch (format) {
            case F32 -> F32;
            case BF16 -> BF16;
            case Q8_0 -> Q8_0;
            case Q3_0 -> Q3_0;
        };
    }

    /** Whether this type is held in the Q8_0 block layout ({@link Q8Matrix}). */
    boolean q8Layout() {
        return this == Q8_0 || this == Q3_0;
    }

    /** Bytes of a {@code [rows, cols]} tensor held in this type (the Q8_0 layout adds two bytes of scale per block). */
    long bytes(int rows, int cols) {
        return q8Layout() ? (long) rows * Q8Blocks.rowBytes(cols) : (long) rows * cols * bytes;
    }
}
