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
    Q8_0(1);

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
        };
    }

    /** Bytes of a {@code [rows, cols]} tensor held in this type (Q8_0 adds two bytes of scale per block). */
    long bytes(int rows, int cols) {
        return this == Q8_0 ? (long) rows * Q8Blocks.rowBytes(cols) : (long) rows * cols * bytes;
    }
}
