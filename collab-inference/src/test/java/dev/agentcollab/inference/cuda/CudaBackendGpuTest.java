package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.DefaultGenerator;
import dev.agentcollab.inference.GenerationOptions;
import dev.agentcollab.inference.GenerationResult;
import dev.agentcollab.inference.bench.SteeredBackend;
import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spec.AcceptanceStats;
import dev.agentcollab.inference.spec.SpeculativeGenerator;
import dev.agentcollab.inference.spec.SpeculativeOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.DraftPlan;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The CUDA backend against the CPU reference on {@link TinyGemma} (BF16 weights, so both use exactly the same values,
 * and the tolerance only covers fp32 summation order and float vs double transcendental functions: 5e-3 of the
 * largest logit). Skipped without a GPU. Token-level checks (argmax, drafts, generation) must match exactly; a
 * near-tie between the two best logits (gap below the numeric noise) could flip one, which would show as a failure
 * naming the position.
 */
class CudaBackendGpuTest {
    private static final BackendOptions OPTIONS = new BackendOptions(96, 8, 2);
    private static final float LOGIT_TOL = 5e-3f;
    private static final int[] PROMPT = {2, 105, 17, 99, 301, 44, 7, 250, 12, 480, 33, 101};

    @Test
    void prefillAndDecodeLogitsMatchTheCpuBackend() {
        GpuTest.requireGpu();
        int vocab = TinyGemma.targetConfig().vocabSize();
        try (CudaBackend gpu = CudaBackend.open(TinyGemma.target(11), Optional.empty(), OPTIONS);
                CpuBackend cpu = CpuBackend.open(TinyGemma.target(11), Optional.empty(), OPTIONS)) {
            float[] g = new float[8 * vocab];
            float[] c = new float[8 * vocab];
            gpu.forward(PROMPT, 8, g, true);
            cpu.forward(PROMPT, 8, c, true);
            assertClose(c, g, 8 * vocab);
            // Decode one token at a time past the sliding window (8), exercising KV sharing and the window.
            int[] one = new int[1];
            for (int i = 8; i < PROMPT.length + 10; i++) {
                one[0] = i < PROMPT.length ? PROMPT[i] : argmax(c, vocab);
                gpu.forward(one, 1, g, false);
                cpu.forward(one, 1, c, false);
                assertClose(c, g, vocab);
                assertEquals(argmax(c, vocab), argmax(g, vocab), "greedy token at position " + i);
            }
            assertEquals(cpu.length(), gpu.length());
        }
    }

    @Test
    void f32CheckpointRunsInBf16WithinBf16Tolerance() {
        GpuTest.requireGpu();
        // The engine's tiny model: F32 weights (rounded to bf16 on the GPU only), head dims 8/16, window 4.
        int vocab = dev.agentcollab.inference.TinyModels.target().vocabSize();
        BackendOptions options = new BackendOptions(64, 8, 1);
        int[] prompt = dev.agentcollab.inference.TinyModels.prompt(3, 12);
        try (CudaBackend gpu = CudaBackend.open(
                        dev.agentcollab.inference.TinyModels.targetCheckpoint(5), Optional.empty(), options);
                CpuBackend cpu = CpuBackend.open(
                        dev.agentcollab.inference.TinyModels.targetCheckpoint(5), Optional.empty(), options)) {
            float[] g = new float[8 * vocab];
            float[] c = new float[8 * vocab];
            gpu.forward(prompt, 8, g, true);
            cpu.forward(prompt, 8, c, true);
            float scale = Math.max(1f, GpuTest.maxAbs(c, 8 * vocab));
            float diff = GpuTest.maxAbsDiff(c, g, 8 * vocab);
            assertTrue(diff <= 5e-2f * scale, "bf16 weights vs f32: max |logit diff| " + diff + " of " + scale);
        }
    }

    @Test
    void batchedForwardEqualsOneTokenForwardsAndDeviceArgmax() {
        GpuTest.requireGpu();
        int vocab = TinyGemma.targetConfig().vocabSize();
        try (CudaBackend a = CudaBackend.open(TinyGemma.target(11), Optional.empty(), OPTIONS);
                CudaBackend b = CudaBackend.open(TinyGemma.target(11), Optional.empty(), OPTIONS)) {
            float[] batched = new float[6 * vocab];
            a.forward(PROMPT, 6, batched, true);
            float[] single = new float[vocab];
            for (int r = 0; r < 6; r++) {
                b.forward(new int[] {PROMPT[r]}, 1, single, false);
                float[] row = java.util.Arrays.copyOfRange(batched, r * vocab, (r + 1) * vocab);
                assertArrayEquals(single, row, "row " + r + " must not depend on the batch");
            }
            int[] ids = new int[4];
            a.truncate(2);
            a.forwardArgmax(new int[] {PROMPT[2], PROMPT[3], PROMPT[4], PROMPT[5]}, 4, ids);
            for (int r = 0; r < 4; r++) {
                float[] row = java.util.Arrays.copyOfRange(batched, (r + 2) * vocab, (r + 3) * vocab);
                assertEquals(argmax(row, vocab), ids[r], "device argmax of row " + r);
            }
        }
    }

