package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The paired bf16 row layout: {@link Bf16Pairs#pack} and {@link Bf16Pairs#index} agree and are a permutation, and the
 * bf16 kernels over packed rows give exactly the bits of the f32 kernels over the same values in order (the structure
 * that makes bf16 and f32 storage of a bf16 checkpoint give the same logits), for the scalar and Vector API kernels.
 */
class Bf16PairsTest {
    private static final int[] LENGTHS = {1, 7, 16, 31, 32, 33, 48, 64, 100, 768, 771, 800};

    @Test
    void packPlacesEveryValueWhereIndexSays() {
        for (int n : LENGTHS) {
            int rows = 3;
            short[] w = new short[1 + rows * n];
            for (int i = 0; i < w.length; i++) {
                w[i] = (short) i;
            }
            Bf16Pairs.pack(w, 1, rows, n);
            assertEquals(0, w[0], "before the first row");
            for (int r = 0; r < rows; r++) {
                Set<Integer> seen = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    int at = Bf16Pairs.index(i, n);
                    seen.add(at);
                    assertEquals((short) (1 + r * n + i), w[1 + r * n + at], "n " + n + " row " + r + " value " + i);
                }
                assertEquals(n, seen.size(), "a permutation of the row, n " + n);
            }
            if (n >= Bf16Pairs.GROUP) {
                assertEquals(2, Bf16Pairs.index(1, n));
                assertEquals(1, Bf16Pairs.index(Bf16Pairs.HALF, n));
            }
        }
    }

    @Test
    void vectorKernelsOverPackedRowsGiveTheF32KernelsBits() {
        checkAgainstF32(Kernels.best());
    }

    @Test
    void scalarKernelsOverPackedRowsGiveTheF32KernelsBits() {
        checkAgainstF32(new ScalarKernels());
    }

    private static void checkAgainstF32(Kernels k) {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : LENGTHS) {
            short[] packed = new short[2 + 2 * n];
            float[] values = new float[2 + 2 * n];
            for (int i = 0; i < packed.length; i++) {
                packed[i] = (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16);
                values[i] = Float.intBitsToFloat(packed[i] << 16);
            }
            Bf16Pairs.pack(packed, 2, 2, n);
            int stride = n + 1;
            float[] x = new float[3 + 9 * stride];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            for (int batch = 1; batch <= 9; batch++) {
                float[] out = new float[2 * batch];
                k.dots2Bf16(packed, 2, 2 + n, x, 3, stride, batch, n, out, 0, 2);
                for (int j = 0; j < batch; j++) {
                    String at = k.name() + " n " + n + " batch " + batch + " row " + j;
                    int xo = 3 + j * stride;
                    float f0 = k.dot(values, 2, x, xo, n);
                    float f1 = k.dot(values, 2 + n, x, xo, n);
                    assertEquals(
                            Float.floatToRawIntBits(f0), Float.floatToRawIntBits(k.dotBf16(packed, 2, x, xo, n)), at);
                    assertEquals(Float.floatToRawIntBits(f0), Float.floatToRawIntBits(out[2 * j]), "dots2Bf16 " + at);
                    assertEquals(
                            Float.floatToRawIntBits(f1), Float.floatToRawIntBits(out[2 * j + 1]), "dots2Bf16 " + at);
                }
            }
        }
    }
}
