package dev.agentcollab.inference.cpu;

import static dev.agentcollab.inference.cpu.VectorBlocks.LEN;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT1;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT2;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT3;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT4;
import static dev.agentcollab.inference.cpu.VectorBlocks.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;

/**
 * The one-activation-row kernels behind {@link VectorKernels#rows} and {@link VectorKernels#rowsBf16}: four weight
 * rows by one activation row, four weight streams and four independent chains of multiply-adds. In the default
 * stream mode the four rows are one from each quarter of a run (four separate sequential streams: on some machines a
 * core reads one sequential stream at half the rate of several); in the earlier mode ({@code stream=false}) they are
 * four adjacent f32 rows for the first activation row, the other activation rows following from the L1 cache in
 * {@link VectorBlocks}' blocks over each pair.
 *
 * <p>Every output has the one-row kernel's structure ({@link VectorKernels#dot}, {@link VectorKernels#dotBf16}: one
 * accumulator over the full vectors in order, the fixed-order lane sum, the scalar tail in order), so every result is
 * bit-identical to it. Written out in full, as {@link VectorBlocks} is, so C2 keeps every vector in a register; that
 * includes the lane sums: with one shared helper for them, C2 compiled the helper on its own in some JVMs (it was
 * hot in every kernel that called it) and each call boxed its vector, which on a small model's short rows cost up to
 * half of plain decoding's speed (the demo's f32 baseline measured in a Q8_0 submission's job: 8.0-8.6 thousand
 * tok/s with the helper, 15.0-19.4 written out, three runs each in turn).
 *
 * <p>Measured with {@code KernelProbe} and the bench and not kept: four adjacent bf16 rows by one activation row
 * (about 60 % of the two-row rate on a machine where one stream per core was fast; four stripes are what is kept),
 * and a bf16 block of two rows by four activation rows over cached rows (within noise of 2x2 blocks: at about one
 * 16-lane multiply-add per cycle, widening a weight vector once for four rows saves nothing that bounds the pass).
 */
final class VectorRuns {
    private VectorRuns() {}

    /**
     * 4 f32 weight rows ({@code ws} apart) by one activation row: 4 accumulators, so 4 rows stream at once (results to
     * {@code out[o]}, {@code out[o + orow]}, {@code out[o + 2 orow]}, {@code out[o + 3 orow]}).
     */
    static void f32x4x1(float[] w, int w0, int ws, float[] x, int x0, int n, float[] out, int o, int orow) {
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
        out[o + orow] = s1;
        out[o + 2 * orow] = s2;
        out[o + 3 * orow] = s3;
    }

    /**
     * 4 bf16 weight rows ({@code ws} apart, {@link Bf16Pairs} layout, vectors of {@link Bf16Pairs#HALF} lanes only) by
     * one activation row: 4 accumulators with {@link VectorBlocks#bf16x2x1}'s order, so 4 rows stream at once (results
     * to {@code out[o]}, {@code out[o + orow]}, {@code out[o + 2 orow]}, {@code out[o + 3 orow]}).
     */
    static void bf16x4x1(short[] w, int w0, int ws, float[] x, int x0, int n, float[] out, int o, int orow) {
        int w1 = w0 + ws;
        int w2 = w1 + ws;
        int w3 = w2 + ws;
        int paired = Bf16Pairs.paired(n);
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int g = 0; g < paired; g += Bf16Pairs.GROUP) { // one load per row and group gives both halves
            IntVector p0 = VectorBlocks.pairs(w, w0 + g);
            IntVector p1 = VectorBlocks.pairs(w, w1 + g);
            IntVector p2 = VectorBlocks.pairs(w, w2 + g);
            IntVector p3 = VectorBlocks.pairs(w, w3 + g);
            FloatVector t = FloatVector.fromArray(S, x, x0 + g);
            a0 = VectorBlocks.low(p0).fma(t, a0);
            a1 = VectorBlocks.low(p1).fma(t, a1);
            a2 = VectorBlocks.low(p2).fma(t, a2);
            a3 = VectorBlocks.low(p3).fma(t, a3);
            FloatVector h = FloatVector.fromArray(S, x, x0 + g + Bf16Pairs.HALF);
            a0 = VectorBlocks.high(p0).fma(h, a0);
            a1 = VectorBlocks.high(p1).fma(h, a1);
            a2 = VectorBlocks.high(p2).fma(h, a2);
            a3 = VectorBlocks.high(p3).fma(h, a3);
        }
        for (int i = paired; i < upper; i += LEN) { // whole vectors after the last group: plain order
            FloatVector t = FloatVector.fromArray(S, x, x0 + i);
            a0 = VectorBlocks.bf16(w, w0 + i).fma(t, a0);
            a1 = VectorBlocks.bf16(w, w1 + i).fma(t, a1);
            a2 = VectorBlocks.bf16(w, w2 + i).fma(t, a2);
            a3 = VectorBlocks.bf16(w, w3 + i).fma(t, a3);
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
            s0 += Float.intBitsToFloat(w[w0 + t] << 16) * y;
            s1 += Float.intBitsToFloat(w[w1 + t] << 16) * y;
            s2 += Float.intBitsToFloat(w[w2 + t] << 16) * y;
            s3 += Float.intBitsToFloat(w[w3 + t] << 16) * y;
        }
        out[o] = s0;
        out[o + orow] = s1;
        out[o + 2 * orow] = s2;
        out[o + 3 * orow] = s3;
    }
}
