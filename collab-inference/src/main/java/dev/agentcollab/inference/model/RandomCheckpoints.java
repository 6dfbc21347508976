package dev.agentcollab.inference.model;

import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Random-weight checkpoints with the full Gemma 4 tensor layout, for tests and benchmarks where no real weights are
 * available. Linear weights are Gaussian with standard deviation {@code scale / sqrt(in)}, norm weights near 1, layer
 * scalars near 1; the drafter's token ordering is a random permutation. Deterministic for a seeded generator.
 */
public final class RandomCheckpoints {
    private RandomCheckpoints() {}

    /**
     * A random target.
     *
     * @param c the config
     * @param random the randomness
     * @return the checkpoint (f32 tensors)
     */
    public static Checkpoint target(ModelConfig c, RandomGenerator random) {
        Map<String, Tensor> t = new HashMap<>();
        int h = c.hiddenSize();
        put(t, WeightNames.EMBED, gaussian(random, c.vocabSize() * h, 1.0 / Math.sqrt(h)), c.vocabSize(), h);
        if (!c.tieWordEmbeddings()) {
            put(t, WeightNames.LM_HEAD, gaussian(random, c.vocabSize() * h, 1.0 / Math.sqrt(h)), c.vocabSize(), h);
        }
        put(t, WeightNames.NORM, norm(random, h), h);
        int nl = c.numLayers();
        int pw = c.hiddenSizePerLayerInput();
        if (c.hasPerLayerInputs()) {
            put(
                    t,
                    WeightNames.PLE_EMBED,
                    gaussian(random, c.vocabSizePerLayerInput() * nl * pw, 1.0 / Math.sqrt(pw)),
                    c.vocabSizePerLayerInput(),
                    nl * pw);
            put(t, WeightNames.PLE_PROJECTION, linear(random, nl * pw, h), nl * pw, h);
            put(t, WeightNames.PLE_PROJECTION_NORM, norm(random, pw), pw);
        }
        for (int l = 0; l < nl; l++) {
            layer(t, c, l, random, c.ownsKv(l), c.hasPerLayerInputs());
        }
        return new Checkpoint(c, t);
    }

    /**
     * A random drafter for a target.
     *
     * @param d the drafter config
     * @param random the randomness
     * @return the checkpoint (f32 tensors, I64 token ordering)
     */
    public static DrafterCheckpoint drafter(DrafterConfig d, RandomGenerator random) {
        Map<String, Tensor> t = new HashMap<>();
        ModelConfig c = d.text();
        int h = c.hiddenSize();
        int bb = d.backboneHiddenSize();
        put(t, WeightNames.EMBED, gaussian(random, c.vocabSize() * h, 1.0 / Math.sqrt(h)), c.vocabSize(), h);
        put(t, WeightNames.NORM, norm(random, h), h);
        put(t, WeightNames.PRE_PROJECTION, linear(random, h, 2 * bb), h, 2 * bb);
        put(t, WeightNames.POST_PROJECTION, linear(random, bb, h), bb, h);
        if (d.useOrderedEmbeddings()) {
            put(t, WeightNames.CENTROIDS, linear(random, d.numCentroids(), h), d.numCentroids(), h);
            int[] perm = new int[c.vocabSize()];
            for (int i = 0; i < perm.length; i++) {
                perm[i] = i;
            }
            for (int i = perm.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
            }
            t.put(WeightNames.TOKEN_ORDERING, Tensor.ofInts(WeightNames.TOKEN_ORDERING, DType.I64, perm, perm.length));
        }
        for (int l = 0; l < c.numLayers(); l++) {
            layer(t, c, l, random, false, false);
        }
        return new DrafterCheckpoint(d, t);
    }

    private static void layer(Map<String, Tensor> t, ModelConfig c, int l, RandomGenerator r, boolean kv, boolean ple) {
        int h = c.hiddenSize();
        int hd = c.headDim(l);
        int q = c.numHeads() * hd;
        int k = c.numKvHeads() * hd;
        int inter = c.intermediateSize();
        put(t, WeightNames.layer(l, "input_layernorm.weight"), norm(r, h), h);
        put(t, WeightNames.layer(l, "self_attn.q_proj.weight"), linear(r, q, h), q, h);
        put(t, WeightNames.layer(l, "self_attn.q_norm.weight"), norm(r, hd), hd);
        if (kv) {
            put(t, WeightNames.layer(l, "self_attn.k_proj.weight"), linear(r, k, h), k, h);
            put(t, WeightNames.layer(l, "self_attn.k_norm.weight"), norm(r, hd), hd);
            put(t, WeightNames.layer(l, "self_attn.v_proj.weight"), linear(r, k, h), k, h);
        }
        put(t, WeightNames.layer(l, "self_attn.o_proj.weight"), linear(r, h, q), h, q);
        put(t, WeightNames.layer(l, "post_attention_layernorm.weight"), norm(r, h), h);
        put(t, WeightNames.layer(l, "pre_feedforward_layernorm.weight"), norm(r, h), h);
        put(t, WeightNames.layer(l, "mlp.gate_proj.weight"), linear(r, inter, h), inter, h);
        put(t, WeightNames.layer(l, "mlp.up_proj.weight"), linear(r, inter, h), inter, h);
        put(t, WeightNames.layer(l, "mlp.down_proj.weight"), linear(r, h, inter), h, inter);
        put(t, WeightNames.layer(l, "post_feedforward_layernorm.weight"), norm(r, h), h);
        if (ple) {
            int pw = c.hiddenSizePerLayerInput();
            put(t, WeightNames.layer(l, "per_layer_input_gate.weight"), linear(r, pw, h), pw, h);
            put(t, WeightNames.layer(l, "per_layer_projection.weight"), linear(r, h, pw), h, pw);
            put(t, WeightNames.layer(l, "post_per_layer_input_norm.weight"), norm(r, h), h);
        }
        put(t, WeightNames.layer(l, "layer_scalar"), new float[] {(float) (0.8 + 0.4 * r.nextDouble())}, 1);
    }

    private static void put(Map<String, Tensor> t, String name, float[] v, int... shape) {
        t.put(name, Tensor.ofFloats(name, DType.F32, v, shape));
    }

    private static float[] linear(RandomGenerator r, int out, int in) {
        return gaussian(r, out * in, 1.0 / Math.sqrt(in));
    }

    private static float[] norm(RandomGenerator r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (1.0 + 0.1 * r.nextGaussian());
        }
        return v;
    }

    private static float[] gaussian(RandomGenerator r, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * std);
        }
        return v;
    }
}
