package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.TinyModels;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.DrafterConfig;
import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.DraftPlan;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The drafter's output head follows HF {@code Gemma4AssistantForCausalLM}, whatever its text config says. */
class DrafterHeadTest {
    private static final int V = 96;

    @Test
    void drafterLogitsAreNeverSoftCappedAndClusterMaskedTokensGetTheSelectedMinimumMinusOne() {
        // HF's assistant returns lm_head (or masked-embedding) logits as they are: final_logit_softcapping in its
        // text_config is never applied. Its masked embedder fills every token outside the top clusters with the
        // smallest selected logit minus one, so those tokens keep a (small, equal) share of a sampled draft's mass.
        DrafterCheckpoint plain = TinyModels.drafterCheckpoint(8);
        DrafterConfig d = plain.config();
        DrafterConfig capped = new DrafterConfig(
                d.text().toBuilder().finalLogitSoftcap(0.5).build(),
                d.backboneHiddenSize(),
                d.useOrderedEmbeddings(),
                d.numCentroids(),
                d.centroidTopK());
        DrafterCheckpoint cappedCk = new DrafterCheckpoint(capped, plain.tensors());
        SamplingOptions s = SamplingOptions.temperature(1.0);
        float[] u = {0.1f, 0.5f, 0.9f};
        float[] q1 = new float[3 * V];
        float[] q2 = new float[3 * V];
        int[] t1 = new int[3];
        int[] t2 = new int[3];
        run(plain, s, u, t1, q1);
        run(cappedCk, s, u, t2, q2);
        assertArrayEquals(t1, t2);
        assertArrayEquals(q1, q2);
        for (int step = 0; step < 3; step++) {
            float[] row = Arrays.copyOfRange(q2, step * V, (step + 1) * V);
            float[] sorted = row.clone();
            Arrays.sort(sorted);
            float fill = sorted[0];
            int filled = 0;
            for (float p : row) {
                filled += p == fill ? 1 : 0;
            }
            assertEquals(V - 3 * 12, filled, "every token outside the 3 chosen clusters of 12 shares one probability");
            assertTrue(fill > 0f, "filled tokens keep mass");
            float smallestSelected = sorted[filled];
            // exp(min - 1) / exp(min) at temperature 1
            assertEquals(Math.exp(-1.0), fill / smallestSelected, 1e-4, "the fill is the selected minimum minus one");
        }
    }

    private static void run(DrafterCheckpoint drafter, SamplingOptions s, float[] u, int[] tokens, float[] q) {
        try (CpuBackend b = CpuBackend.open(
                        TinyModels.targetCheckpoint(7), Optional.of(drafter), new BackendOptions(64, 12, 1));
                DraftPlan plan = b.eagerDraftPlan(3, s)) {
            int[] prompt = TinyModels.prompt(3, 9);
            b.forward(prompt, prompt.length, new float[V], false);
            plan.replay(5, 0, u, tokens, q);
        }
    }
}
