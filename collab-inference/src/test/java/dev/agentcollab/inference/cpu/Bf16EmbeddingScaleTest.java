package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.TinyModels;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.RandomCheckpoints;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import dev.agentcollab.inference.spi.BackendOptions;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What HF's bf16 embedding scale would change. {@code Gemma4TextScaledWordEmbedding} casts {@code sqrt(hidden)} to
 * the weight dtype, so a bf16 E4B scales its embeddings by 50.5 instead of sqrt(2560) = 50.596 (0.19 % less); this
 * engine keeps the exact float scale. An untied copy of a random model whose input embedding rows are multiplied by
 * 50.5 / sqrt(2560) runs exactly what a bf16 scale would, and its logits are compared with the original's.
 */
class Bf16EmbeddingScaleTest {
    private static final double E4B_RATIO = 50.5 / Math.sqrt(2560);

    @Test
    void theBf16ScaleMovesLogitsSlightlyAndFlipsOnlyNearTies() {
        ModelConfig untied =
                TinyModels.target().toBuilder().tieWordEmbeddings(false).build();
        Checkpoint exact = RandomCheckpoints.target(untied, new SplittableRandom(7));
        Map<String, Tensor> scaled = new HashMap<>(exact.tensors());
        Tensor embed = exact.tensors().get(WeightNames.EMBED);
        float[] rows = embed.toFloats();
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) (rows[i] * E4B_RATIO);
        }
        scaled.put(
                WeightNames.EMBED,
                Tensor.ofFloats(WeightNames.EMBED, DType.F32, rows, untied.vocabSize(), untied.hiddenSize()));
        int[] prompt = TinyModels.prompt(4, 48);
        int v = untied.vocabSize();
        float[] a = logits(exact, prompt);
        float[] b = logits(new Checkpoint(untied, scaled), prompt);
        double maxAbs = 0;
        double maxLogit = 0;
        for (int i = 0; i < a.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(a[i] - b[i]));
            maxLogit = Math.max(maxLogit, Math.abs(a[i]));
        }
        int sameArgmax = 0;
        int clearLeads = 0;
        int clearLeadsKept = 0;
        for (int r = 0; r < prompt.length; r++) {
            int am = 0;
            int bm = 0;
            for (int t = 1; t < v; t++) {
                am = a[r * v + t] > a[r * v + am] ? t : am;
                bm = b[r * v + t] > b[r * v + bm] ? t : bm;
            }
            float second = Float.NEGATIVE_INFINITY;
            for (int t = 0; t < v; t++) {
                second = t != am ? Math.max(second, a[r * v + t]) : second;
            }
            sameArgmax += am == bm ? 1 : 0;
            if (a[r * v + am] - second > 2 * maxAbs) {
                clearLeads++;
                clearLeadsKept += am == bm ? 1 : 0;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "bf16 embedding scale (x%.6f): max |Δlogit| %.2e of max |logit| %.2f, argmax equal at %d/%d"
                        + " positions%n",
                E4B_RATIO,
                maxAbs,
                maxLogit,
                sameArgmax,
                prompt.length);
        assertTrue(maxAbs > 0, "the scale is not a no-op: the residual stream mixes the embedding with layer outputs");
        assertTrue(maxAbs < 0.05 * maxLogit, "but it moves logits by far less than their range");
        assertEquals(clearLeads, clearLeadsKept, "a greedy token that leads by more than twice the shift is kept");
        assertTrue(sameArgmax >= prompt.length * 9 / 10, "near ties may flip: " + sameArgmax + "/" + prompt.length);
    }

    /** Logits of every prompt position (one forward over the whole prompt). */
    private static float[] logits(Checkpoint ck, int[] prompt) {
        int v = ck.config().vocabSize();
        float[] out = new float[prompt.length * v];
        try (CpuBackend b = CpuBackend.open(ck, Optional.empty(), new BackendOptions(64, 64, 1))) {
            for (int r = 0; r < prompt.length; r++) {
                float[] row = new float[v];
                b.forward(new int[] {prompt[r]}, 1, row, false);
                System.arraycopy(row, 0, out, r * v, v);
            }
        }
        return out;
    }
}
