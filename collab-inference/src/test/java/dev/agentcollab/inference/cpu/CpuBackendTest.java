package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.inference.TinyModels;
import dev.agentcollab.inference.spi.BackendOptions;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CpuBackendTest {
    private static final int V = 96;

    @Test
    void batchedForwardIsBitIdenticalToOneTokenForwards() {
        int[] prompt = TinyModels.prompt(7, 11);
        try (CpuBackend batched = TinyModels.backend(3, 2);
                CpuBackend single = TinyModels.backend(3, 1)) {
            float[] all = new float[11 * V];
            batched.forward(prompt, 11, all, true);
            float[] one = new float[V];
            for (int i = 0; i < prompt.length; i++) {
                single.forward(new int[] {prompt[i]}, 1, one, false);
                float[] row = java.util.Arrays.copyOfRange(all, i * V, (i + 1) * V);
                assertArrayEquals(row, one, "row " + i);
            }
            assertEquals(11, batched.length());
        }
    }

    @Test
    void forwardArgmaxMatchesTheArgmaxOfTheLogits() {
        int[] prompt = TinyModels.prompt(17, 6);
        try (CpuBackend a = TinyModels.backend(12, 1);
                CpuBackend b = TinyModels.backend(12, 1)) {
            float[] logits = new float[6 * V];
            a.forward(prompt, 6, logits, true);
            int[] ids = new int[6];
            b.forwardArgmax(prompt, 6, ids);
            for (int r = 0; r < 6; r++) {
                assertEquals(dev.agentcollab.inference.sampling.Sampler.argmax(logits, r * V, V), ids[r]);
            }
            assertEquals(6, b.length());
        }
    }

    @Test
    void truncateRollsBackSoRecomputingGivesTheSameLogits() {
        int[] prompt = TinyModels.prompt(8, 9);
        try (CpuBackend b = TinyModels.backend(4, 2)) {
            float[] first = new float[V];
            b.forward(prompt, 9, first, false);
            float[] junk = new float[3 * V];
            b.forward(new int[] {5, 6, 7}, 3, junk, true);
            b.truncate(8);
            float[] again = new float[V];
            b.forward(new int[] {prompt[8]}, 1, again, false);
            assertArrayEquals(first, again);
        }
    }

    @Test
    void logitsAreSoftCappedAndFinite() {
        try (CpuBackend b = TinyModels.backend(5, 1)) {
            float[] logits = new float[V];
            b.forward(TinyModels.prompt(1, 5), 5, logits, false);
            for (float l : logits) {
                assertTrue(Float.isFinite(l) && Math.abs(l) <= 30f);
            }
        }
    }

    @Test
    void scalarAndDefaultKernelsAgreeClosely() {
        int[] prompt = TinyModels.prompt(9, 6);
        var opts = new BackendOptions(64, 8, 2);
        try (CpuBackend a = CpuBackend.open(TinyModels.targetCheckpoint(11), Optional.empty(), opts);
                CpuBackend s = CpuBackend.openScalar(TinyModels.targetCheckpoint(11), Optional.empty(), opts)) {
            float[] la = new float[V];
            float[] ls = new float[V];
            a.forward(prompt, 6, la, false);
            s.forward(prompt, 6, ls, false);
            for (int i = 0; i < V; i++) {
                assertEquals(ls[i], la[i], 1e-3, "logit " + i);
            }
        }
    }

    @Test
    void rejectsOutOfVocabularyTokensAndOverflow() {
        try (CpuBackend b = TinyModels.backend(6, 1)) {
            assertThrows(CollabException.class, () -> b.forward(new int[] {V}, 1, new float[V], false));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> b.recordDraftPlan(12, dev.agentcollab.inference.sampling.SamplingOptions.greedy()));
        }
        try (CpuBackend noDraft =
                CpuBackend.open(TinyModels.targetCheckpoint(1), Optional.empty(), new BackendOptions(4, 4, 1))) {
            assertThrows(
                    CollabException.class,
                    () -> noDraft.recordDraftPlan(2, dev.agentcollab.inference.sampling.SamplingOptions.greedy()));
            noDraft.forward(new int[] {1, 2, 3, 4}, 4, new float[V], false);
            assertThrows(CollabException.class, () -> noDraft.forward(new int[] {1}, 1, new float[V], false));
        }
    }
}
