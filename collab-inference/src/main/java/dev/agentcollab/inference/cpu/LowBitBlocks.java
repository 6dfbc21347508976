package dev.agentcollab.inference.cpu;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;

/**
 * Low-bit block quantisation into the Q8_0 layout ({@link Q8Blocks}): blocks of {@value Q8Blocks#BLOCK} weights with
 * one f16 scale each, whose int8 values are restricted to the symmetric levels of a {@code bits}-bit integer,
 * {@code [-top, top]} with {@code top = 2^(bits-1) - 1} (3 bits: {@code -3..3}). Round-to-nearest with
 * {@code d = f16(max|x| / top)}, the values divided by the stored scale and clamped to {@code top}, so a weight's error
 * is at most {@code max(d / 2, max|x| - top d)}. With {@code bits = 8} this is exactly {@link Q8Blocks#quantiseRow}.
 *
 * <p>The quantised matrix is a {@link Q8Matrix} and runs on the Q8_0 kernels unchanged: the values are really
 * quantised and really computed from int8, but held one per byte, so memory and bandwidth are those of Q8_0, not of
 * a packed 3-bit format. What it measures honestly is the quality such a quantisation costs.
 */
final class LowBitBlocks {
    private LowBitBlocks() {}

    /**
     * The largest level of a {@code bits}-bit symmetric integer.
     *
     * @param bits integer width, 2..8
     * @return {@code 2^(bits-1) - 1}
     * @throws IllegalArgumentException for a width outside 2..8
     */
    static int top(int bits) {
        if (bits < 2 || bits > 8) {
            throw new IllegalArgumentException("bits must be in [2, 8], but was " + bits);
        }
        return (1 << (bits - 1)) - 1;
    }

    /**
     * Quantises one row.
     *
     * @param name the tensor name, for errors
     * @param bits integer width, 2..8
     * @param x the weights, {@code x[xOff .. xOff+cols)}
     * @param q receives the int8 values, each in {@code [-top, top]}, at {@code q[qOff ..]}
     * @param d receives the f16 scales at {@code d[dOff ..]}, one per block
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for a non-finite weight or one too large for an f16
     *     scale
     */
    static void quantiseRow(
            String name, int bits, float[] x, int xOff, int cols, byte[] q, int qOff, short[] d, int dOff) {
        int top = top(bits);
        for (int b = 0; b * Q8Blocks.BLOCK < cols; b++) {
            int from = b * Q8Blocks.BLOCK;
            int to = Math.min(cols, from + Q8Blocks.BLOCK);
            float max = 0f;
            for (int i = from; i < to; i++) {
                float v = x[xOff + i];
                if (!Float.isFinite(v)) {
                    throw CollabException.of(
                            ErrorCode.INVALID_REQUEST,
                            "tensor " + name + " has a non-finite weight " + v + ", not quantisable"
                                    + (bits == 8 ? " as Q8_0" : " to " + bits + "-bit levels"));
                }
                max = Math.max(max, Math.abs(v));
            }
            short bitsF16 = Float.floatToFloat16(max / top);
            float scale = Float.float16ToFloat(bitsF16);
            if (Float.isInfinite(scale)) {
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST,
                        "tensor " + name + " has a weight of " + max + ", too large for an f16 block scale");
            }
            d[dOff + b] = bitsF16;
            for (int i = from; i < to; i++) {
                int v = scale == 0f ? 0 : Math.round(x[xOff + i] / scale);
                q[qOff + i] = (byte) Math.max(-top, Math.min(top, v));
            }
        }
    }
}
