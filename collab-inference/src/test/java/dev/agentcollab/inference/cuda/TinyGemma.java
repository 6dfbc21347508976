package dev.agentcollab.inference.cuda;

import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.DrafterConfig;
import dev.agentcollab.inference.model.LayerType;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.RopeConfig;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small random model with every Gemma 4 shape rule the backends implement: sliding and global layers with two head
 * dimensions, a sliding window shorter than the test sequences, KV sharing, PLE, proportional RoPE, layer scalars,
 * soft-cap, and a drafter with the clustered (centroid) head. Weights are BF16, so CPU (f32 from bf16) and CUDA (bf16)
 * use identical values. Deterministic for a seed.
 */
final class TinyGemma {
    private TinyGemma() {}

    /** Target: 6 layers [S S G S S G], the last 2 KV-shared, window 8, PLE width 16. */
    static ModelConfig targetConfig() {
        return ModelConfig.builder()
                .vocabSize(512)
                .hiddenSize(128)
                .intermediateSize(256)
                .heads(4, 2)
                .headDims(32, 64)
                .layerTypes(List.of(
                        LayerType.SLIDING,
                        LayerType.SLIDING,
                        LayerType.GLOBAL,
                        LayerType.SLIDING,
                        LayerType.SLIDING,
                        LayerType.GLOBAL))
                .slidingWindow(8)
                .numKvSharedLayers(2)
                .perLayerInputs(16, 512)
                .rope(RopeConfig.of(10_000.0), new RopeConfig(1_000_000.0, 0.25))
                .finalLogitSoftcap(30.0)
                .maxPositionEmbeddings(4096)
                .build();
    }

    /** Drafter: 3 Q-only layers [S S G], 16 centroids of 32 tokens, top-4. */
    static DrafterConfig drafterConfig() {
        ModelConfig text = ModelConfig.builder()
                .vocabSize(512)
                .hiddenSize(64)
                .intermediateSize(128)
                .heads(4, 2)
                .headDims(32, 64)
                .layerTypes(List.of(LayerType.SLIDING, LayerType.SLIDING, LayerType.GLOBAL))
                .slidingWindow(8)
                .numKvSharedLayers(3)
                .rope(RopeConfig.of(10_000.0), new RopeConfig(1_000_000.0, 0.25))
                .finalLogitSoftcap(0.0)
                .maxPositionEmbeddings(4096)
                .build();
        return new DrafterConfig(text, 128, true, 16, 4);
    }

    static Checkpoint target(long seed) {
        ModelConfig c = targetConfig();
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Tensor> t = new HashMap<>();
        int h = c.hiddenSize();
        int nl = c.numLayers();
        int pw = c.hiddenSizePerLayerInput();
        put(t, WeightNames.EMBED, rnd, 0.5, c.vocabSize(), h);
        norm(t, WeightNames.NORM, rnd, h);
        put(t, WeightNames.PLE_EMBED, rnd, 0.5, c.vocabSizePerLayerInput(), nl * pw);
        put(t, WeightNames.PLE_PROJECTION, rnd, 1 / Math.sqrt(h), nl * pw, h);
        norm(t, WeightNames.PLE_PROJECTION_NORM, rnd, pw);
        for (int l = 0; l < nl; l++) {
            layer(t, c, l, rnd);
            put(t, WeightNames.layer(l, "per_layer_input_gate.weight"), rnd, 1 / Math.sqrt(h), pw, h);
            put(t, WeightNames.layer(l, "per_layer_projection.weight"), rnd, 1 / Math.sqrt(pw), h, pw);
            norm(t, WeightNames.layer(l, "post_per_layer_input_norm.weight"), rnd, h);
        }
        return new Checkpoint(c, t);
    }

    static DrafterCheckpoint drafter(long seed) {
        DrafterConfig dc = drafterConfig();
        ModelConfig c = dc.text();
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Tensor> t = new HashMap<>();
        int h = c.hiddenSize();
        int bb = dc.backboneHiddenSize();
        put(t, WeightNames.PRE_PROJECTION, rnd, 1 / Math.sqrt(2.0 * bb), h, 2 * bb);
        put(t, WeightNames.POST_PROJECTION, rnd, 1 / Math.sqrt(h), bb, h);
        norm(t, WeightNames.NORM, rnd, h);
        put(t, WeightNames.EMBED, rnd, 0.5, c.vocabSize(), h);
        put(t, WeightNames.CENTROIDS, rnd, 0.5, dc.numCentroids(), h);
        int[] ordering = new int[c.vocabSize()];
        for (int i = 0; i < ordering.length; i++) {
            ordering[i] = i;
        }
        for (int i = ordering.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = ordering[i];
            ordering[i] = ordering[j];
            ordering[j] = tmp;
        }
        t.put(
                WeightNames.TOKEN_ORDERING,
                Tensor.ofInts(WeightNames.TOKEN_ORDERING, DType.I32, ordering, ordering.length));
        for (int l = 0; l < c.numLayers(); l++) {
            layer(t, c, l, rnd);
        }
        return new DrafterCheckpoint(dc, t);
    }

    private static void layer(Map<String, Tensor> t, ModelConfig c, int l, SplittableRandom rnd) {
        int h = c.hiddenSize();
        int hd = c.headDim(l);
        int q = c.numHeads() * hd;
        int kv = c.numKvHeads() * hd;
        int inter = c.intermediateSize();
        norm(t, WeightNames.layer(l, "input_layernorm.weight"), rnd, h);
        put(t, WeightNames.layer(l, "self_attn.q_proj.weight"), rnd, 1 / Math.sqrt(h), q, h);
        norm(t, WeightNames.layer(l, "self_attn.q_norm.weight"), rnd, hd);
        if (c.ownsKv(l)) {
            put(t, WeightNames.layer(l, "self_attn.k_proj.weight"), rnd, 1 / Math.sqrt(h), kv, h);
            put(t, WeightNames.layer(l, "self_attn.v_proj.weight"), rnd, 1 / Math.sqrt(h), kv, h);
            norm(t, WeightNames.layer(l, "self_attn.k_norm.weight"), rnd, hd);
        }
        put(t, WeightNames.layer(l, "self_attn.o_proj.weight"), rnd, 1 / Math.sqrt(q), h, q);
        norm(t, WeightNames.layer(l, "post_attention_layernorm.weight"), rnd, h);
        norm(t, WeightNames.layer(l, "pre_feedforward_layernorm.weight"), rnd, h);
        put(t, WeightNames.layer(l, "mlp.gate_proj.weight"), rnd, 1 / Math.sqrt(h), inter, h);
        put(t, WeightNames.layer(l, "mlp.up_proj.weight"), rnd, 1 / Math.sqrt(h), inter, h);
        put(t, WeightNames.layer(l, "mlp.down_proj.weight"), rnd, 1 / Math.sqrt(inter), h, inter);
        norm(t, WeightNames.layer(l, "post_feedforward_layernorm.weight"), rnd, h);
        String scalar = WeightNames.layer(l, "layer_scalar");
        t.put(scalar, Tensor.ofFloats(scalar, DType.BF16, new float[] {0.75f + 0.5f * (float) rnd.nextDouble()}, 1));
    }

    private static void put(
            Map<String, Tensor> t, String name, SplittableRandom rnd, double scale, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (gaussian(rnd) * scale);
        }
        t.put(name, Tensor.ofFloats(name, DType.BF16, v, rows, cols));
    }

    private static void norm(Map<String, Tensor> t, String name, SplittableRandom rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (1.0 + 0.1 * gaussian(rnd));
        }
        t.put(name, Tensor.ofFloats(name, DType.BF16, v, n));
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1.0 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
