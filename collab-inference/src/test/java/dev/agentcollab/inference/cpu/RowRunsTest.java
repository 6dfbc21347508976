package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The run kernels ({@code rows}, {@code rowsBf16}: many consecutive weight rows by a batch of activation rows, as a
 * matrix product hands them to a worker) against the one-row kernels bit for bit: the scalar kernels, the Vector API
 * kernels as chosen, the Vector API kernels taking f32 runs four rows at a time and pair by pair (the earlier path),
 * and in each mode that puts every activation row on the weight stream ({@code VectorKernels.Stream}; striped runs
 * whole, in the default blocks and in blocks of four rows). Runs of 1 to 9
 * rows (what is left after whole fours goes pair by pair, an odd last row alone), batches of 1 to 9 (up to three
 * activation blocks after the streaming row), lengths with
 * and without whole vectors and whole bf16 groups, strided activation rows, and no output slot written outside the
 * run.
 */
class RowRunsTest {
    private static final int[] LENGTHS = {1, 7, 16, 31, 33, 64, 100, 768, 771};
    private static final int MAX_ROWS = 9;
    private static final int MAX_BATCH = 9;

    @Test
    void runsGiveTheOneRowKernelsBits() {
        for (Kernels k : kernels()) {
            check(k);
        }
    }

    /** The kernels to check: scalar, the chosen one, and (with the Vector API) each way of taking runs. */
    private static List<Kernels> kernels() {
        List<Kernels> ks = new ArrayList<>(List.of(new ScalarKernels(), Kernels.best()));
        if (Kernels.best() instanceof VectorKernels) {
            ks.add(new VectorKernels(false));
            ks.add(new VectorKernels(true));
            ks.add(new VectorKernels(true, VectorKernels.Stream.PAIRS));
            ks.add(new VectorKernels(true, VectorKernels.Stream.QUADS));
            ks.add(new VectorKernels(true, VectorKernels.Stream.STRIPES));
            ks.add(new VectorKernels(true, VectorKernels.Stream.STRIPES, 0));
            ks.add(new VectorKernels(true, VectorKernels.Stream.STRIPES, 1));
        }
        return ks;
    }

    private static void check(Kernels k) {
        SplittableRandom r = new SplittableRandom(17);
        for (int n : LENGTHS) {
            int xs = n + 3; // activation rows need not be packed
            float[] values = new float[5 + MAX_ROWS * n];
            short[] packed = new short[values.length];
            for (int i = 0; i < values.length; i++) {
                packed[i] = (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16);
                values[i] = Float.intBitsToFloat(packed[i] << 16);
            }
            Bf16Pairs.pack(packed, 5, MAX_ROWS, n);
            float[] x = new float[2 + MAX_BATCH * xs];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            for (int count = 1; count <= MAX_ROWS; count++) {
                for (int batch = 1; batch <= MAX_BATCH; batch++) {
                    int os = count + 2;
                    float[] out = new float[1 + batch * os];
                    float[] outB = new float[1 + batch * os];
                    Arrays.fill(out, Float.NaN);
                    Arrays.fill(outB, Float.NaN);
                    k.rows(values, 5, count, n, x, 2, xs, batch, out, 1, os);
                    k.rowsBf16(packed, 5, count, n, x, 2, xs, batch, outB, 1, os);
                    for (int j = 0; j < batch; j++) {
                        for (int row = 0; row < count; row++) {
                            String at = k.name() + " n " + n + " rows " + count + " batch " + batch + " row " + row
                                    + " activation " + j;
                            float want = k.dot(values, 5 + row * n, x, 2 + j * xs, n);
                            int slot = 1 + row + j * os;
                            assertEquals(
                                    Float.floatToRawIntBits(want), Float.floatToRawIntBits(out[slot]), "f32 " + at);
                            assertEquals(
                                    Float.floatToRawIntBits(want), Float.floatToRawIntBits(outB[slot]), "bf16 " + at);
                        }
                    }
                    assertOnlyRunWritten(out, count, batch, os, k.name() + " f32 n " + n);
                    assertOnlyRunWritten(outB, count, batch, os, k.name() + " bf16 n " + n);
                }
            }
        }
    }

    private static void assertOnlyRunWritten(float[] out, int count, int batch, int os, String at) {
        for (int i = 0; i < out.length; i++) {
            boolean output = i >= 1 && (i - 1) / os < batch && (i - 1) % os < count;
            if (!output) {
                assertEquals(Float.NaN, out[i], 0.0, at + " rows " + count + " batch " + batch + " wrote slot " + i);
            }
        }
    }
}
