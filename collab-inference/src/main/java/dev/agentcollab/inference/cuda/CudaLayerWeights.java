package dev.agentcollab.inference.cuda;

import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.safetensors.Tensor;
import java.util.Map;

/**
 * One decoder layer on the device: bf16 projections, fp32 norm weights, the layer scalar on the host. K/V weights
 * are null for KV-shared layers (every drafter layer); PLE weights are null without PLE. Not thread-safe.
 */
final class CudaLayerWeights implements AutoCloseable {
    final DeviceBuffer inputNorm;
    final DeviceBuffer qProj;
    final DeviceBuffer qNorm;
    final DeviceBuffer kProj;
    final DeviceBuffer kNorm;
    final DeviceBuffer vProj;
    final DeviceBuffer oProj;
    final DeviceBuffer postAttnNorm;
    final DeviceBuffer preFfnNorm;
    final DeviceBuffer gate;
    final DeviceBuffer up;
    final DeviceBuffer down;
    final DeviceBuffer postFfnNorm;
    final DeviceBuffer pleGate;
    final DeviceBuffer pleProjection;
    final DeviceBuffer plePostNorm;
    final float layerScalar;

    /**
     * Uploads layer {@code l} of a model with config {@code cfg}.
     *
     * @param t the checkpoint tensors
     * @param cfg the config (target, or the drafter's text config)
     * @param l the layer index
     */
    CudaLayerWeights(Map<String, Tensor> t, ModelConfig cfg, int l) {
        int h = cfg.hiddenSize();
        int hd = cfg.headDim(l);
        int q = cfg.numHeads() * hd;
        int kv = cfg.numKvHeads() * hd;
        int inter = cfg.intermediateSize();
        int pw = cfg.hiddenSizePerLayerInput();
        boolean owns = cfg.ownsKv(l);
        boolean ple = cfg.hasPerLayerInputs();
        inputNorm = CudaUploads.f32(t, name(l, "input_layernorm.weight"), h);
        qProj = CudaUploads.bf16(t, name(l, "self_attn.q_proj.weight"), q, h);
        qNorm = CudaUploads.f32(t, name(l, "self_attn.q_norm.weight"), hd);
        kProj = owns ? CudaUploads.bf16(t, name(l, "self_attn.k_proj.weight"), kv, h) : null;
        kNorm = owns ? CudaUploads.f32(t, name(l, "self_attn.k_norm.weight"), hd) : null;
        vProj = owns ? CudaUploads.bf16(t, name(l, "self_attn.v_proj.weight"), kv, h) : null;
        oProj = CudaUploads.bf16(t, name(l, "self_attn.o_proj.weight"), h, q);
        postAttnNorm = CudaUploads.f32(t, name(l, "post_attention_layernorm.weight"), h);
        preFfnNorm = CudaUploads.f32(t, name(l, "pre_feedforward_layernorm.weight"), h);
        gate = CudaUploads.bf16(t, name(l, "mlp.gate_proj.weight"), inter, h);
        up = CudaUploads.bf16(t, name(l, "mlp.up_proj.weight"), inter, h);
        down = CudaUploads.bf16(t, name(l, "mlp.down_proj.weight"), h, inter);
        postFfnNorm = CudaUploads.f32(t, name(l, "post_feedforward_layernorm.weight"), h);
        pleGate = ple ? CudaUploads.bf16(t, name(l, "per_layer_input_gate.weight"), pw, h) : null;
        pleProjection = ple ? CudaUploads.bf16(t, name(l, "per_layer_projection.weight"), h, pw) : null;
        plePostNorm = ple ? CudaUploads.f32(t, name(l, "post_per_layer_input_norm.weight"), h) : null;
        Tensor scalar = t.get(name(l, "layer_scalar"));
        layerScalar = scalar == null ? 1f : scalar.toFloats()[0];
    }

    private static String name(int l, String suffix) {
        return WeightNames.layer(l, suffix);
    }

    @Override
    public void close() {
        for (DeviceBuffer b : new DeviceBuffer[] {
            inputNorm,
            qProj,
            qNorm,
            kProj,
            kNorm,
            vProj,
            oProj,
            postAttnNorm,
            preFfnNorm,
            gate,
            up,
            down,
            postFfnNorm,
            pleGate,
            pleProjection,
            plePostNorm
        }) {
            if (b != null) {
                b.close();
            }
        }
    }
}