    @Test
    void forwardGraphReplaysEqualEagerForwardsBitForBit() {
        GpuTest.requireGpu();
        int vocab = TinyGemma.targetConfig().vocabSize();
        try (CudaBackend graphs = CudaBackend.open(TinyGemma.target(11), Optional.empty(), OPTIONS, true);
                CudaBackend eager = CudaBackend.open(TinyGemma.target(11), Optional.empty(), OPTIONS, false)) {
            float[] g = new float[8 * vocab];
            float[] e = new float[8 * vocab];
            graphs.forward(PROMPT, 8, g, true);
            eager.forward(PROMPT, 8, e, true);
            assertArrayEquals(e, g);
            for (int i = 8; i < PROMPT.length; i++) {
                // the same shape twice: the second call replays the graph captured by the first
                graphs.forward(new int[] {PROMPT[i]}, 1, g, false);
                eager.forward(new int[] {PROMPT[i]}, 1, e, false);
                assertArrayEquals(java.util.Arrays.copyOf(e, vocab), java.util.Arrays.copyOf(g, vocab), "pos " + i);
            }
            assertEquals(2, graphs.forwardGraphCount());
            assertEquals(0, eager.forwardGraphCount());
        }
    }

    @Test
    void graphDraftPlanEqualsEagerPlanAndTheCpuDrafter() {
        GpuTest.requireGpu();
        int k = 5;
        try (CudaBackend gpu = CudaBackend.open(TinyGemma.target(11), Optional.of(TinyGemma.drafter(12)), OPTIONS);
                CpuBackend cpu = CpuBackend.open(TinyGemma.target(11), Optional.of(TinyGemma.drafter(12)), OPTIONS);
                CudaDraftPlan graph = gpu.plan(k, SamplingOptions.greedy(), true);
                CudaDraftPlan eager = gpu.plan(k, SamplingOptions.greedy(), false);
                DraftPlan reference = cpu.recordDraftPlan(k, SamplingOptions.greedy())) {
            assertTrue(graph.graphNodes() > k, "one graph holds all " + k + " steps");
            int vocab = TinyGemma.targetConfig().vocabSize();
            float[] logits = new float[vocab];
            gpu.forward(PROMPT, 8, logits, false);
            cpu.forward(PROMPT, 8, logits, false);
            int last = argmax(logits, vocab);
            for (int replay = 0; replay < 3; replay++) {
                int[] fromGraph = new int[k];
                int[] fromEager = new int[k];
                int[] fromCpu = new int[k];
                graph.replay(last, 7, new float[0], fromGraph, new float[0]);
                eager.replay(last, 7, new float[0], fromEager, new float[0]);
                reference.replay(last, 7, new float[0], fromCpu, new float[0]);
                assertArrayEquals(fromEager, fromGraph, "graph replay " + replay);
                assertArrayEquals(fromCpu, fromGraph, "CPU drafter, replay " + replay);
                last = (last + 31) % vocab;
            }
        }
    }

    @Test
    void sampledDraftsUseTheCallersUniformsLikeTheCpuPlan() {
        GpuTest.requireGpu();
        int k = 3;
        int vocab = TinyGemma.targetConfig().vocabSize();
        SamplingOptions sampling = SamplingOptions.temperature(0.8);
        try (CudaBackend gpu = CudaBackend.open(TinyGemma.target(11), Optional.of(TinyGemma.drafter(12)), OPTIONS);
                CpuBackend cpu = CpuBackend.open(TinyGemma.target(11), Optional.of(TinyGemma.drafter(12)), OPTIONS);
                DraftPlan g = gpu.recordDraftPlan(k, sampling);
                DraftPlan c = cpu.recordDraftPlan(k, sampling)) {
            float[] logits = new float[vocab];
            gpu.forward(PROMPT, 8, logits, false);
            cpu.forward(PROMPT, 8, logits, false);
            float[] u = {0.1f, 0.5f, 0.9f};
            int[] gt = new int[k];
            int[] ct = new int[k];
            float[] gp = new float[k * vocab];
            float[] cp = new float[k * vocab];
            g.replay(PROMPT[7], 7, u, gt, gp);
            c.replay(PROMPT[7], 7, u, ct, cp);
            assertArrayEquals(ct, gt, "sampled drafts");
            for (int i = 0; i < k; i++) {
                float[] cpuStep = java.util.Arrays.copyOfRange(cp, i * vocab, (i + 1) * vocab);
                float[] gpuStep = java.util.Arrays.copyOfRange(gp, i * vocab, (i + 1) * vocab);
                assertClose(cpuStep, gpuStep, vocab);
            }
        }
    }

