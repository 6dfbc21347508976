package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.DefaultGenerator;
import dev.agentcollab.inference.GenerationOptions;
import dev.agentcollab.inference.GenerationResult;
import dev.agentcollab.inference.TinyModels;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.ModelLoader;
import dev.agentcollab.inference.model.ModelWriter;
import dev.agentcollab.inference.model.RandomCheckpoints;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.spec.SpeculativeGenerator;
import dev.agentcollab.inference.spec.SpeculativeOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole forwards with Q8_0 weights: batched and one-token forwards are bit-identical (also across row chunks),
 * speculative greedy output equals plain greedy output, a bf16 checkpoint on disk quantises exactly like the same
 * values held in f32, and the logits stay close to f32 storage (measured bounds).
 */
class Q8WeightsTest {
    private static final int V = 96;

    @TempDir
    Path dir;

    /** Hidden 44 and MLP 76: rows that are neither whole blocks of 32 nor whole vectors. */
    private static ModelConfig oddShape() {
        return ModelConfig.builder()
                .vocabSize(V)
                .hiddenSize(44)
                .intermediateSize(76)
                .heads(4, 2)
                .headDims(8, 16)
                .pattern(5, 2)
                .slidingWindow(4)
                .numKvSharedLayers(2)
                .perLayerInputs(8, V)
                .maxPositionEmbeddings(512)
                .specialTokens(2, List.of(1))
                .build();
    }

    @Test
    void batchedForwardIsBitIdenticalToOneTokenForwards() {
        for (Checkpoint ck : List.of(
                TinyModels.targetCheckpoint(3), RandomCheckpoints.target(oddShape(), new SplittableRandom(4)))) {
            for (RowChunking chunking : List.of(RowChunking.defaults(), new RowChunking(70))) {
                int[] prompt = TinyModels.prompt(7, 11);
                try (CpuBackend batched = CpuBackend.open(
                                ck, Optional.empty(), new BackendOptions(32, 12, 2), WeightFormat.Q8_0);
                        CpuBackend single = CpuBackend.open(
                                ck, Optional.empty(), new BackendOptions(32, 12, 1), WeightFormat.Q8_0, chunking)) {
                    float[] all = new float[11 * V];
                    batched.forward(prompt, 11, all, true);
                    float[] one = new float[V];
                    for (int i = 0; i < prompt.length; i++) {
                        single.forward(new int[] {prompt[i]}, 1, one, false);
                        assertArrayEquals(Arrays.copyOfRange(all, i * V, (i + 1) * V), one, "row " + i);
                    }
                    assertTrue(batched.name().contains("-q8_0-"), batched.name());
                }
            }
        }
    }

    @Test
    void speculativeGreedyWithAQ8TargetEqualsPlainQ8GreedyDecoding() {
        BackendOptions opts = new BackendOptions(128, 8, 2);
        for (int k : new int[] {1, 2, 5, 7}) {
            try (CpuBackend b = CpuBackend.open(
                            TinyModels.targetCheckpoint(80 + k),
                            Optional.of(TinyModels.drafterCheckpoint(90 + k)),
                            opts,
                            WeightFormat.Q8_0);
                    SpeculativeGenerator spec = new SpeculativeGenerator(b, SpeculativeOptions.of(k))) {
                int[] prompt = TinyModels.prompt(k, 9);
                GenerationResult plain =
                        new DefaultGenerator(b).generate(prompt, GenerationOptions.greedy(40), new SplittableRandom(0));
                GenerationResult fast = spec.generate(prompt, GenerationOptions.greedy(40), new SplittableRandom(0));
                assertEquals(plain.tokens(), fast.tokens(), "K " + k);
                assertEquals(plain.logProbs(), fast.logProbs(), "K " + k);
            }
        }
    }

