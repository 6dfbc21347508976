package dev.agentcollab.inference.cpu;

import static dev.agentcollab.inference.cpu.VectorBlocks.LEN;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT1;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT2;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT3;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT4;
import static dev.agentcollab.inference.cpu.VectorBlocks.S;

import jdk.incubator.vector.FloatVector;

/**
 * {@link VectorStreamBlocks#f32x4x5} narrowed to exactly 2, 3 or 4 activation rows: the same four weight rows (one
 * from each stripe of a run) on one pass, with one accumulator per output and no repeated activation rows, so a pass
 * over fewer than 5 activation rows does only their multiply-adds. {@link VectorKernels} picks the block whose width
 * is the number of activation rows left (6 rows: a 4x5 pass, then {@link VectorRuns#f32x4x1} over the same four rows
 * from the L1 cache).
 *
 * <p>Every output has {@link VectorKernels#dot}'s structure (one accumulator over the full vectors in order, the
 * fixed-order lane sum, the scalar tail in order), so every result is bit-identical to the one-row kernel. Each block
 * is written out in full, as {@link VectorStreamBlocks} is, so C2 keeps every vector in a register.
 *
 * <p>Measured with {@code KernelProbe} (one thread, runs of 256 rows of 768 values, 201 MB streamed, CPU time, best
 * of 8), the 4x5 block with repeated rows against these, in turn twice: 3 activation rows 9.9-13.3 against 8.5-9.7
 * ms, 8 rows (5 + 3) 18.3-19.4 against 14.6-17.4 ms; 2 and 4 rows within the noise. Over rows in the L2 cache, where
 * the arithmetic shows: 2 rows 5.5-5.6 against 2.9-3.1 ms, 3 rows 5.5-5.7 against 3.4-3.9.
 */
final class VectorStreamF32 {
    private VectorStreamF32() {}

