package dev.agentcollab.inference.cpu;

/**
 * Portable Q8_0 kernels with {@link ScalarKernels}'s structure: four independent accumulators over the weights
 * {@code q * d} (exact in f32), then {@code (s0 + s1) + (s2 + s3)}.
 */
final class ScalarQ8Kernels implements Q8Kernels {
    static final ScalarQ8Kernels INSTANCE = new ScalarQ8Kernels();

    private ScalarQ8Kernels() {}

    @Override
    public float dot(byte[] q, int qo, short[] d, int dOff, float[] x, int xo, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (int b = 0; i + 3 < n; b++) {
            float scale = Q8Blocks.scale(d[dOff + b]);
            int end = Math.min(n & ~3, i + Q8Blocks.BLOCK);
            for (; i < end; i += 4) {
                s0 += q[qo + i] * scale * x[xo + i];
                s1 += q[qo + i + 1] * scale * x[xo + i + 1];
                s2 += q[qo + i + 2] * scale * x[xo + i + 2];
                s3 += q[qo + i + 3] * scale * x[xo + i + 3];
            }
        }
        for (; i < n; i++) {
            s0 += q[qo + i] * Q8Blocks.scale(d[dOff + i / Q8Blocks.BLOCK]) * x[xo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