    @Test
    void aBf16CheckpointQuantisesExactlyLikeTheSameValuesInF32() {
        ModelWriter.writeTarget(dir.resolve("bf16"), TinyModels.targetCheckpoint(70), DType.BF16);
        Checkpoint bf16 = ModelLoader.loadTarget(dir.resolve("bf16"));
        ModelWriter.writeTarget(dir.resolve("f32"), bf16, DType.F32); // the bf16 values, widened exactly
        Checkpoint f32 = ModelLoader.loadTarget(dir.resolve("f32"));
        BackendOptions opts = new BackendOptions(16, 8, 1);
        int[] prompt = TinyModels.prompt(3, 7);
        try (CpuBackend a = CpuBackend.open(bf16, Optional.empty(), opts, WeightFormat.Q8_0);
                CpuBackend b = CpuBackend.open(f32, Optional.empty(), opts, WeightFormat.Q8_0)) {
            float[] la = new float[7 * V];
            float[] lb = new float[7 * V];
            a.forward(prompt, 7, la, true);
            b.forward(prompt, 7, lb, true);
            assertArrayEquals(la, lb);
        }
    }

    @Test
    void q8LogitsStayCloseToF32AndMostArgmaxesAgree() {
        // f32 storage is the reference; bf16 storage (8 mantissa bits, a relative step of 2^-8 like Q8_0's 1/127 of a
        // block's largest weight) shows what rounding the weights costs on these random models
        Drift q8 = new Drift();
        Drift bf16 = new Drift();
        for (long seed = 1; seed <= 4; seed++) {
            Checkpoint ck = seed % 2 == 0
                    ? TinyModels.targetCheckpoint(seed)
                    : RandomCheckpoints.target(oddShape(), new SplittableRandom(seed));
            int[] prompt = TinyModels.prompt(seed, 24);
            BackendOptions opts = new BackendOptions(32, 24, 1);
            try (CpuBackend f = CpuBackend.open(ck, Optional.empty(), opts, WeightFormat.F32);
                    CpuBackend b = CpuBackend.open(ck, Optional.empty(), opts, WeightFormat.BF16);
                    CpuBackend q = CpuBackend.open(ck, Optional.empty(), opts, WeightFormat.Q8_0)) {
                float[] ref = logits(f, prompt);
                q8.add(ref, logits(q, prompt));
                bf16.add(ref, logits(b, prompt));
                long f32Bytes = f.weightBytesPerToken();
                long q8Bytes = q.weightBytesPerToken();
                assertTrue(q8Bytes < 0.45 * f32Bytes, q8Bytes + " vs " + f32Bytes);
            }
        }
        System.out.println("q8_0 vs f32: " + q8 + "; bf16 vs f32: " + bf16);
        // measured: q8_0 max |dlogit| 0.45, RMS 0.060, argmax 90/96; bf16 max 0.15, RMS 0.020, argmax 96/96
        assertTrue(q8.max > 0, "quantisation changes the logits");
        assertTrue(q8.rms() < 0.1, "RMS |dlogit| " + q8.rms());
        assertTrue(q8.max < 0.6, "max |dlogit| " + q8.max);
        assertTrue(q8.agree >= q8.positions * 0.9, q8.agree + " of " + q8.positions);
    }

    private static float[] logits(CpuBackend b, int[] prompt) {
        float[] out = new float[prompt.length * V];
        b.forward(prompt, prompt.length, out, true);
        return out;
    }

    /** Logit differences against a reference, and how often the argmax is the same. */
    private static final class Drift {
        double max;
        double sumSq;
        long values;
        int positions;
        int agree;

        void add(float[] ref, float[] got) {
            for (int p = 0; p < ref.length / V; p++) {
                int ia = p * V;
                int ib = p * V;
                for (int i = p * V; i < (p + 1) * V; i++) {
                    double d = Math.abs(ref[i] - got[i]);
                    max = Math.max(max, d);
                    sumSq += d * d;
                    values++;
                    ia = ref[i] > ref[ia] ? i : ia;
                    ib = got[i] > got[ib] ? i : ib;
                }
                positions++;
                agree += ia == ib ? 1 : 0;
            }
        }

        double rms() {
            return Math.sqrt(sumSq / values);
        }

        @Override
        public String toString() {
            return String.format(
                    java.util.Locale.ROOT, "max |dlogit| %.4f, RMS %.4f, argmax %d/%d", max, rms(), agree, positions);
        }
    }
}
