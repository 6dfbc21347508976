package dev.agentcollab.inference.cpu;

import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.model.WeightShapes;
import dev.agentcollab.inference.safetensors.Tensor;
import java.util.Map;
import java.util.Optional;

/**
 * One decoder layer's weights: linear maps as {@link Matrix} ({@code [out, in]} row-major, f32 or bf16, row-chunked
 * as {@link RowChunking} says), norms as f32. K/V projections are null for KV-shared layers (and for every drafter
 * layer); PLE weights are null without PLE.
 */
record CpuLayerWeights(
        float[] inputNorm,
        Matrix qProj,
        float[] qNorm,
        Matrix kProj,
        float[] kNorm,
        Matrix vProj,
        Matrix oProj,
        float[] postAttnNorm,
        float[] preFfnNorm,
        Matrix gate,
        Matrix up,
        Matrix down,
        float[] postFfnNorm,
        Matrix pleGate,
        Matrix pleProjection,
        float[] plePostNorm,
        float layerScalar) {

    static CpuLayerWeights load(
            Map<String, Tensor> t, ModelConfig c, int l, boolean ownsKv, boolean ple, WeightFormat f, RowChunking rc) {
        int h = c.hiddenSize();
        int q = c.numHeads() * c.headDim(l);
        int kv = c.numKvHeads() * c.headDim(l);
        int inter = c.intermediateSize();
        int pw = c.hiddenSizePerLayerInput();
        int hd = c.headDim(l);
        return new CpuLayerWeights(
                req(t, l, "input_layernorm.weight", h),
                mat(t, l, "self_attn.q_proj.weight", q, h, f, rc),
                req(t, l, "self_attn.q_norm.weight", hd),
                ownsKv ? mat(t, l, "self_attn.k_proj.weight", kv, h, f, rc) : null,
                ownsKv ? req(t, l, "self_attn.k_norm.weight", hd) : null,
                ownsKv ? mat(t, l, "self_attn.v_proj.weight", kv, h, f, rc) : null,
                mat(t, l, "self_attn.o_proj.weight", h, q, f, rc),
                req(t, l, "post_attention_layernorm.weight", h),
                req(t, l, "pre_feedforward_layernorm.weight", h),
                mat(t, l, "mlp.gate_proj.weight", inter, h, f, rc),
                mat(t, l, "mlp.up_proj.weight", inter, h, f, rc),
                mat(t, l, "mlp.down_proj.weight", h, inter, f, rc),
                req(t, l, "post_feedforward_layernorm.weight", h),
                ple ? mat(t, l, "per_layer_input_gate.weight", pw, h, f, rc) : null,
                ple ? mat(t, l, "per_layer_projection.weight", h, pw, f, rc) : null,
                ple ? req(t, l, "post_per_layer_input_norm.weight", h) : null,
                opt(t, WeightNames.layer(l, "layer_scalar")).map(a -> a[0]).orElse(1f));
    }

    static Matrix mat(
            Map<String, Tensor> t, int layer, String suffix, int rows, int cols, WeightFormat f, RowChunking rc) {
        return mat(t, WeightNames.layer(layer, suffix), rows, cols, f, rc);
    }

    static Matrix mat(Map<String, Tensor> t, String name, int rows, int cols, WeightFormat f, RowChunking rc) {
        return Matrix.of(tensor(t, name), rows, cols, f, rc);
    }

    static Tensor tensor(Map<String, Tensor> t, String name) {
        Tensor tensor = t.get(name);
        if (tensor == null) {
            throw dev.agentcollab.api.error.CollabException.of(
                    dev.agentcollab.api.error.ErrorCode.NOT_FOUND, "checkpoint has no tensor " + name);
        }
        return tensor;
    }

    static float[] req(Map<String, Tensor> t, int layer, String suffix, int length) {
        return req(t, WeightNames.layer(layer, suffix), length);
    }

    /** A required norm vector of {@code length} floats ({@link WeightShapes#vector}). */
    static float[] req(Map<String, Tensor> t, String name, int length) {
        return WeightShapes.vector(tensor(t, name), length).toFloats();
    }

    static Optional<float[]> opt(Map<String, Tensor> t, String name) {
        return Optional.ofNullable(t.get(name)).map(Tensor::toFloats);
    }
}
