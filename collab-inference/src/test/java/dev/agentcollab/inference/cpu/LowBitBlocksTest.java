package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Low-bit block quantisation into the Q8_0 layout against a scalar double-precision reference: every value is one of
 * the {@code bits}-bit levels, one f16 scale per block of 32 ({@code max|x| / top}), the round trip within half a
 * step, 8 bits identical to Q8_0, and 3 bits measurably coarser than Q8_0 on the same weights.
 */
class LowBitBlocksTest {
    private static final int[] LENGTHS = {1, 5, 31, 32, 33, 64, 100, 771};

    @Test
    void threeBitValuesAreLevelsOfOneScalePerBlockAndMatchTheScalarReference() {
        SplittableRandom r = new SplittableRandom(17);
        for (int n : LENGTHS) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) { // magnitudes from 1e-4 to 10 across blocks
                x[i] = (float) ((r.nextDouble() * 2 - 1) * Math.pow(10, -4 + (i / 32 % 6)));
            }
            byte[] q = new byte[n];
            short[] d = new short[Q8Blocks.blocks(n)];
            LowBitBlocks.quantiseRow("w", 3, x, 0, n, q, 0, d, 0);
            float[] back = new float[n];
            Q8Blocks.dequantiseRow(q, 0, d, 0, n, 1f, back, 0);
            for (int b = 0; b < d.length; b++) {
                int from = b * 32;
                int to = Math.min(n, from + 32);
                double max = 0;
                for (int i = from; i < to; i++) {
                    max = Math.max(max, Math.abs((double) x[i]));
                }
                double scale = Q8Blocks.scale(d[b]);
                assertEquals(max / 3, scale, max / 3 * 1e-3 + 6e-8, "block " + b + " of " + n + ": scale = max / 3");
                double bound = Math.max(scale / 2, max - 3 * scale) * (1 + 1e-6);
                for (int i = from; i < to; i++) {
                    int reference = (int) Math.max(-3, Math.min(3, Math.floor(x[i] / scale + 0.5)));
                    assertEquals(reference, q[i], "value " + i + " of " + n + ": " + x[i] + " / " + scale);
                    assertTrue(Math.abs(q[i]) <= 3, "a 3-bit level");
                    assertTrue(
                            Math.abs(x[i] - back[i]) <= bound,
                            "value " + i + " of " + n + ": " + x[i] + " -> " + back[i] + ", bound " + bound);
                }
            }
        }
    }

    @Test
    void everyLevelOfThreeBitsIsUsedAndNoOther() {
        SplittableRandom r = new SplittableRandom(2);
        int n = 4096;
        float[] x = gaussian(r, n);
        byte[] q = new byte[n];
        LowBitBlocks.quantiseRow("w", 3, x, 0, n, q, 0, new short[Q8Blocks.blocks(n)], 0);
        boolean[] seen = new boolean[7];
        for (byte v : q) {
            seen[v + 3] = true;
        }
        assertArrayEquals(new boolean[] {true, true, true, true, true, true, true}, seen, "levels -3..3");
    }

    @Test
    void eightBitsQuantiseExactlyLikeQ8_0() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n : LENGTHS) {
            float[] x = gaussian(r, n);
            byte[] q8 = new byte[n];
            short[] d8 = new short[Q8Blocks.blocks(n)];
            Q8Blocks.quantiseRow("w", x, 0, n, q8, 0, d8, 0);
            byte[] q = new byte[n];
            short[] d = new short[d8.length];
            LowBitBlocks.quantiseRow("w", 8, x, 0, n, q, 0, d, 0);
            assertArrayEquals(q8, q, "values, n " + n);
            assertArrayEquals(d8, d, "scales, n " + n);
        }
    }

    @Test
    void threeBitsCostFarMoreRoundTripErrorThanQ8_0() {
        // uniform rounding error: RMS about step / sqrt(12) with step = max / top, so 3 bits against 8 is about 127 / 3
        SplittableRandom r = new SplittableRandom(9);
        int n = 32 * 256;
        float[] x = gaussian(r, n);
        double rms3 = rms(x, 3);
        double rms8 = rms(x, 8);
        double rel = rms3 / Math.sqrt(meanSquare(x));
        System.out.printf(java.util.Locale.ROOT, "3-bit RMS %.3g, 8-bit RMS %.3g, relative %.3f%n", rms3, rms8, rel);
        // measured: 3-bit RMS 0.0116, 8-bit RMS 0.000276 (42x), relative 0.23
        assertTrue(rms3 > 20 * rms8, rms3 + " vs " + rms8);
        assertTrue(rel > 0.1 && rel < 0.3, "relative RMS error of 3-bit gaussian weights: " + rel);
    }

    @Test
    void badInputIsRefusedByName() {
        float[] x = {1f, Float.NaN};
        CollabException e = assertThrows(
                CollabException.class,
                () -> LowBitBlocks.quantiseRow("layers.0.w", 3, x, 0, 2, new byte[2], 0, new short[1], 0));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains("layers.0.w"), e.getMessage());
        IllegalArgumentException bits = assertThrows(IllegalArgumentException.class, () -> LowBitBlocks.top(1));
        assertEquals("bits must be in [2, 8], but was 1", bits.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LowBitBlocks.top(9));
        assertEquals(3, LowBitBlocks.top(3));
        assertEquals(127, LowBitBlocks.top(8));
    }

    private static double rms(float[] x, int bits) {
        byte[] q = new byte[x.length];
        short[] d = new short[Q8Blocks.blocks(x.length)];
        LowBitBlocks.quantiseRow("w", bits, x, 0, x.length, q, 0, d, 0);
        float[] back = new float[x.length];
        Q8Blocks.dequantiseRow(q, 0, d, 0, x.length, 1f, back, 0);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += (x[i] - back[i]) * (double) (x[i] - back[i]);
        }
        return Math.sqrt(sum / x.length);
    }

    private static double meanSquare(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += v * (double) v;
        }
        return sum / x.length;
    }

    private static float[] gaussian(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double u = Math.max(1e-12, r.nextDouble());
            x[i] = (float) (0.05 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble()));
        }
        return x;
    }
}
