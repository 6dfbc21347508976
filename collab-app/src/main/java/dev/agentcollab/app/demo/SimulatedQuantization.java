package dev.agentcollab.app.demo;

import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.safetensors.Tensor;
import java.util.HashMap;
import java.util.Map;

/**
 * Round-trips a checkpoint's layer matrices through symmetric per-row integer quantization ("fake quantization":
 * quantize, then store the dequantized floats), so the quality loss of a low-bit model can be measured with the
 * float engine. Only the 2-D weights under {@code layers.} ending in {@code _proj.weight} are touched; embeddings,
 * norms and scalars stay exact. Stateless.
 */
final class SimulatedQuantization {
    private SimulatedQuantization() {}

    /**
     * Quantizes the layer projections.
     *
     * @param ck the checkpoint
     * @param bits integer width, 2..8 (levels {@code -(2^(bits-1))..2^(bits-1)-1}, scale = row max / top level)
     * @return a new checkpoint with the same config
     */
    static Checkpoint perRow(Checkpoint ck, int bits) {
        if (bits < 2 || bits > 8) {
            throw new IllegalArgumentException("bits must be in [2, 8], but was " + bits);
        }
        int top = (1 << (bits - 1)) - 1;
        Map<String, Tensor> out = new HashMap<>(ck.tensors());
        for (Map.Entry<String, Tensor> e : ck.tensors().entrySet()) {
            Tensor t = e.getValue();
            if (!e.getKey().startsWith("layers.")
                    || !e.getKey().endsWith("_proj.weight")
                    || t.shape().size() != 2) {
                continue;
            }
            int rows = t.shape().get(0);
            int cols = t.shape().get(1);
            float[] w = t.toFloats();
            for (int r = 0; r < rows; r++) {
                float max = 0;
                for (int c = 0; c < cols; c++) {
                    max = Math.max(max, Math.abs(w[r * cols + c]));
                }
                float scale = max == 0 ? 1 : max / top;
                for (int c = 0; c < cols; c++) {
                    int q = Math.max(-top - 1, Math.min(top, Math.round(w[r * cols + c] / scale)));
                    w[r * cols + c] = q * scale;
                }
            }
            out.put(e.getKey(), Tensor.ofFloats(t.name(), t.dtype(), w, rows, cols));
        }
        return new Checkpoint(ck.config(), out);
    }
}
