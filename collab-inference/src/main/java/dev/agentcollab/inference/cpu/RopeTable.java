package dev.agentcollab.inference.cpu;

import dev.agentcollab.inference.model.RopeConfig;

/** Precomputed cos/sin of every position for one head dimension and RoPE config: row {@code pos} has headDim/2. */
final class RopeTable {
    final float[] cos;
    final float[] sin;
    final int half;

    RopeTable(RopeConfig rope, int headDim, int maxPositions) {
        half = headDim / 2;
        double[] inv = rope.inverseFrequencies(headDim);
        cos = new float[maxPositions * half];
        sin = new float[maxPositions * half];
        for (int p = 0; p < maxPositions; p++) {
            for (int i = 0; i < half; i++) {
                double a = p * inv[i];
                cos[p * half + i] = (float) Math.cos(a);
                sin[p * half + i] = (float) Math.sin(a);
            }
        }
    }

    void apply(float[] x, int off, int pos) {
        CpuOps.rope(x, off, 2 * half, cos, sin, pos * half);
    }
}