    @Test
    void aSampledDraftPlanIsOneGraphThatDrawsLikeItsEagerTwin() {
        GpuTest.requireGpu();
        int k = 4;
        int vocab = TinyGemma.targetConfig().vocabSize();
        SamplingOptions sampling = new SamplingOptions(0.9, 40, 0.95);
        try (CudaBackend gpu = CudaBackend.open(TinyGemma.target(11), Optional.of(TinyGemma.drafter(12)), OPTIONS);
                CudaDraftPlan graph = gpu.plan(k, sampling, true);
                CudaDraftPlan eager = gpu.plan(k, sampling, false)) {
            assertTrue(graph.graphNodes() > 0, "sampled steps are captured");
            gpu.forward(PROMPT, 8, new float[vocab], false);
            float[] u = {0.3f, 0.7f, 0.05f, 0.95f};
            int[] gt = new int[k];
            int[] et = new int[k];
            float[] gp = new float[k * vocab];
            float[] ep = new float[k * vocab];
            for (int replay = 0; replay < 3; replay++) {
                u[replay % k] = 1f - u[replay % k];
                graph.replay(PROMPT[7], 7, u, gt, gp);
                eager.replay(PROMPT[7], 7, u, et, ep);
                assertArrayEquals(et, gt, "replay " + replay);
                assertArrayEquals(ep, gp, "replay " + replay);
            }
        }
    }

    @Test
    void greedySpeculativeDecodingOnTheGpuEqualsPlainGreedy() {
        GpuTest.requireGpu();
        GenerationOptions greedy = GenerationOptions.greedy(40);
        try (CudaBackend plainBackend = CudaBackend.open(TinyGemma.target(11), Optional.empty(), OPTIONS);
                CudaBackend specBackend =
                        CudaBackend.open(TinyGemma.target(11), Optional.of(TinyGemma.drafter(12)), OPTIONS);
                CpuBackend cpuBackend = CpuBackend.open(TinyGemma.target(11), Optional.empty(), OPTIONS);
                SpeculativeGenerator spec = new SpeculativeGenerator(specBackend, SpeculativeOptions.of(5))) {
            GenerationResult plain =
                    new DefaultGenerator(plainBackend).generate(PROMPT, greedy, new SplittableRandom(1));
            GenerationResult speculative = spec.generate(PROMPT, greedy, new SplittableRandom(1));
            GenerationResult reference =
                    new DefaultGenerator(cpuBackend).generate(PROMPT, greedy, new SplittableRandom(1));
            assertEquals(plain.tokens(), speculative.tokens());
            assertEquals(reference.tokens(), plain.tokens(), "GPU greedy decode equals the CPU backend's");
            // The random drafter almost never agrees with the random target, so speculation cannot be required to
            // save forwards here (the steered test below does); it may never cost more than plain decoding.
            assertTrue(speculative.targetForwards() <= plain.targetForwards());
        }
    }

    @Test
    void acceptedDraftsOnTheGpuKeepExactlyThePlainGreedyOutput() {
        GpuTest.requireGpu();
        GenerationOptions greedy = GenerationOptions.greedy(40);
        try (CudaBackend cuda = CudaBackend.open(TinyGemma.target(11), Optional.of(TinyGemma.drafter(12)), OPTIONS)) {
            GenerationResult plain = new DefaultGenerator(cuda).generate(PROMPT, greedy, new SplittableRandom(1));
            int[] reference = new int[PROMPT.length + plain.tokens().size()];
            System.arraycopy(PROMPT, 0, reference, 0, PROMPT.length);
            System.arraycopy(
                    plain.tokenArray(),
                    0,
                    reference,
                    PROMPT.length,
                    plain.tokens().size());
            // Proposals agree with the target's greedy tokens 90 % of the time, so the GPU verify pass accepts
            // runs of drafts and rolls the KV cache back after partial acceptance.
            SteeredBackend steered = new SteeredBackend(cuda, 0.9, new SplittableRandom(3));
            steered.reference(reference);
            try (SpeculativeGenerator spec = new SpeculativeGenerator(steered, SpeculativeOptions.of(5))) {
                GenerationResult fast = spec.generate(PROMPT, greedy, new SplittableRandom(1));
                assertEquals(plain.tokens(), fast.tokens());
                AcceptanceStats stats = fast.acceptance().orElseThrow();
                assertTrue(stats.acceptanceRate() > 0.5, "acceptance rate " + stats.acceptanceRate());
                assertTrue(fast.targetForwards() < plain.targetForwards(), fast.targetForwards() + " forwards");
            }
        }
    }

    private static int argmax(float[] logits, int vocab) {
        int best = 0;
        for (int i = 1; i < vocab; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void assertClose(float[] expected, float[] actual, int n) {
        float scale = Math.max(1f, GpuTest.maxAbs(expected, n));
        float diff = GpuTest.maxAbsDiff(expected, actual, n);
        assertTrue(diff <= LOGIT_TOL * scale, "max |logit diff| " + diff + " > " + LOGIT_TOL * scale);
    }
}
