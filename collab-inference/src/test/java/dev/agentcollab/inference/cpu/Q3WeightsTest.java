package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.DefaultGenerator;
import dev.agentcollab.inference.GenerationOptions;
import dev.agentcollab.inference.GenerationResult;
import dev.agentcollab.inference.TinyModels;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.spec.SpeculativeGenerator;
import dev.agentcollab.inference.spec.SpeculativeOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Whole forwards with {@link WeightFormat#Q3_0} weights: the matrices are Q8_0-layout {@link Q8Matrix}es holding 3-bit
 * levels, batched and one-token forwards stay bit-identical, speculative greedy equals plain greedy, and the logits
 * move much further from f32 than Q8_0's do.
 */
class Q3WeightsTest {
    private static final int V = 96;

    @Test
    void matricesAreQ8LayoutWithThreeBitLevels() {
        Checkpoint ck = TinyModels.targetCheckpoint(3);
        try (CpuBackend q3 = CpuBackend.open(ck, Optional.empty(), new BackendOptions(16, 4, 1), WeightFormat.Q3_0);
                CpuBackend q8 =
                        CpuBackend.open(ck, Optional.empty(), new BackendOptions(16, 4, 1), WeightFormat.Q8_0)) {
            Matrix m = q3.target().layers[0].gate();
            Q8Matrix q = assertInstance(m);
            for (byte[] chunk : q.q) {
                for (byte v : chunk) {
                    assertTrue(Math.abs(v) <= 3, "a 3-bit level: " + v);
                }
            }
            assertEquals(q8.weightBytesPerToken(), q3.weightBytesPerToken(), "held in the Q8_0 layout");
            assertTrue(q3.name().contains("-q3_0-"), q3.name());
        }
    }

    @Test
    void batchedForwardIsBitIdenticalToOneTokenForwards() {
        Checkpoint ck = TinyModels.targetCheckpoint(4);
        for (RowChunking chunking : List.of(RowChunking.defaults(), new RowChunking(70))) {
            int[] prompt = TinyModels.prompt(7, 11);
            try (CpuBackend batched =
                            CpuBackend.open(ck, Optional.empty(), new BackendOptions(32, 12, 2), WeightFormat.Q3_0);
                    CpuBackend single = CpuBackend.open(
                            ck, Optional.empty(), new BackendOptions(32, 12, 1), WeightFormat.Q3_0, chunking)) {
                float[] all = new float[11 * V];
                batched.forward(prompt, 11, all, true);
                float[] one = new float[V];
                for (int i = 0; i < prompt.length; i++) {
                    single.forward(new int[] {prompt[i]}, 1, one, false);
                    assertArrayEquals(Arrays.copyOfRange(all, i * V, (i + 1) * V), one, "row " + i);
                }
            }
        }
    }

    @Test
    void speculativeGreedyWithAQ3TargetEqualsPlainQ3GreedyDecoding() {
        BackendOptions opts = new BackendOptions(128, 8, 2);
        for (int k : new int[] {1, 3}) {
            try (CpuBackend b = CpuBackend.open(
                            TinyModels.targetCheckpoint(80 + k),
                            Optional.of(TinyModels.drafterCheckpoint(90 + k)),
                            opts,
                            WeightFormat.Q3_0);
                    SpeculativeGenerator spec = new SpeculativeGenerator(b, SpeculativeOptions.of(k))) {
                int[] prompt = TinyModels.prompt(k, 9);
                GenerationResult plain =
                        new DefaultGenerator(b).generate(prompt, GenerationOptions.greedy(40), new SplittableRandom(0));
                GenerationResult fast = spec.generate(prompt, GenerationOptions.greedy(40), new SplittableRandom(0));
                assertEquals(plain.tokens(), fast.tokens(), "K " + k);
            }
        }
    }

    @Test
    void threeBitLogitsMoveMuchFurtherFromF32ThanQ8Logits() {
        double q3 = 0;
        double q8 = 0;
        for (long seed = 1; seed <= 3; seed++) {
            Checkpoint ck = TinyModels.targetCheckpoint(seed);
            int[] prompt = TinyModels.prompt(seed, 16);
            BackendOptions opts = new BackendOptions(32, 16, 1);
            try (CpuBackend f = CpuBackend.open(ck, Optional.empty(), opts, WeightFormat.F32);
                    CpuBackend a = CpuBackend.open(ck, Optional.empty(), opts, WeightFormat.Q3_0);
                    CpuBackend b = CpuBackend.open(ck, Optional.empty(), opts, WeightFormat.Q8_0)) {
                float[] ref = logits(f, prompt);
                q3 += squaredDistance(ref, logits(a, prompt));
                q8 += squaredDistance(ref, logits(b, prompt));
            }
        }
        System.out.printf(java.util.Locale.ROOT, "RMS-ratio of logit drift q3_0 / q8_0: %.1f%n", Math.sqrt(q3 / q8));
        // measured: 14.8 times Q8_0's RMS logit drift
        assertTrue(q3 > 100 * q8, "q3_0 drift " + q3 + " vs q8_0 " + q8);
    }

    private static Q8Matrix assertInstance(Matrix m) {
        assertTrue(m instanceof Q8Matrix, m.getClass().getName());
        return (Q8Matrix) m;
    }

    private static float[] logits(CpuBackend b, int[] prompt) {
        float[] out = new float[prompt.length * V];
        b.forward(prompt, prompt.length, out, true);
        return out;
    }

    private static double squaredDistance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        return sum;
    }
}
