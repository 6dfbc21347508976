package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.TinyModels;
import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spi.DraftPlan;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DraftPlanReplayTest {
    private static final int V = 96;

    @Test
    void replayedGreedyPlanEqualsEagerDraftingAtEveryPosition() {
        try (CpuBackend b = TinyModels.backend(31, 2);
                DraftPlan recorded = b.recordDraftPlan(5, SamplingOptions.greedy());
                DraftPlan eager = b.eagerDraftPlan(5, SamplingOptions.greedy())) {
            int[] prompt = TinyModels.prompt(4, 20);
            float[] logits = new float[12 * V];
            b.forward(prompt, 8, logits, true);
            for (int step = 0; step < 12; step++) {
                int row = step % 8;
                int[] r = new int[5];
                int[] e = new int[5];
                recorded.replay(prompt[8 + (step % 12)], row, new float[0], r, new float[0]);
                eager.replay(prompt[8 + (step % 12)], row, new float[0], e, new float[0]);
                assertArrayEquals(e, r, "step " + step);
                if (step % 3 == 2 && b.length() < 19) { // the cache grows: replays must track its length
                    b.forward(new int[] {prompt[b.length()]}, 1, logits, false);
                }
            }
        }
    }

    @Test
    void replayedSamplingPlanEqualsEagerTokensAndDistributions() {
        SamplingOptions s = new SamplingOptions(0.9, 20, 0.95);
        try (CpuBackend b = TinyModels.backend(32, 1);
                DraftPlan recorded = b.recordDraftPlan(4, s);
                DraftPlan eager = b.eagerDraftPlan(4, s)) {
            b.forward(TinyModels.prompt(9, 10), 10, new float[V], false);
            SplittableRandom random = new SplittableRandom(5);
            for (int rep = 0; rep < 10; rep++) {
                float[] u = new float[4];
                for (int i = 0; i < 4; i++) {
                    u[i] = random.nextFloat();
                }
                int[] rt = new int[4];
                int[] et = new int[4];
                float[] rq = new float[4 * V];
                float[] eq = new float[4 * V];
                recorded.replay(7 + rep, 9, u, rt, rq);
                eager.replay(7 + rep, 9, u, et, eq);
                assertArrayEquals(et, rt);
                assertArrayEquals(eq, rq);
                for (int i = 0; i < 4; i++) {
                    assertTrue(rq[i * V + rt[i]] > 0f, "drafted token must have mass under q");
                    double mass = 0;
                    int support = 0;
                    for (int t = 0; t < V; t++) {
                        mass += rq[i * V + t];
                        support += rq[i * V + t] > 0 ? 1 : 0;
                    }
                    assertEquals(1.0, mass, 1e-5);
                    assertTrue(support <= 20, "top-k 20 and at most 3 clusters x 12 tokens");
                }
            }
        }
    }

    @Test
    void planDoesNotTouchTheTargetCacheAndIsReusable() {
        try (CpuBackend b = TinyModels.backend(33, 1);
                DraftPlan plan = b.recordDraftPlan(3, SamplingOptions.greedy())) {
            float[] before = new float[V];
            b.forward(TinyModels.prompt(2, 6), 6, before, false);
            int[] first = new int[3];
            int[] second = new int[3];
            plan.replay(9, 5, new float[0], first, new float[0]);
            plan.replay(9, 5, new float[0], second, new float[0]);
            assertArrayEquals(first, second);
            assertEquals(6, b.length());
            // the cache contents too: the next forward reads every cached position, so it must give exactly the
            // logits of a fresh backend that saw the same prompt and no replay
            try (CpuBackend fresh = TinyModels.backend(33, 1)) {
                fresh.forward(TinyModels.prompt(2, 6), 6, new float[V], false);
                int[] next = {11, 42, 7};
                float[] afterReplay = new float[3 * V];
                float[] withoutReplay = new float[3 * V];
                b.forward(next, 3, afterReplay, true);
                fresh.forward(next, 3, withoutReplay, true);
                assertArrayEquals(withoutReplay, afterReplay);
                assertEquals(fresh.length(), b.length());
            }
            plan.close();
            assertThrows(IllegalStateException.class, () -> plan.replay(9, 5, new float[0], first, new float[0]));
        }
    }
}
