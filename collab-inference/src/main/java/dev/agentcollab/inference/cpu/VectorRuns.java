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
 * The Vector API kernels behind {@link VectorKernels#rows} and {@link VectorKernels#rowsBf16}, which take a run of
 * weight rows four at a time: four rows by one activation row (the streaming pass: four weight streams and four
 * independent chains of multiply-adds), and the bf16 block of two rows by up to four activation rows that computes
 * the other activation rows from the L1 cache, widening each weight vector once for all of them.
 *
 * <p>Every output has {@link VectorKernels#dot}'s structure (one accumulator over the full vectors in order, the
 * fixed-order lane sum, the scalar tail in order), so every result is bit-identical to the one-row kernel; the bf16
 * kernels accumulate each group's first 16 values before its last 16, which is the f32 kernel's order. Written out in
 * full, as {@link VectorBlocks} is, so C2 keeps every vector in a register.
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

    /**
     * 4 bf16 weight rows ({@code ws} apart, {@link Bf16Pairs} layout) by one activation row: 4 accumulators, so 4 rows
     * stream at once and 4 chains of multiply-adds overlap (results to {@code out[o .. o+3]}). Needs
     * {@code LEN == Bf16Pairs.HALF}.
     */
    static void bf16x4x1(short[] w, int w0, int ws, float[] x, int x0, int n, float[] out, int o) {
        int w1 = w0 + ws;
        int w2 = w1 + ws;
        int w3 = w2 + ws;
        int paired = Bf16Pairs.paired(n);
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int g = 0; g < paired; g += Bf16Pairs.GROUP) {
            IntVector p0 = VectorBlocks.pairs(w, w0 + g);
            IntVector p1 = VectorBlocks.pairs(w, w1 + g);
            IntVector p2 = VectorBlocks.pairs(w, w2 + g);
            IntVector p3 = VectorBlocks.pairs(w, w3 + g);
            FloatVector t = FloatVector.fromArray(S, x, x0 + g);
            FloatVector h = FloatVector.fromArray(S, x, x0 + g + Bf16Pairs.HALF);
            a0 = VectorBlocks.high(p0).fma(h, VectorBlocks.low(p0).fma(t, a0));
            a1 = VectorBlocks.high(p1).fma(h, VectorBlocks.low(p1).fma(t, a1));
            a2 = VectorBlocks.high(p2).fma(h, VectorBlocks.low(p2).fma(t, a2));
            a3 = VectorBlocks.high(p3).fma(h, VectorBlocks.low(p3).fma(t, a3));
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
        out[o + 1] = s1;
        out[o + 2] = s2;
        out[o + 3] = s3;
    }

    /**
     * 2 bf16 weight rows ({@code ws} apart, {@link Bf16Pairs} layout) by up to 4 activation rows: 8 accumulators, each
     * weight vector widened once for all 4 rows. Meant for rows already in the L1 cache; a block takes fewer rows
     * than 4 by repeating the last one and not writing it. Needs {@code LEN == Bf16Pairs.HALF}.
     */
    static void bf16x2x4(
            short[] w, int w0, int ws, float[] x, int x0, int xs, int batch, int n, float[] out, int o, int os) {
        int w1 = w0 + ws;
        int last = batch - 1;
        int x1 = x0 + Math.min(1, last) * xs;
        int x2 = x0 + Math.min(2, last) * xs;
        int x3 = x0 + Math.min(3, last) * xs;
        int paired = Bf16Pairs.paired(n);
        int upper = S.loopBound(n);
        int h = Bf16Pairs.HALF;
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a10 = a00;
        FloatVector a01 = a00;
        FloatVector a11 = a00;
        FloatVector a02 = a00;
        FloatVector a12 = a00;
        FloatVector a03 = a00;
        FloatVector a13 = a00;
        for (int g = 0; g < paired; g += Bf16Pairs.GROUP) {
            IntVector p0 = VectorBlocks.pairs(w, w0 + g);
            IntVector p1 = VectorBlocks.pairs(w, w1 + g);
            FloatVector u0 = VectorBlocks.low(p0);
            FloatVector u1 = VectorBlocks.low(p1);
            FloatVector v0 = VectorBlocks.high(p0);
            FloatVector v1 = VectorBlocks.high(p1);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + g);
            FloatVector h0 = FloatVector.fromArray(S, x, x0 + g + h);
            a00 = v0.fma(h0, u0.fma(t0, a00));
            a10 = v1.fma(h0, u1.fma(t0, a10));
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + g);
            FloatVector h1 = FloatVector.fromArray(S, x, x1 + g + h);
            a01 = v0.fma(h1, u0.fma(t1, a01));
            a11 = v1.fma(h1, u1.fma(t1, a11));
            FloatVector t2 = FloatVector.fromArray(S, x, x2 + g);
            FloatVector h2 = FloatVector.fromArray(S, x, x2 + g + h);
            a02 = v0.fma(h2, u0.fma(t2, a02));
            a12 = v1.fma(h2, u1.fma(t2, a12));
            FloatVector t3 = FloatVector.fromArray(S, x, x3 + g);
            FloatVector h3 = FloatVector.fromArray(S, x, x3 + g + h);
            a03 = v0.fma(h3, u0.fma(t3, a03));
            a13 = v1.fma(h3, u1.fma(t3, a13));
        }
        for (int i = paired; i < upper; i += LEN) { // whole vectors after the last group: plain order
            FloatVector u0 = VectorBlocks.bf16(w, w0 + i);
            FloatVector u1 = VectorBlocks.bf16(w, w1 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a00 = u0.fma(t0, a00);
            a10 = u1.fma(t0, a10);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
            a01 = u0.fma(t1, a01);
            a11 = u1.fma(t1, a11);
            FloatVector t2 = FloatVector.fromArray(S, x, x2 + i);
            a02 = u0.fma(t2, a02);
            a12 = u1.fma(t2, a12);
            FloatVector t3 = FloatVector.fromArray(S, x, x3 + i);
            a03 = u0.fma(t3, a03);
            a13 = u1.fma(t3, a13);
        }
        a00 = a00.add(a00.rearrange(ROT1));
        a10 = a10.add(a10.rearrange(ROT1));
        a01 = a01.add(a01.rearrange(ROT1));
        a11 = a11.add(a11.rearrange(ROT1));
        a02 = a02.add(a02.rearrange(ROT1));
        a12 = a12.add(a12.rearrange(ROT1));
        a03 = a03.add(a03.rearrange(ROT1));
        a13 = a13.add(a13.rearrange(ROT1));
        if (LEN >= 4) {
            a00 = a00.add(a00.rearrange(ROT2));
            a10 = a10.add(a10.rearrange(ROT2));
            a01 = a01.add(a01.rearrange(ROT2));
            a11 = a11.add(a11.rearrange(ROT2));
            a02 = a02.add(a02.rearrange(ROT2));
            a12 = a12.add(a12.rearrange(ROT2));
            a03 = a03.add(a03.rearrange(ROT2));
            a13 = a13.add(a13.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a00 = a00.add(a00.rearrange(ROT3));
            a10 = a10.add(a10.rearrange(ROT3));
            a01 = a01.add(a01.rearrange(ROT3));
            a11 = a11.add(a11.rearrange(ROT3));
            a02 = a02.add(a02.rearrange(ROT3));
            a12 = a12.add(a12.rearrange(ROT3));
            a03 = a03.add(a03.rearrange(ROT3));
            a13 = a13.add(a13.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a00 = a00.add(a00.rearrange(ROT4));
            a10 = a10.add(a10.rearrange(ROT4));
            a01 = a01.add(a01.rearrange(ROT4));
            a11 = a11.add(a11.rearrange(ROT4));
            a02 = a02.add(a02.rearrange(ROT4));
            a12 = a12.add(a12.rearrange(ROT4));
            a03 = a03.add(a03.rearrange(ROT4));
            a13 = a13.add(a13.rearrange(ROT4));
        }
        float s00 = a00.lane(0);
        float s10 = a10.lane(0);
        float s01 = a01.lane(0);
        float s11 = a11.lane(0);
        float s02 = a02.lane(0);
        float s12 = a12.lane(0);
        float s03 = a03.lane(0);
        float s13 = a13.lane(0);
        for (int t = upper; t < n; t++) {
            float p0 = Float.intBitsToFloat(w[w0 + t] << 16);
            float p1 = Float.intBitsToFloat(w[w1 + t] << 16);
            float y0 = x[x0 + t];
            s00 += p0 * y0;
            s10 += p1 * y0;
            float y1 = x[x1 + t];
            s01 += p0 * y1;
            s11 += p1 * y1;
            float y2 = x[x2 + t];
            s02 += p0 * y2;
            s12 += p1 * y2;
            float y3 = x[x3 + t];
            s03 += p0 * y3;
            s13 += p1 * y3;
        }
        out[o] = s00;
        out[o + 1] = s10;
        if (batch > 1) {
            out[o + os] = s01;
            out[o + os + 1] = s11;
        }
        if (batch > 2) {
            out[o + 2 * os] = s02;
            out[o + 2 * os + 1] = s12;
        }
        if (batch > 3) {
            out[o + 3 * os] = s03;
            out[o + 3 * os + 1] = s13;
        }
    }
}
