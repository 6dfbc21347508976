package dev.agentcollab.inference.cpu;

/** The element type a CPU weight store keeps in memory. */
enum StoredType {
    /** 32-bit floats. */
    F32(4),
    /** bfloat16 bits. */
    BF16(2),
    /** IEEE binary16 bits (row tables only, kept as on disk). */
    F16(2);

    final int bytes;

    StoredType(int bytes) {
        this.bytes = bytes;
    }
}
