package dev.agentcollab.inference.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.GenerationOptions;
import dev.agentcollab.inference.GenerationResult;
import dev.agentcollab.inference.TinyModels;
import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.sampling.Sampler;
import dev.agentcollab.inference.sampling.SamplingOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The rejection rule must reproduce the target distribution; checked with chi-square at fixed seeds. */
class RejectionSamplingTest {
    /** Chi-square critical values at p = 0.001. */
    private static final double CHI2_5_DOF = 20.52;

    private static final double CHI2_8_DOF = 26.12;

    @Test
    void firstEmittedTokenIsDistributedAsTheTarget() {
        int v = 6;
        float[] targetLogits = {2.0f, 1.0f, 0.5f, 0f, -1f, 0.3f, /* bonus row */ 0f, 0f, 0f, 0f, 0f, 0f};
        float[] draftLogits = {0f, 2.5f, 0.5f, 1.5f, -2f, 0f};
        SamplingOptions s = SamplingOptions.temperature(1.0);
        Sampler sampler = new Sampler(v);
        float[] p = new float[v];
        float[] q = new float[v];
        sampler.distribution(targetLogits, 0, s, p, 0);
        sampler.distribution(draftLogits, 0, s, q, 0);
        Verifier verifier = new Verifier(v);
        SplittableRandom random = new SplittableRandom(2024);
        int n = 30_000;
        long[] counts = new long[v];
        int accepted = 0;
        int[] out = new int[2];
        for (int i = 0; i < n; i++) {
            int[] draft = {sampler.sample(q, 0, random.nextDouble())};
            accepted += verifier.verifySampled(draft, 1, targetLogits, s, q, random, out);
            counts[out[0]]++;
        }
        assertTrue(chiSquare(counts, p, n) < CHI2_5_DOF, "chi-square " + chiSquare(counts, p, n));
        // acceptance probability is sum_x min(p, q)
        double expected = 0;
        for (int t = 0; t < v; t++) {
            expected += Math.min(p[t], q[t]);
        }
        assertEquals(expected, accepted / (double) n, 0.015);
    }

    @Test
    void speculativeSamplingMatchesTheTargetsJointDistributionEndToEnd() {
        SamplingOptions s = new SamplingOptions(1.0, 3, 1.0);
        int[] prompt = TinyModels.prompt(12, 5);
        try (CpuBackend b = TinyModels.backend(40, 1);
                SpeculativeGenerator spec = new SpeculativeGenerator(b, SpeculativeOptions.of(1))) {
            int vocab = b.config().vocabSize();
            Sampler sampler = new Sampler(vocab);
            // exact target probabilities of the first two tokens under top-3 sampling
            float[] logits = new float[vocab];
            b.truncate(0);
            b.forward(prompt, prompt.length, logits, false);
            float[] p1 = new float[vocab];
            sampler.distribution(logits, 0, s, p1, 0);
            int[] support = top3(p1);
            double[] expected = new double[9];
            int[][] second = new int[3][];
            for (int i = 0; i < 3; i++) {
                b.truncate(prompt.length);
                b.forward(new int[] {support[i]}, 1, logits, false);
                float[] p2 = new float[vocab];
                sampler.distribution(logits, 0, s, p2, 0);
                second[i] = top3(p2);
                for (int j = 0; j < 3; j++) {
                    expected[i * 3 + j] = p1[support[i]] * p2[second[i][j]];
                }
            }
            SplittableRandom random = new SplittableRandom(77);
            int n = 3000;
            long[] counts = new long[9];
            long drafted = 0;
            for (int r = 0; r < n; r++) {
                GenerationResult g =
                        spec.generate(prompt, new GenerationOptions(3, s, java.util.List.of(), false), random);
                int i = indexOf(support, g.tokens().get(0));
                int j = indexOf(second[i], g.tokens().get(1));
                counts[i * 3 + j]++;
                drafted += g.acceptance().orElseThrow().draftedTokens();
            }
            assertTrue(drafted >= n, "the second token always comes from a verification round");
            float[] expectedF = new float[9];
            for (int c = 0; c < 9; c++) {
                expectedF[c] = (float) expected[c];
            }
            double chi2 = chiSquare(counts, expectedF, n);
            assertTrue(chi2 < CHI2_8_DOF, "chi-square " + chi2);
        }
    }

    private static int[] top3(float[] p) {
        int[] idx = new int[3];
        int n = 0;
        for (int t = 0; t < p.length; t++) {
            if (p[t] > 0) {
                idx[n++] = t;
            }
        }
        assertEquals(3, n);
        return idx;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        throw new AssertionError("token " + v + " outside the top-3 support");
    }

    private static double chiSquare(long[] counts, float[] probs, int n) {
        double chi = 0;
        for (int i = 0; i < counts.length; i++) {
            double e = probs[i] * (double) n;
            chi += (counts[i] - e) * (counts[i] - e) / e;
        }
        return chi;
    }
}
