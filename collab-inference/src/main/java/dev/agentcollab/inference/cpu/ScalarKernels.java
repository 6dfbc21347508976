package dev.agentcollab.inference.cpu;

/** Portable kernels: four independent accumulators so the JIT can pipeline the multiply-adds. */
final class ScalarKernels implements Kernels {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float dotBf16(short[] w, int wo, float[] x, int xo, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int paired = Bf16Pairs.paired(n);
        int i = 0;
        for (; i < paired; i += 4) { // values i .. i+3 sit in one half of a group: every other position
            int p = wo + Bf16Pairs.index(i, n);
            s0 += Float.intBitsToFloat(w[p] << 16) * x[xo + i];
            s1 += Float.intBitsToFloat(w[p + 2] << 16) * x[xo + i + 1];
            s2 += Float.intBitsToFloat(w[p + 4] << 16) * x[xo + i + 2];
            s3 += Float.intBitsToFloat(w[p + 6] << 16) * x[xo + i + 3];
        }
        for (; i + 3 < n; i += 4) {
            s0 += Float.intBitsToFloat(w[wo + i] << 16) * x[xo + i];
            s1 += Float.intBitsToFloat(w[wo + i + 1] << 16) * x[xo + i + 1];
            s2 += Float.intBitsToFloat(w[wo + i + 2] << 16) * x[xo + i + 2];
            s3 += Float.intBitsToFloat(w[wo + i + 3] << 16) * x[xo + i + 3];
        }
        for (; i < n; i++) {
            s0 += Float.intBitsToFloat(w[wo + i] << 16) * x[xo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
