package dev.agentcollab.inference.cpu;

import static dev.agentcollab.inference.cpu.VectorBlocks.LEN;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT1;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT2;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT3;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT4;
import static dev.agentcollab.inference.cpu.VectorBlocks.S;

import jdk.incubator.vector.FloatVector;

/**
 * The Vector API kernel behind {@link VectorKernels#rows}, which takes a run of f32 weight rows four at a time: four
 * rows by the first activation row is the streaming pass (four weight streams and four independent chains of
 * multiply-adds), and the other activation rows follow from the L1 cache in {@link VectorBlocks}' blocks over each
 * pair.
 *
 * <p>Every output has {@link VectorKernels#dot}'s structure (one accumulator over the full vectors in order, the
 * fixed-order lane sum, the scalar tail in order), so every result is bit-identical to the one-row kernel. Written out
 * in full, as {@link VectorBlocks} is, so C2 keeps every vector in a register.
 *
 * <p>Measured with {@code KernelProbe} and the bench and not kept: the same for bf16 rows (four bf16 rows by one
 * activation row streamed at about 60 % of the two-row rate), and a bf16 block of two rows by four activation rows
 * over cached rows (within noise of 2x2 blocks: at about one 16-lane multiply-add per cycle, widening a weight vector
 * once for four rows saves nothing that bounds the pass).
 */
final class VectorRuns {
    private VectorRuns() {}

    /**
     * 4 f32 weight rows ({@code ws} apart) by one activation row: 4 accumulators, so 4 rows stream at once (results to
     * {@code out[o .. o+3]}).
     */
    static void f32x4x1(float[] w, int w0, int ws, float[] x, int x0, int n, float[] out, int o) {
        int w1 = w0 + ws;
        int w2 = w1 + ws;
        int w3 = w2 + ws;
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int i = 0; i < upper; i += LEN) {
            FloatVector t = FloatVector.fromArray(S, x, x0 + i);
            a0 = FloatVector.fromArray(S, w, w0 + i).fma(t, a0);
            a1 = FloatVector.fromArray(S, w, w1 + i).fma(t, a1);
            a2 = FloatVector.fromArray(S, w, w2 + i).fma(t, a2);
            a3 = FloatVector.fromArray(S, w, w3 + i).fma(t, a3);
        }
        a0 = a0.add(a0.rearrange(ROT1));
        a1 = a1.add(a1.rearrange(ROT1));
        a2 = a2.add(a2.rearrange(ROT1));
        a3 = a3.add(a3.rearrange(ROT1));
        if (LEN >= 4) {
            a0 = a0.add(a0.rearrange(ROT2));
            a1 = a1.add(a1.rearrange(ROT2));
            a2 = a2.add(a2.rearrange(ROT2));
            a3 = a3.add(a3.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a0 = a0.add(a0.rearrange(ROT3));
            a1 = a1.add(a1.rearrange(ROT3));
            a2 = a2.add(a2.rearrange(ROT3));
            a3 = a3.add(a3.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a0 = a0.add(a0.rearrange(ROT4));
            a1 = a1.add(a1.rearrange(ROT4));
            a2 = a2.add(a2.rearrange(ROT4));
            a3 = a3.add(a3.rearrange(ROT4));
        }
        float s0 = a0.lane(0);
        float s1 = a1.lane(0);
        float s2 = a2.lane(0);
        float s3 = a3.lane(0);
        for (int t = upper; t < n; t++) {
            float y = x[x0 + t];
            s0 += w[w0 + t] * y;
            s1 += w[w1 + t] * y;
            s2 += w[w2 + t] * y;
            s3 += w[w3 + t] * y;
        }
        out[o] = s0;
        out[o + 1] = s1;
        out[o + 2] = s2;
        out[o + 3] = s3;
    }
}
