package dev.agentcollab.inference.cpu;

import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.safetensors.Tensor;
import java.util.Map;
import java.util.Optional;

/**
 * One decoder layer's weights as f32 arrays ({@code [out, in]} row-major). K/V projections are null for KV-shared
 * layers (and for every drafter layer); PLE weights are null without PLE.
 */
record CpuLayerWeights(
        float[] inputNorm,
        float[] qProj,
        float[] qNorm,
        float[] kProj,
        float[] kNorm,
        float[] vProj,
        float[] oProj,
        float[] postAttnNorm,
        float[] preFfnNorm,
        float[] gate,
        float[] up,
        float[] down,
        float[] postFfnNorm,
        float[] pleGate,
        float[] pleProjection,
        float[] plePostNorm,
        float layerScalar) {

    static CpuLayerWeights load(Map<String, Tensor> t, int l, boolean ownsKv, boolean ple) {
        return new CpuLayerWeights(
                req(t, l, "input_layernorm.weight"),
                req(t, l, "self_attn.q_proj.weight"),
                req(t, l, "self_attn.q_norm.weight"),
                ownsKv ? req(t, l, "self_attn.k_proj.weight") : null,
                ownsKv ? req(t, l, "self_attn.k_norm.weight") : null,
                ownsKv ? req(t, l, "self_attn.v_proj.weight") : null,
                req(t, l, "self_attn.o_proj.weight"),
                req(t, l, "post_attention_layernorm.weight"),
                req(t, l, "pre_feedforward_layernorm.weight"),
                req(t, l, "mlp.gate_proj.weight"),
                req(t, l, "mlp.up_proj.weight"),
                req(t, l, "mlp.down_proj.weight"),
                req(t, l, "post_feedforward_layernorm.weight"),
                ple ? req(t, l, "per_layer_input_gate.weight") : null,
                ple ? req(t, l, "per_layer_projection.weight") : null,
                ple ? req(t, l, "post_per_layer_input_norm.weight") : null,
                opt(t, WeightNames.layer(l, "layer_scalar")).map(a -> a[0]).orElse(1f));
    }

    static float[] req(Map<String, Tensor> t, int layer, String suffix) {
        return req(t, WeightNames.layer(layer, suffix));
    }

    static float[] req(Map<String, Tensor> t, String name) {
        Tensor tensor = t.get(name);
        if (tensor == null) {
            throw dev.agentcollab.api.error.CollabException.of(
                    dev.agentcollab.api.error.ErrorCode.NOT_FOUND, "checkpoint has no tensor " + name);
        }
        return tensor.toFloats();
    }

    static Optional<float[]> opt(Map<String, Tensor> t, String name) {
        return Optional.ofNullable(t.get(name)).map(Tensor::toFloats);
    }
}
