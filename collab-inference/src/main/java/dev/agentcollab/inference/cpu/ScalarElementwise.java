package dev.agentcollab.inference.cpu;

/** {@link Elementwise} one element at a time through {@link CpuOps#gelu} and {@link CpuOps#tanh}. */
final class ScalarElementwise implements Elementwise {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void geluMul(float[] gate, float[] up, int start, int end) {
        for (int i = start; i < end; i++) {
            gate[i] = CpuOps.gelu(gate[i]) * up[i];
        }
    }

    @Override
    public void softcap(float[] logits, int start, int end, float cap) {
        for (int i = start; i < end; i++) {
            logits[i] = (float) (cap * CpuOps.tanh(logits[i] / cap));
        }
    }

    @Override
    public void addScaled(float p, float[] v, int vo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] += p * v[vo + i];
        }
    }
}
