package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.agentcollab.inference.TinyModels;
import dev.agentcollab.inference.model.LayerType;
import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.DraftPlan;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which keys a sliding layer reads, at the window's edge (window W = 4 in {@link TinyModels}), found by nudging one
 * cached key and watching the output. HF's target sliding layers ({@code sliding_window_overlay}: {@code kv_idx >
 * q_idx - W}) read W keys, their own position included; HF's assistant ({@code
 * create_bidirectional_sliding_window_mask}: {@code |q_idx - kv_idx| <= W}) reads the W + 1 newest shared keys.
 */
class SlidingWindowEdgeTest {
    private static final int V = 96;
    private static final int W = 4;
    private static final int PROMPT = 10;

    @Test
    void aTargetSlidingLayerReadsTheWindowIncludingItsOwnPosition() {
        float[] base = nextTokenLogits(-1);
        assertArrayEquals(base, nextTokenLogits(-1), "deterministic");
        int pos = PROMPT; // the new token's position
        assertFalse(Arrays.equals(base, nextTokenLogits(pos - W + 1)), "the oldest key inside the window is read");
        assertArrayEquals(base, nextTokenLogits(pos - W), "the key just outside the window is not");
    }

    @Test
    void aDraftQueryReadsTheWindowPlusOneNewestSharedKeys() {
        float[] base = draftDistribution(-1);
        assertArrayEquals(base, draftDistribution(-1), "deterministic");
        int pos = PROMPT; // the draft position; the target cache holds [0, pos)
        assertFalse(Arrays.equals(base, draftDistribution(pos - W - 1)), "the (W+1)-th newest key is read, as in HF");
        assertArrayEquals(base, draftDistribution(pos - W - 2), "one older is not");
    }

    /** The logits of one more token after the prompt, with layer 0's (sliding, K/V-owning) key at {@code p} nudged. */
    private static float[] nextTokenLogits(int p) {
        try (CpuBackend b = CpuBackend.open(TinyModels.targetCheckpoint(7), Optional.empty(), options())) {
            int[] prompt = TinyModels.prompt(9, PROMPT);
            b.forward(prompt, prompt.length, new float[V], false);
            if (p >= 0) {
                nudge(b.target(), 0, p);
            }
            float[] logits = new float[V];
            b.forward(new int[] {5}, 1, logits, false);
            return logits;
        }
    }

    /** One sampled draft step's distribution, with the shared sliding key at {@code p} nudged. */
    private static float[] draftDistribution(int p) {
        try (CpuBackend b = CpuBackend.open(
                        TinyModels.targetCheckpoint(7), Optional.of(TinyModels.drafterCheckpoint(8)), options());
                DraftPlan plan = b.eagerDraftPlan(1, SamplingOptions.temperature(1.0))) {
            int[] prompt = TinyModels.prompt(9, PROMPT);
            b.forward(prompt, prompt.length, new float[V], false);
            CpuTarget t = b.target();
            if (p >= 0) {
                nudge(t, t.cfg.lastKvOwner(LayerType.SLIDING), p);
            }
            float[] q = new float[V];
            plan.replay(5, PROMPT - 1, new float[] {0.5f}, new int[1], q);
            return q;
        }
    }

    private static void nudge(CpuTarget t, int layer, int position) {
        int row = t.cfg.numKvHeads() * t.cfg.headDim(layer);
        int at = t.kvRow(layer, position);
        for (int i = 0; i < row; i++) {
            t.kCache[layer][at + i] += 0.75f;
        }
    }

    private static BackendOptions options() {
        return new BackendOptions(64, 12, 1);
    }
}
