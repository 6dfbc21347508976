package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The batched kernels against the one-row kernel (bit for bit) and the Vector API kernels against the scalar ones
 * (within rounding), for every batch size a verification uses, lengths with and without a vector tail, and odd offsets.
 */
class KernelsTest {
    private static final int[] LENGTHS = {1, 7, 16, 33, 64, 100, 768, 771};
    private static final int MAX_BATCH = 9;

    @Test
    void vectorBatchedProductsAreBitIdenticalToOneRowProducts() {
        checkBatchedIdentity(Kernels.best());
    }

    @Test
    void scalarBatchedProductsAreBitIdenticalToOneRowProducts() {
        checkBatchedIdentity(new ScalarKernels());
    }

    @Test
    void vectorProductsAgreeWithScalarProducts() {
        Kernels vector = Kernels.best();
        Kernels scalar = new ScalarKernels();
        SplittableRandom r = new SplittableRandom(5);
        for (int n : LENGTHS) {
            float[] w = random(r, 2 * n + 3);
            short[] wb = bf16(w);
            float[] x = random(r, MAX_BATCH * n + 5);
            for (int j = 0; j < MAX_BATCH; j++) {
                int xo = 5 + j * n - 5 * Math.min(1, j);
                double tol = 1e-4 * Math.sqrt(n) * 4;
                assertEquals(scalar.dot(w, 3, x, xo, n), vector.dot(w, 3, x, xo, n), tol, "f32 n " + n);
                assertEquals(scalar.dotBf16(wb, 3, x, xo, n), vector.dotBf16(wb, 3, x, xo, n), tol, "bf16 n " + n);
            }
        }
    }

    private static void checkBatchedIdentity(Kernels k) {
        SplittableRandom r = new SplittableRandom(11);
        for (int n : LENGTHS) {
            int stride = n + 3; // activation rows need not be packed
            float[] w = random(r, 1 + 2 * n);
            short[] wb = bf16(w);
            float[] x = random(r, 2 + MAX_BATCH * stride);
            for (int batch = 1; batch <= MAX_BATCH; batch++) {
                int os = 5;
                float[] out = new float[2 + batch * os];
                float[] outB = new float[2 + batch * os];
                float[] one = new float[batch];
                float[] oneB = new float[batch];
                java.util.Arrays.fill(out, Float.NaN);
                java.util.Arrays.fill(outB, Float.NaN);
                k.dots(w, 1, x, 2, stride, batch, n, one, 0, 1);
                k.dotsBf16(wb, 1, x, 2, stride, batch, n, oneB, 0, 1);
                k.dots2(w, 1, 1 + n, x, 2, stride, batch, n, out, 1, os);
                k.dots2Bf16(wb, 1, 1 + n, x, 2, stride, batch, n, outB, 1, os);
                for (int j = 0; j < batch; j++) {
                    String at = k.name() + " n " + n + " batch " + batch + " row " + j;
                    int xo = 2 + j * stride;
                    float d0 = k.dot(w, 1, x, xo, n);
                    float d1 = k.dot(w, 1 + n, x, xo, n);
                    float b0 = k.dotBf16(wb, 1, x, xo, n);
                    float b1 = k.dotBf16(wb, 1 + n, x, xo, n);
                    assertEquals(Float.floatToRawIntBits(d0), Float.floatToRawIntBits(one[j]), "dots " + at);
                    assertEquals(Float.floatToRawIntBits(b0), Float.floatToRawIntBits(oneB[j]), "dotsBf16 " + at);
                    assertEquals(Float.floatToRawIntBits(d0), Float.floatToRawIntBits(out[1 + j * os]), "dots2 " + at);
                    assertEquals(Float.floatToRawIntBits(d1), Float.floatToRawIntBits(out[2 + j * os]), "dots2 " + at);
                    assertEquals(
                            Float.floatToRawIntBits(b0), Float.floatToRawIntBits(outB[1 + j * os]), "dots2Bf16 " + at);
                    assertEquals(
                            Float.floatToRawIntBits(b1), Float.floatToRawIntBits(outB[2 + j * os]), "dots2Bf16 " + at);
                }
                assertOnlyOutputsWritten(out, batch, os, "dots2 " + k.name() + " n " + n);
                assertOnlyOutputsWritten(outB, batch, os, "dots2Bf16 " + k.name() + " n " + n);
            }
        }
    }

    /**
     * Slots of {@code out} other than the {@code batch} output pairs at {@code 1 + j*os} are still NaN: a block that
     * repeats its last activation row for a missing one does not write it.
     */
    static void assertOnlyOutputsWritten(float[] out, int batch, int os, String at) {
        for (int i = 0; i < out.length; i++) {
            int slot = (i - 1) % os;
            boolean output = i >= 1 && (i - 1) / os < batch && (slot == 0 || slot == 1);
            if (!output) {
                assertEquals(Float.NaN, out[i], 0.0, at + " batch " + batch + " wrote slot " + i);
            }
        }
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** bf16 bits of each value, and the value itself truncated to them, so both kernels see the same weights. */
    private static short[] bf16(float[] w) {
        short[] b = new short[w.length];
        for (int i = 0; i < w.length; i++) {
            b[i] = (short) (Float.floatToRawIntBits(w[i]) >>> 16);
        }
        return b;
    }
}
