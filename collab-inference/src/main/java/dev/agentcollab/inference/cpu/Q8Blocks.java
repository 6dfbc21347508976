package dev.agentcollab.inference.cpu;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;

/**
 * The Q8_0 block format, as in llama.cpp: a row of {@code cols} weights is cut into blocks of {@value #BLOCK} (the
 * last block of a row may be shorter), each held as int8 values {@code q} in {@code [-127, 127]} and one IEEE binary16
 * scale {@code d}, so that a weight reads {@code q * d}. Quantisation is round-to-nearest with
 * {@code d = f16(max|x| / 127)}; the values are divided by the stored (rounded) scale and clamped to 127, so the error
 * of a weight is at most {@code max(d / 2, max|x| - 127 d)}: half a step, or the scale's own f16 rounding at the ends.
 *
 * <p>Why an f16 scale: it keeps llama.cpp's 34 bytes per 32 weights, and {@code q * d} (7 bits times 11 bits) is exact
 * in f32, so a kernel may dequantise a weight vector with one multiply and then accumulate exactly like the f32 kernel.
 * The price is f16's range: in a block whose largest weight is under 127 × 2^-14 (about 7.8e-3) the scale is subnormal
 * and rounds more coarsely (the clamp above bounds what that costs), under about 3.8e-6 the block is all zero, and a
 * weight above 65504 × 127 is refused.
 */
final class Q8Blocks {
    /** Weights per block. */
    static final int BLOCK = 32;

    private Q8Blocks() {}

    /** Blocks per row of {@code cols} weights. */
    static int blocks(int cols) {
        return (cols + BLOCK - 1) / BLOCK;
    }

    /** Bytes per row: one int8 per weight and two per block scale. */
    static long rowBytes(int cols) {
        return cols + 2L * blocks(cols);
    }

    /** The f32 value of a stored scale. */
    static float scale(short f16) {
        return Float.float16ToFloat(f16);
    }

    /**
     * Quantises one row.
     *
     * @param name the tensor name, for errors
     * @param x the weights, {@code x[xOff .. xOff+cols)}
     * @param q receives the int8 values at {@code q[qOff ..]}
     * @param d receives the f16 scales at {@code d[dOff ..]}, one per block
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for a non-finite weight or one too large for an f16
     *     scale
     */
    static void quantiseRow(String name, float[] x, int xOff, int cols, byte[] q, int qOff, short[] d, int dOff) {
        LowBitBlocks.quantiseRow(name, 8, x, xOff, cols, q, qOff, d, dOff);
    }

    /** Dequantises one row times {@code factor} into {@code dst[dstOff .. dstOff+cols)}. */
    static void dequantiseRow(
            byte[] q, int qOff, short[] d, int dOff, int cols, float factor, float[] dst, int dstOff) {
        for (int i = 0; i < cols; i++) {
            dst[dstOff + i] = q[qOff + i] * scale(d[dOff + i / BLOCK]) * factor;
        }
    }
}