    /**
     * 4 f32 weight rows ({@code ws} values apart) by exactly 2 activation rows ({@code xs} apart) on one pass over
     * the weights: 8 accumulators, each weight vector loaded once for every activation row. Weight row {@code r}'s
     * result for activation row {@code c} goes to {@code out[o + c*os + r*orow]}.
     */
    static void f32x4x2(
            float[] w, int w0, int ws, float[] x, int x0, int xs, int n, float[] out, int o, int os, int orow) {
        int w1 = w0 + ws;
        int w2 = w1 + ws;
        int w3 = w2 + ws;
        int x1 = x0 + xs;
        int upper = S.loopBound(n);
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a10 = a00;
        FloatVector a20 = a00;
        FloatVector a30 = a00;
        FloatVector a01 = a00;
        FloatVector a11 = a00;
        FloatVector a21 = a00;
        FloatVector a31 = a00;
        for (int i = 0; i < upper; i += LEN) {
            FloatVector u0 = FloatVector.fromArray(S, w, w0 + i);
            FloatVector u1 = FloatVector.fromArray(S, w, w1 + i);
            FloatVector u2 = FloatVector.fromArray(S, w, w2 + i);
            FloatVector u3 = FloatVector.fromArray(S, w, w3 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a00 = u0.fma(t0, a00);
            a10 = u1.fma(t0, a10);
            a20 = u2.fma(t0, a20);
            a30 = u3.fma(t0, a30);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
            a01 = u0.fma(t1, a01);
            a11 = u1.fma(t1, a11);
            a21 = u2.fma(t1, a21);
            a31 = u3.fma(t1, a31);
        }
        a00 = a00.add(a00.rearrange(ROT1));
        a10 = a10.add(a10.rearrange(ROT1));
        a20 = a20.add(a20.rearrange(ROT1));
        a30 = a30.add(a30.rearrange(ROT1));
        a01 = a01.add(a01.rearrange(ROT1));
        a11 = a11.add(a11.rearrange(ROT1));
        a21 = a21.add(a21.rearrange(ROT1));
        a31 = a31.add(a31.rearrange(ROT1));
        if (LEN >= 4) {
            a00 = a00.add(a00.rearrange(ROT2));
            a10 = a10.add(a10.rearrange(ROT2));
            a20 = a20.add(a20.rearrange(ROT2));
            a30 = a30.add(a30.rearrange(ROT2));
            a01 = a01.add(a01.rearrange(ROT2));
            a11 = a11.add(a11.rearrange(ROT2));
            a21 = a21.add(a21.rearrange(ROT2));
            a31 = a31.add(a31.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a00 = a00.add(a00.rearrange(ROT3));
            a10 = a10.add(a10.rearrange(ROT3));
            a20 = a20.add(a20.rearrange(ROT3));
            a30 = a30.add(a30.rearrange(ROT3));
            a01 = a01.add(a01.rearrange(ROT3));
            a11 = a11.add(a11.rearrange(ROT3));
            a21 = a21.add(a21.rearrange(ROT3));
            a31 = a31.add(a31.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a00 = a00.add(a00.rearrange(ROT4));
            a10 = a10.add(a10.rearrange(ROT4));
            a20 = a20.add(a20.rearrange(ROT4));
            a30 = a30.add(a30.rearrange(ROT4));
            a01 = a01.add(a01.rearrange(ROT4));
            a11 = a11.add(a11.rearrange(ROT4));
            a21 = a21.add(a21.rearrange(ROT4));
            a31 = a31.add(a31.rearrange(ROT4));
        }
        float s00 = a00.lane(0);
        float s10 = a10.lane(0);
        float s20 = a20.lane(0);
        float s30 = a30.lane(0);
        float s01 = a01.lane(0);
        float s11 = a11.lane(0);
        float s21 = a21.lane(0);
        float s31 = a31.lane(0);
        for (int t = upper; t < n; t++) {
            float p0 = w[w0 + t];
            float p1 = w[w1 + t];
            float p2 = w[w2 + t];
            float p3 = w[w3 + t];
            float y0 = x[x0 + t];
            s00 += p0 * y0;
            s10 += p1 * y0;
            s20 += p2 * y0;
            s30 += p3 * y0;
            float y1 = x[x1 + t];
            s01 += p0 * y1;
            s11 += p1 * y1;
            s21 += p2 * y1;
            s31 += p3 * y1;
        }
        out[o] = s00;
        out[o + orow] = s10;
        out[o + 2 * orow] = s20;
        out[o + 3 * orow] = s30;
        out[o + os] = s01;
        out[o + os + orow] = s11;
        out[o + os + 2 * orow] = s21;
        out[o + os + 3 * orow] = s31;
    }

    /**
     * 4 f32 weight rows ({@code ws} values apart) by exactly 3 activation rows ({@code xs} apart) on one pass over
     * the weights: 12 accumulators, each weight vector loaded once for every activation row. Weight row {@code r}'s
     * result for activation row {@code c} goes to {@code out[o + c*os + r*orow]}.
     */
    static void f32x4x3(
            float[] w, int w0, int ws, float[] x, int x0, int xs, int n, float[] out, int o, int os, int orow) {
        int w1 = w0 + ws;
        int w2 = w1 + ws;
        int w3 = w2 + ws;
        int x1 = x0 + xs;
        int x2 = x1 + xs;
        int upper = S.loopBound(n);
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a10 = a00;
        FloatVector a20 = a00;
        FloatVector a30 = a00;
        FloatVector a01 = a00;
        FloatVector a11 = a00;
        FloatVector a21 = a00;
        FloatVector a31 = a00;
        FloatVector a02 = a00;
        FloatVector a12 = a00;
        FloatVector a22 = a00;
        FloatVector a32 = a00;
        for (int i = 0; i < upper; i += LEN) {
            FloatVector u0 = FloatVector.fromArray(S, w, w0 + i);
            FloatVector u1 = FloatVector.fromArray(S, w, w1 + i);
            FloatVector u2 = FloatVector.fromArray(S, w, w2 + i);
            FloatVector u3 = FloatVector.fromArray(S, w, w3 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a00 = u0.fma(t0, a00);
            a10 = u1.fma(t0, a10);
            a20 = u2.fma(t0, a20);
            a30 = u3.fma(t0, a30);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
            a01 = u0.fma(t1, a01);
            a11 = u1.fma(t1, a11);
            a21 = u2.fma(t1, a21);
            a31 = u3.fma(t1, a31);
            FloatVector t2 = FloatVector.fromArray(S, x, x2 + i);
            a02 = u0.fma(t2, a02);
            a12 = u1.fma(t2, a12);
            a22 = u2.fma(t2, a22);
            a32 = u3.fma(t2, a32);
        }
        a00 = a00.add(a00.rearrange(ROT1));
        a10 = a10.add(a10.rearrange(ROT1));
        a20 = a20.add(a20.rearrange(ROT1));
        a30 = a30.add(a30.rearrange(ROT1));
        a01 = a01.add(a01.rearrange(ROT1));
        a11 = a11.add(a11.rearrange(ROT1));
        a21 = a21.add(a21.rearrange(ROT1));
        a31 = a31.add(a31.rearrange(ROT1));
        a02 = a02.add(a02.rearrange(ROT1));
        a12 = a12.add(a12.rearrange(ROT1));
        a22 = a22.add(a22.rearrange(ROT1));
        a32 = a32.add(a32.rearrange(ROT1));
        if (LEN >= 4) {
            a00 = a00.add(a00.rearrange(ROT2));
            a10 = a10.add(a10.rearrange(ROT2));
            a20 = a20.add(a20.rearrange(ROT2));
            a30 = a30.add(a30.rearrange(ROT2));
            a01 = a01.add(a01.rearrange(ROT2));
            a11 = a11.add(a11.rearrange(ROT2));
            a21 = a21.add(a21.rearrange(ROT2));
            a31 = a31.add(a31.rearrange(ROT2));
            a02 = a02.add(a02.rearrange(ROT2));
            a12 = a12.add(a12.rearrange(ROT2));
            a22 = a22.add(a22.rearrange(ROT2));
            a32 = a32.add(a32.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a00 = a00.add(a00.rearrange(ROT3));
            a10 = a10.add(a10.rearrange(ROT3));
            a20 = a20.add(a20.rearrange(ROT3));
            a30 = a30.add(a30.rearrange(ROT3));
            a01 = a01.add(a01.rearrange(ROT3));
            a11 = a11.add(a11.rearrange(ROT3));
            a21 = a21.add(a21.rearrange(ROT3));
            a31 = a31.add(a31.rearrange(ROT3));
            a02 = a02.add(a02.rearrange(ROT3));
            a12 = a12.add(a12.rearrange(ROT3));
            a22 = a22.add(a22.rearrange(ROT3));
            a32 = a32.add(a32.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a00 = a00.add(a00.rearrange(ROT4));
            a10 = a10.add(a10.rearrange(ROT4));
            a20 = a20.add(a20.rearrange(ROT4));
            a30 = a30.add(a30.rearrange(ROT4));
            a01 = a01.add(a01.rearrange(ROT4));
            a11 = a11.add(a11.rearrange(ROT4));
            a21 = a21.add(a21.rearrange(ROT4));
            a31 = a31.add(a31.rearrange(ROT4));
            a02 = a02.add(a02.rearrange(ROT4));
            a12 = a12.add(a12.rearrange(ROT4));
            a22 = a22.add(a22.rearrange(ROT4));
            a32 = a32.add(a32.rearrange(ROT4));
        }
        float s00 = a00.lane(0);
        float s10 = a10.lane(0);
        float s20 = a20.lane(0);
        float s30 = a30.lane(0);
        float s01 = a01.lane(0);
        float s11 = a11.lane(0);
        float s21 = a21.lane(0);
        float s31 = a31.lane(0);
        float s02 = a02.lane(0);
        float s12 = a12.lane(0);
        float s22 = a22.lane(0);
        float s32 = a32.lane(0);
        for (int t = upper; t < n; t++) {
            float p0 = w[w0 + t];
            float p1 = w[w1 + t];
            float p2 = w[w2 + t];
            float p3 = w[w3 + t];
            float y0 = x[x0 + t];
            s00 += p0 * y0;
            s10 += p1 * y0;
            s20 += p2 * y0;
            s30 += p3 * y0;
            float y1 = x[x1 + t];
            s01 += p0 * y1;
            s11 += p1 * y1;
            s21 += p2 * y1;
            s31 += p3 * y1;
            float y2 = x[x2 + t];
            s02 += p0 * y2;
            s12 += p1 * y2;
            s22 += p2 * y2;
            s32 += p3 * y2;
        }
        out[o] = s00;
        out[o + orow] = s10;
        out[o + 2 * orow] = s20;
        out[o + 3 * orow] = s30;
        out[o + os] = s01;
        out[o + os + orow] = s11;
        out[o + os + 2 * orow] = s21;
        out[o + os + 3 * orow] = s31;
        out[o + 2 * os] = s02;
        out[o + 2 * os + orow] = s12;
        out[o + 2 * os + 2 * orow] = s22;
        out[o + 2 * os + 3 * orow] = s32;
    }

    /**
     * 4 f32 weight rows ({@code ws} values apart) by exactly 4 activation rows ({@code xs} apart) on one pass over
     * the weights: 16 accumulators, each weight vector loaded once for every activation row. Weight row {@code r}'s
     * result for activation row {@code c} goes to {@code out[o + c*os + r*orow]}.
     */
    static void f32x4x4(
            float[] w, int w0, int ws, float[] x, int x0, int xs, int n, float[] out, int o, int os, int orow) {
        int w1 = w0 + ws;
        int w2 = w1 + ws;
        int w3 = w2 + ws;
        int x1 = x0 + xs;
        int x2 = x1 + xs;
        int x3 = x2 + xs;
        int upper = S.loopBound(n);
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a10 = a00;
        FloatVector a20 = a00;
        FloatVector a30 = a00;
        FloatVector a01 = a00;
        FloatVector a11 = a00;
        FloatVector a21 = a00;
        FloatVector a31 = a00;
        FloatVector a02 = a00;
        FloatVector a12 = a00;
        FloatVector a22 = a00;
        FloatVector a32 = a00;
        FloatVector a03 = a00;
        FloatVector a13 = a00;
        FloatVector a23 = a00;
        FloatVector a33 = a00;
        for (int i = 0; i < upper; i += LEN) {
            FloatVector u0 = FloatVector.fromArray(S, w, w0 + i);
            FloatVector u1 = FloatVector.fromArray(S, w, w1 + i);
            FloatVector u2 = FloatVector.fromArray(S, w, w2 + i);
            FloatVector u3 = FloatVector.fromArray(S, w, w3 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a00 = u0.fma(t0, a00);
            a10 = u1.fma(t0, a10);
            a20 = u2.fma(t0, a20);
            a30 = u3.fma(t0, a30);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
            a01 = u0.fma(t1, a01);
            a11 = u1.fma(t1, a11);
            a21 = u2.fma(t1, a21);
            a31 = u3.fma(t1, a31);
            FloatVector t2 = FloatVector.fromArray(S, x, x2 + i);
            a02 = u0.fma(t2, a02);
            a12 = u1.fma(t2, a12);
            a22 = u2.fma(t2, a22);
            a32 = u3.fma(t2, a32);
            FloatVector t3 = FloatVector.fromArray(S, x, x3 + i);
            a03 = u0.fma(t3, a03);
            a13 = u1.fma(t3, a13);
            a23 = u2.fma(t3, a23);
            a33 = u3.fma(t3, a33);
        }
        a00 = a00.add(a00.rearrange(ROT1));
        a10 = a10.add(a10.rearrange(ROT1));
        a20 = a20.add(a20.rearrange(ROT1));
        a30 = a30.add(a30.rearrange(ROT1));
        a01 = a01.add(a01.rearrange(ROT1));
        a11 = a11.add(a11.rearrange(ROT1));
        a21 = a21.add(a21.rearrange(ROT1));
        a31 = a31.add(a31.rearrange(ROT1));
        a02 = a02.add(a02.rearrange(ROT1));
        a12 = a12.add(a12.rearrange(ROT1));
        a22 = a22.add(a22.rearrange(ROT1));
        a32 = a32.add(a32.rearrange(ROT1));
        a03 = a03.add(a03.rearrange(ROT1));
        a13 = a13.add(a13.rearrange(ROT1));
        a23 = a23.add(a23.rearrange(ROT1));
        a33 = a33.add(a33.rearrange(ROT1));
        if (LEN >= 4) {
            a00 = a00.add(a00.rearrange(ROT2));
            a10 = a10.add(a10.rearrange(ROT2));
            a20 = a20.add(a20.rearrange(ROT2));
            a30 = a30.add(a30.rearrange(ROT2));
            a01 = a01.add(a01.rearrange(ROT2));
            a11 = a11.add(a11.rearrange(ROT2));
            a21 = a21.add(a21.rearrange(ROT2));
            a31 = a31.add(a31.rearrange(ROT2));
            a02 = a02.add(a02.rearrange(ROT2));
            a12 = a12.add(a12.rearrange(ROT2));
            a22 = a22.add(a22.rearrange(ROT2));
            a32 = a32.add(a32.rearrange(ROT2));
            a03 = a03.add(a03.rearrange(ROT2));
            a13 = a13.add(a13.rearrange(ROT2));
            a23 = a23.add(a23.rearrange(ROT2));
            a33 = a33.add(a33.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a00 = a00.add(a00.rearrange(ROT3));
            a10 = a10.add(a10.rearrange(ROT3));
            a20 = a20.add(a20.rearrange(ROT3));
            a30 = a30.add(a30.rearrange(ROT3));
            a01 = a01.add(a01.rearrange(ROT3));
            a11 = a11.add(a11.rearrange(ROT3));
            a21 = a21.add(a21.rearrange(ROT3));
            a31 = a31.add(a31.rearrange(ROT3));
            a02 = a02.add(a02.rearrange(ROT3));
            a12 = a12.add(a12.rearrange(ROT3));
            a22 = a22.add(a22.rearrange(ROT3));
            a32 = a32.add(a32.rearrange(ROT3));
            a03 = a03.add(a03.rearrange(ROT3));
            a13 = a13.add(a13.rearrange(ROT3));
            a23 = a23.add(a23.rearrange(ROT3));
            a33 = a33.add(a33.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a00 = a00.add(a00.rearrange(ROT4));
            a10 = a10.add(a10.rearrange(ROT4));
            a20 = a20.add(a20.rearrange(ROT4));
            a30 = a30.add(a30.rearrange(ROT4));
            a01 = a01.add(a01.rearrange(ROT4));
            a11 = a11.add(a11.rearrange(ROT4));
            a21 = a21.add(a21.rearrange(ROT4));
            a31 = a31.add(a31.rearrange(ROT4));
            a02 = a02.add(a02.rearrange(ROT4));
            a12 = a12.add(a12.rearrange(ROT4));
            a22 = a22.add(a22.rearrange(ROT4));
            a32 = a32.add(a32.rearrange(ROT4));
            a03 = a03.add(a03.rearrange(ROT4));
            a13 = a13.add(a13.rearrange(ROT4));
            a23 = a23.add(a23.rearrange(ROT4));
            a33 = a33.add(a33.rearrange(ROT4));
        }
        float s00 = a00.lane(0);
        float s10 = a10.lane(0);
        float s20 = a20.lane(0);
        float s30 = a30.lane(0);
        float s01 = a01.lane(0);
        float s11 = a11.lane(0);
        float s21 = a21.lane(0);
        float s31 = a31.lane(0);
        float s02 = a02.lane(0);
        float s12 = a12.lane(0);
        float s22 = a22.lane(0);
        float s32 = a32.lane(0);
        float s03 = a03.lane(0);
        float s13 = a13.lane(0);
        float s23 = a23.lane(0);
        float s33 = a33.lane(0);
        for (int t = upper; t < n; t++) {
            float p0 = w[w0 + t];
            float p1 = w[w1 + t];
            float p2 = w[w2 + t];
            float p3 = w[w3 + t];
            float y0 = x[x0 + t];
            s00 += p0 * y0;
            s10 += p1 * y0;
            s20 += p2 * y0;
            s30 += p3 * y0;
            float y1 = x[x1 + t];
            s01 += p0 * y1;
            s11 += p1 * y1;
            s21 += p2 * y1;
            s31 += p3 * y1;
            float y2 = x[x2 + t];
            s02 += p0 * y2;
            s12 += p1 * y2;
            s22 += p2 * y2;
            s32 += p3 * y2;
            float y3 = x[x3 + t];
            s03 += p0 * y3;
            s13 += p1 * y3;
            s23 += p2 * y3;
            s33 += p3 * y3;
        }
        out[o] = s00;
        out[o + orow] = s10;
        out[o + 2 * orow] = s20;
        out[o + 3 * orow] = s30;
        out[o + os] = s01;
        out[o + os + orow] = s11;
        out[o + os + 2 * orow] = s21;
        out[o + os + 3 * orow] = s31;
        out[o + 2 * os] = s02;
        out[o + 2 * os + orow] = s12;
        out[o + 2 * os + 2 * orow] = s22;
        out[o + 2 * os + 3 * orow] = s32;
        out[o + 3 * os] = s03;
        out[o + 3 * os + orow] = s13;
        out[o + 3 * os + 2 * orow] = s23;
        out[o + 3 * os + 3 * orow] = s33;
    }
}
