package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API element-wise ops (GELU times up, logit soft-cap, attention's weighted sum) against the scalar ones,
 * and each against itself over different splits of the same elements and before and after C2 compiles it (bit for
 * bit: a batched forward and single-row forwards, and any thread count, must get the same values). The vector GELU and
 * soft-cap differ from the scalar ones by at most one float ulp, in under 5 % of the elements; the weighted sum not
 * at all.
 */
class ElementwiseTest {
    private static final float CAP = 30f;

    @Test
    void vectorOpsAreUsedWhenTheVectorModuleIsPresent() {
        assertInstanceOf(VectorElementwise.class, Elementwise.best());
    }

    @Test
    void vectorGeluMulIsWithinOneUlpOfScalar() {
        float[] gate = inputs(40_003, 7);
        float[] up = inputs(40_003, 8);
        float[] s = gate.clone();
        float[] v = gate.clone();
        new ScalarElementwise().geluMul(s, up, 0, s.length);
        new VectorElementwise().geluMul(v, up, 0, v.length);
        assertWithinOneUlp(s, v, "gelu*up");
    }

    @Test
    void vectorSoftcapIsWithinOneUlpOfScalar() {
        float[] logits = inputs(40_003, 9);
        for (int i = 0; i < logits.length; i += 3) {
            logits[i] *= 40f; // beyond the cap as well, into tanh's saturation
        }
        float[] s = logits.clone();
        float[] v = logits.clone();
        new ScalarElementwise().softcap(s, 0, s.length, CAP);
        new VectorElementwise().softcap(v, 0, v.length, CAP);
        assertWithinOneUlp(s, v, "softcap");
    }

    @Test
    void specialValuesMatchScalar() {
        float[] x = {
            0f,
            -0f,
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            1e-30f,
            -1e-30f,
            25f,
            -25f,
            600f,
            -600f,
            1e30f,
            -1e30f,
            Float.MAX_VALUE,
            -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.NaN
        };
        float[] up = new float[x.length];
        Arrays.fill(up, 1f);
        for (Elementwise e : new Elementwise[] {new ScalarElementwise(), new VectorElementwise()}) {
            float[] g = x.clone();
            e.geluMul(g, up, 0, g.length);
            float[] c = x.clone();
            e.softcap(c, 0, c.length, CAP);
            float[] gs = x.clone();
            new ScalarElementwise().geluMul(gs, up, 0, gs.length);
            float[] cs = x.clone();
            new ScalarElementwise().softcap(cs, 0, cs.length, CAP);
            assertArrayEquals(gs, g, e.name() + " gelu");
            assertArrayEquals(cs, c, e.name() + " softcap");
        }
    }

    @Test
    void everySplitGivesTheSameBits() {
        for (Elementwise e : new Elementwise[] {new ScalarElementwise(), new VectorElementwise()}) {
            SplittableRandom r = new SplittableRandom(11);
            float[] gate = inputs(5 * 3072 + 5, 12);
            float[] up = inputs(gate.length, 13);
            float[] whole = gate.clone();
            e.geluMul(whole, up, 0, whole.length);
            float[] logits = inputs(gate.length, 14);
            float[] wholeCap = logits.clone();
            e.softcap(wholeCap, 0, wholeCap.length, CAP);
            for (int trial = 0; trial < 20; trial++) {
                float[] g = gate.clone();
                float[] c = logits.clone();
                int start = 0;
                while (start < g.length) {
                    int end = Math.min(g.length, start + 1 + r.nextInt(trial % 2 == 0 ? 40 : 5000));
                    e.geluMul(g, up, start, end);
                    e.softcap(c, start, end, CAP);
                    start = end;
                }
                assertArrayEquals(whole, g, e.name() + " gelu split " + trial);
                assertArrayEquals(wholeCap, c, e.name() + " softcap split " + trial);
            }
        }
    }

    @Test
    void vectorAddScaledHasTheScalarBits() {
        SplittableRandom r = new SplittableRandom(31);
        float[] v = inputs(300, 32);
        for (int n = 1; n <= 67; n++) {
            for (int off : new int[] {0, 3, 17}) {
                float p = (float) r.nextGaussian();
                float[] s = inputs(n + 20, 33 + n);
                float[] w = s.clone();
                new ScalarElementwise().addScaled(p, v, off + 1, s, off, n);
                new VectorElementwise().addScaled(p, v, off + 1, w, off, n);
                assertArrayEquals(s, w, "n " + n + " offset " + off);
            }
        }
    }

    @Test
    void compiledLoopsGiveTheBitsOfTheFirstCall() {
        float[] gate = inputs(4099, 21);
        float[] up = inputs(4099, 22);
        float[] logits = inputs(4099, 23);
        VectorElementwise e = new VectorElementwise();
        float[] firstG = gate.clone();
        e.geluMul(firstG, up, 0, firstG.length);
        float[] firstC = logits.clone();
        e.softcap(firstC, 0, firstC.length, CAP);
        float[] g = new float[gate.length];
        float[] c = new float[logits.length];
        for (int round = 0; round < 3000; round++) { // enough calls for C2 to compile both loops
            System.arraycopy(gate, 0, g, 0, g.length);
            System.arraycopy(logits, 0, c, 0, c.length);
            e.geluMul(g, up, 0, g.length);
            e.softcap(c, 0, c.length, CAP);
        }
        assertArrayEquals(firstG, g, "gelu");
        assertArrayEquals(firstC, c, "softcap");
    }

    @Test
    void vectorExpIsAccurate() {
        var species = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED;
        double[] y = new double[species.length()];
        double maxRel = 0;
        for (double start = -40; start <= 40; start += 0.0137 * y.length) {
            for (int j = 0; j < y.length; j++) {
                y[j] = start + 0.0137 * j;
            }
            double[] e = y.clone();
            VectorElementwise.expAt(e);
            for (int j = 0; j < y.length; j++) {
                maxRel = Math.max(maxRel, Math.abs(e[j] - Math.exp(y[j])) / Math.exp(y[j]));
            }
        }
        assertTrue(maxRel < 4e-16, "max relative error of exp " + maxRel);
    }

    private static void assertWithinOneUlp(float[] expected, float[] actual, String what) {
        int differing = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                differing++;
                assertEquals(expected[i], actual[i], Math.ulp(expected[i]), what + " at " + i);
            }
        }
        assertTrue(differing < expected.length / 20, what + ": " + differing + " of " + expected.length + " differ");
    }

    /** Activations as a forward sees them: mostly small, some large, some tiny, both signs. */
    private static float[] inputs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            double scale =
                    switch (i % 4) {
                        case 0 -> 0.1;
                        case 1 -> 1;
                        case 2 -> 6;
                        default -> 1e-4;
                    };
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }
}
