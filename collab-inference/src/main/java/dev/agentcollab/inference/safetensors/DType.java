package dev.agentcollab.inference.safetensors;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.ByteBuffer;

/** Element types this module reads and writes in safetensors files (little-endian). */
public enum DType {
    /** IEEE 754 binary32. */
    F32(4),
    /** IEEE 754 binary16. */
    F16(2),
    /** bfloat16: the upper half of a binary32. */
    BF16(2),
    /** Signed 32-bit integer (index buffers). */
    I32(4),
    /** Signed 64-bit integer (index buffers such as {@code token_ordering}). */
    I64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /**
     * Bytes per element.
     *
     * @return 4 or 2
     */
    public int bytes() {
        return bytes;
    }

    /**
     * Parses the safetensors {@code dtype} string.
     *
     * @param name e.g. {@code "BF16"}
     * @return the type
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for types this module does not support
     */
    public static DType fromSafetensors(String name) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "unsupported safetensors dtype: " + name,
                    "convert to F32, F16, BF16, I32 or I64");
        }
    }

    /**
     * Reads element {@code index} as a float (integers convert exactly below 2^24).
     *
     * @param buf little-endian data starting at element 0
     * @param index element index
     * @return the value
     */
    public float get(ByteBuffer buf, int index) {
        return switch (this) {
            case F32 -> buf.getFloat(index * 4);
            case F16 -> Float.float16ToFloat(buf.getShort(index * 2));
            case BF16 -> Float.intBitsToFloat((buf.getShort(index * 2) & 0xffff) << 16);
            case I32 -> buf.getInt(index * 4);
            case I64 -> buf.getLong(index * 8);
        };
    }

    /**
     * Writes a float as element {@code index}, rounding to nearest-even for the 16-bit types.
     *
     * @param buf little-endian destination
     * @param index element index
     * @param value the value
     */
    public void put(ByteBuffer buf, int index, float value) {
        switch (this) {
            case F32 -> buf.putFloat(index * 4, value);
            case F16 -> buf.putShort(index * 2, Float.floatToFloat16(value));
            case BF16 -> buf.putShort(index * 2, toBf16(value));
            case I32 -> buf.putInt(index * 4, Math.round(value));
            case I64 -> buf.putLong(index * 8, Math.round((double) value));
        }
    }

    /**
     * Rounds a float to bfloat16 bits (nearest-even; NaN stays NaN).
     *
     * @param value the value
     * @return the 16 bf16 bits
     */
    public static short toBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
