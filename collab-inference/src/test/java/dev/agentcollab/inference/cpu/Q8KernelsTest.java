package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Q8_0 blocks and kernels: quantisation error bounds, the Vector API and scalar kernels against a double-precision
 * reference over the same int8 values, and the batched/register-blocked kernels against the one-row kernel bit for
 * bit, for lengths that are and are not multiples of the block (32) and of the vector width.
 */
class Q8KernelsTest {
    private static final int[] LENGTHS = {1, 5, 8, 16, 31, 32, 33, 40, 63, 64, 100, 768, 771, 1000};
    private static final int MAX_BATCH = 9;

    @Test
    void quantisationErrorIsWithinHalfAStepOfTheStoredScale() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : LENGTHS) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) { // magnitudes from 1e-6 to 10, some blocks with subnormal f16 scales
                x[i] = (float) ((r.nextDouble() * 2 - 1) * Math.pow(10, -6 + (i / 32 % 8)));
            }
            Quantised qx = quantise(x);
            float[] back = new float[n];
            Q8Blocks.dequantiseRow(qx.q, 0, qx.d, 0, n, 1f, back, 0);
            for (int b = 0; b < Q8Blocks.blocks(n); b++) {
                float scale = Q8Blocks.scale(qx.d[b]);
                float max = 0;
                for (int i = b * 32; i < Math.min(n, b * 32 + 32); i++) {
                    max = Math.max(max, Math.abs(x[i]));
                }
                assertEquals(max / 127, scale, max / 127 * 0.001 + 6e-8, "scale of block " + b + ", n " + n);
                double bound = Math.max(scale / 2, max - 127.0 * scale) * (1 + 1e-6);
                for (int i = b * 32; i < Math.min(n, b * 32 + 32); i++) {
                    assertTrue(Math.abs(qx.q[i]) <= 127, "int8 range");
                    assertTrue(
                            Math.abs(x[i] - back[i]) <= bound,
                            "value " + i + " of " + n + ": " + x[i] + " -> " + back[i] + ", bound " + bound);
                    assertEquals((double) qx.q[i] * scale, back[i], 0.0, "q * d is exact in f32");
                }
            }
        }
    }

    @Test
    void relativeRoundTripErrorOfGaussianWeightsIsUnderOnePercent() {
        SplittableRandom r = new SplittableRandom(4);
        int n = 4096;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.05 * gaussian(r));
        }
        Quantised qx = quantise(x);
        float[] back = new float[n];
        Q8Blocks.dequantiseRow(qx.q, 0, qx.d, 0, n, 1f, back, 0);
        double err = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            err += (x[i] - back[i]) * (x[i] - back[i]);
            norm += x[i] * x[i];
        }
        // uniform rounding error of a step max/127 (max about 2.2 sigma of a block of 32): 2.2/127/sqrt(12) = 0.5%
        double rel = Math.sqrt(err / norm);
        assertTrue(rel < 0.01 && rel > 0.001, "relative RMS error " + rel);
    }

    @Test
    void zeroAndBadBlocks() {
        Quantised zero = quantise(new float[40]);
        for (byte b : zero.q) {
            assertEquals(0, b);
        }
        assertEquals(0f, Q8Blocks.scale(zero.d[0]));
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1e10f}) {
            float[] x = new float[33];
            x[32] = bad;
            CollabException e = assertThrows(
                    CollabException.class,
                    () -> Q8Blocks.quantiseRow(
                            "layers.0.mlp.up_proj.weight", x, 0, 33, new byte[33], 0, new short[2], 0));
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertTrue(e.getMessage().contains("layers.0.mlp.up_proj.weight"), e.getMessage());
        }
        assertEquals(34, Q8Blocks.rowBytes(32));
        assertEquals(37, Q8Blocks.rowBytes(33));
    }

    @Test
    void vectorAndScalarKernelsAgreeWithADoubleReference() {
        Q8Kernels vector = Q8Kernels.matching(Kernels.best());
        assertNotSame(Q8Kernels.scalar(), vector, "the tests run with the Vector API module");
        assertSame(Q8Kernels.scalar(), Q8Kernels.matching(new ScalarKernels()));
        SplittableRandom r = new SplittableRandom(5);
        for (int n : LENGTHS) {
            Quantised w = quantise(random(r, n));
            byte[] q = new byte[7 + n];
            System.arraycopy(w.q, 0, q, 7, n);
            short[] d = new short[2 + w.d.length];
            System.arraycopy(w.d, 0, d, 2, w.d.length);
            float[] x = random(r, n + 3);
            double exact = 0;
            double abs = 0;
            for (int i = 0; i < n; i++) {
                double p = (double) w.q[i] * Q8Blocks.scale(w.d[i / 32]) * x[3 + i];
                exact += p;
                abs += Math.abs(p);
            }
            double tol = 1e-6 * abs + 1e-7 * n;
            for (Q8Kernels k : new Q8Kernels[] {vector, Q8Kernels.scalar()}) {
                assertEquals(exact, k.dot(q, 7, d, 2, x, 3, n), tol, k + " n " + n);
            }
        }
    }

    @Test
    void vectorBatchedProductsAreBitIdenticalToOneRowProducts() {
        checkBatchedIdentity(Q8Kernels.matching(Kernels.best()));
    }

    @Test
    void scalarBatchedProductsAreBitIdenticalToOneRowProducts() {
        checkBatchedIdentity(Q8Kernels.scalar());
    }

    /**
     * The register-blocked Vector API kernels (blocks of 1 to 5 activation rows, batch 1-9) against the scalar kernel
     * over the same int8 values, with the two rows at the very end of their arrays, so the read-ahead of the weight
     * and scale streams runs past the end on every call (it is clamped and changes no result).
     */
    @Test
    void blockedVectorKernelsAgreeWithTheScalarKernelAtTheEndOfTheArrays() {
        Q8Kernels vector = Q8Kernels.matching(Kernels.best());
        assertNotSame(Q8Kernels.scalar(), vector, "the tests run with the Vector API module");
        SplittableRandom r = new SplittableRandom(23);
        for (int n : LENGTHS) {
            int bpr = Q8Blocks.blocks(n);
            Quantised w0 = quantise(random(r, n));
            Quantised w1 = quantise(random(r, n));
            byte[] q = new byte[3 + 2 * n];
            System.arraycopy(w0.q, 0, q, 3, n);
            System.arraycopy(w1.q, 0, q, 3 + n, n);
            short[] d = new short[2 + 2 * bpr];
            System.arraycopy(w0.d, 0, d, 2, bpr);
            System.arraycopy(w1.d, 0, d, 2 + bpr, bpr);
            float[] x = random(r, MAX_BATCH * n);
            for (int batch = 1; batch <= MAX_BATCH; batch++) {
                float[] out = new float[2 * batch];
                vector.dots2(q, 3, 3 + n, d, 2, 2 + bpr, x, 0, n, batch, n, out, 0, 2);
                for (int j = 0; j < batch; j++) {
                    double[] abs = new double[2];
                    float[] scalar = {
                        Q8Kernels.scalar().dot(q, 3, d, 2, x, j * n, n),
                        Q8Kernels.scalar().dot(q, 3 + n, d, 2 + bpr, x, j * n, n)
                    };
                    for (int i = 0; i < n; i++) {
                        abs[0] += Math.abs(w0.q[i] * Q8Blocks.scale(w0.d[i / 32]) * x[j * n + i]);
                        abs[1] += Math.abs(w1.q[i] * Q8Blocks.scale(w1.d[i / 32]) * x[j * n + i]);
                    }
                    for (int row = 0; row < 2; row++) {
                        double tol = 2e-6 * abs[row] + 1e-7 * n;
                        assertEquals(
                                scalar[row],
                                out[row + 2 * j],
                                tol,
                                "n " + n + " batch " + batch + " activation row " + j + " weight row " + row);
                    }
                }
            }
        }
    }

    private static void checkBatchedIdentity(Q8Kernels k) {
        SplittableRandom r = new SplittableRandom(11);
        for (int n : LENGTHS) {
            int stride = n + 3; // activation rows need not be packed
            int bpr = Q8Blocks.blocks(n);
            Quantised w0 = quantise(random(r, n));
            Quantised w1 = quantise(random(r, n));
            byte[] q = new byte[1 + 2 * n];
            System.arraycopy(w0.q, 0, q, 1, n);
            System.arraycopy(w1.q, 0, q, 1 + n, n);
            short[] d = new short[1 + 2 * bpr];
            System.arraycopy(w0.d, 0, d, 1, bpr);
            System.arraycopy(w1.d, 0, d, 1 + bpr, bpr);
            float[] x = random(r, 2 + MAX_BATCH * stride);
            for (int batch = 1; batch <= MAX_BATCH; batch++) {
                int os = 5;
                float[] out = new float[2 + batch * os];
                float[] one = new float[2 * batch];
                java.util.Arrays.fill(out, Float.NaN);
                k.dots(q, 1, d, 1, x, 2, stride, batch, n, one, 0, 1);
                k.dots(q, 1 + n, d, 1 + bpr, x, 2, stride, batch, n, one, batch, 1);
                k.dots2(q, 1, 1 + n, d, 1, 1 + bpr, x, 2, stride, batch, n, out, 1, os);
                for (int j = 0; j < batch; j++) {
                    float single0 = k.dot(q, 1, d, 1, x, 2 + j * stride, n);
                    float single1 = k.dot(q, 1 + n, d, 1 + bpr, x, 2 + j * stride, n);
                    assertEquals(single0, one[j], 0.0, "dots n " + n + " batch " + batch + " row " + j);
                    assertEquals(single1, one[batch + j], 0.0, "dots n " + n + " batch " + batch + " row " + j);
                    assertEquals(single0, out[1 + j * os], 0.0, "dots2 w0 n " + n + " batch " + batch + " j " + j);
                    assertEquals(single1, out[2 + j * os], 0.0, "dots2 w1 n " + n + " batch " + batch + " j " + j);
                }
                KernelsTest.assertOnlyOutputsWritten(out, batch, os, "q8 dots2 n " + n);
            }
        }
    }

    private record Quantised(byte[] q, short[] d) {}

    private static Quantised quantise(float[] x) {
        Quantised out = new Quantised(new byte[x.length], new short[Q8Blocks.blocks(x.length)]);
        Q8Blocks.quantiseRow("t", x, 0, x.length, out.q, 0, out.d, 0);
        return out;
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
