package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The kernels that put every activation row on the weight stream ({@link VectorStreamBlocks} and {@link
 * VectorStreamBf16}, through {@link VectorKernels#rows} and {@link VectorKernels#rowsBf16} in each {@link
 * VectorKernels.Stream} mode) against the one-row f32 kernel bit for bit (bf16 rows in the {@link Bf16Pairs} layout
 * hold the same values, so they must give the same bits): runs
 * long enough for several stripes and for every remainder after whole fours and pairs (an odd last row alone), 1 to 8
 * activation rows (one streaming pass, then passes from the cache past the fifth), lengths with and without whole
 * vectors and whole bf16 groups (and whole vectors after the last group), misaligned weight and activation offsets, strided activation rows, output rows wider than the run, and no
 * output slot written outside the run.
 */
class StreamRowsTest {
    private static final int[] LENGTHS = {1, 15, 16, 17, 33, 48, 100, 113, 771};
    private static final int[] COUNTS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 16, 17, 18, 19, 31, 40, 67};
    private static final int MAX_BATCH = 8;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyModeGivesTheOneRowKernelsBits() {
        assumeTrue(Kernels.best() instanceof VectorKernels, "the Vector API is not in the module graph");
        for (VectorKernels.Stream mode : VectorKernels.Stream.values()) {
            check(new VectorKernels(true, mode));
        }
    }

    /**
     * Runs cut into striped blocks ({@link VectorKernels#STRIPE_BYTES_PROPERTY}): blocks of the smallest four rows,
     * of a few fours (rows of 1 to 771 values make the same byte limit 4 to dozens of rows), and whole runs, each block
     * with its own stripes and the run's left-over rows in its last block only.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void stripedBlocksGiveTheOneRowKernelsBits() {
        assumeTrue(Kernels.best() instanceof VectorKernels, "the Vector API is not in the module graph");
        for (int bytes : new int[] {0, 1, 256, 1000, 4096}) {
            check(new VectorKernels(true, VectorKernels.Stream.STRIPES, bytes));
        }
    }

    @Test
    void stripeBytesAreParsedAndCheckedWithClearErrors() {
        assumeTrue(Kernels.best() instanceof VectorKernels, "the Vector API is not in the module graph");
        assertEquals(VectorKernels.DEFAULT_STRIPE_BYTES, VectorKernels.stripeBytes(null));
        assertEquals(0, VectorKernels.stripeBytes("0"));
        assertEquals(65_536, VectorKernels.stripeBytes(" 65536 "));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> VectorKernels.stripeBytes("192k"));
        assertEquals(VectorKernels.STRIPE_BYTES_PROPERTY + " must be a byte count, not 192k", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> new VectorKernels(true, VectorKernels.Stream.STRIPES, -1));
        assertEquals(VectorKernels.STRIPE_BYTES_PROPERTY + " must be >= 0, not -1", e.getMessage());
        if (System.getProperty(VectorKernels.STRIPE_BYTES_PROPERTY) == null) {
            assertEquals(VectorKernels.DEFAULT_STRIPE_BYTES, new VectorKernels().stripeBytes());
        }
    }

    /** A bad kernel property is an error when the kernels are chosen, not a silent fall-back to the scalar ones. */
    @Test
    void aBadStripeBytesValueFailsTheChoiceOfKernels() {
        assumeTrue(Kernels.best() instanceof VectorKernels, "the Vector API is not in the module graph");
        String before = System.getProperty(VectorKernels.STRIPE_BYTES_PROPERTY);
        try {
            System.setProperty(VectorKernels.STRIPE_BYTES_PROPERTY, "-1");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Kernels.Holder::choose);
            assertEquals(VectorKernels.STRIPE_BYTES_PROPERTY + " must be >= 0, not -1", e.getMessage());
            System.setProperty(VectorKernels.STRIPE_BYTES_PROPERTY, "65536");
            assertEquals(65_536, ((VectorKernels) Kernels.Holder.choose()).stripeBytes());
        } finally {
            if (before == null) {
                System.clearProperty(VectorKernels.STRIPE_BYTES_PROPERTY);
            } else {
                System.setProperty(VectorKernels.STRIPE_BYTES_PROPERTY, before);
            }
        }
    }

    @Test
    void theDefaultIsStripesAndBadValuesAreRejected() {
        assumeTrue(Kernels.best() instanceof VectorKernels, "the Vector API is not in the module graph");
        assertEquals(VectorKernels.Stream.STRIPES, VectorKernels.Stream.of("stripes"));
        assertEquals(VectorKernels.Stream.FALSE, VectorKernels.Stream.of("false"));
        assertEquals(VectorKernels.Stream.QUADS, VectorKernels.Stream.of("Quads"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> VectorKernels.Stream.of("fast"));
        assertEquals(
                VectorKernels.STREAM_PROPERTY + " must be stripes, quads, pairs or false, not fast", e.getMessage());
        if (System.getProperty(VectorKernels.STREAM_PROPERTY) == null) {
            assertEquals(VectorKernels.Stream.STRIPES, new VectorKernels().stream());
        }
    }

    private static void check(VectorKernels k) {
        SplittableRandom r = new SplittableRandom(23);
        int maxCount = Arrays.stream(COUNTS).max().orElseThrow();
        for (int n : LENGTHS) {
            for (int wOff : new int[] {0, 5}) {
                int xs = n + 3; // activation rows need not be packed
                float[] w = new float[wOff + maxCount * n + 7];
                short[] packed = new short[w.length];
                for (int i = 0; i < w.length; i++) {
                    packed[i] = (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16);
                    w[i] = Float.intBitsToFloat(packed[i] << 16);
                }
                Bf16Pairs.pack(packed, wOff, maxCount, n);
                int xOff = wOff == 0 ? 0 : 3;
                float[] x = new float[xOff + MAX_BATCH * xs];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) r.nextGaussian();
                }
                for (int count : COUNTS) {
                    for (int batch = 1; batch <= MAX_BATCH; batch++) {
                        int os = count + 2;
                        float[] out = new float[1 + batch * os];
                        float[] outB = new float[out.length];
                        Arrays.fill(out, Float.NaN);
                        Arrays.fill(outB, Float.NaN);
                        k.rows(w, wOff, count, n, x, xOff, xs, batch, out, 1, os);
                        k.rowsBf16(packed, wOff, count, n, x, xOff, xs, batch, outB, 1, os);
                        for (int j = 0; j < batch; j++) {
                            for (int row = 0; row < count; row++) {
                                float want = k.dot(w, wOff + row * n, x, xOff + j * xs, n);
                                String at = k.stream() + " blocks of " + k.stripeBytes() + " bytes n " + n + " offset "
                                        + wOff + " rows " + count + " batch " + batch + " row " + row + " activation "
                                        + j;
                                assertEquals(
                                        Float.floatToRawIntBits(want),
                                        Float.floatToRawIntBits(out[1 + row + j * os]),
                                        "f32 " + at);
                                assertEquals(
                                        Float.floatToRawIntBits(want),
                                        Float.floatToRawIntBits(outB[1 + row + j * os]),
                                        "bf16 " + at);
                            }
                        }
                        for (int i = 0; i < out.length; i++) {
                            boolean output = i >= 1 && (i - 1) / os < batch && (i - 1) % os < count;
                            if (!output) {
                                String at = k.stream() + " blocks of " + k.stripeBytes() + " bytes n " + n + " rows "
                                        + count + " batch " + batch + " wrote slot " + i;
                                assertEquals(Float.NaN, out[i], 0.0, "f32 " + at);
                                assertEquals(Float.NaN, outB[i], 0.0, "bf16 " + at);
                            }
                        }
                    }
                }
            }
        }
    }
}
