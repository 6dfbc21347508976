package dev.agentcollab.inference.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked Vector API kernels behind {@link VectorKernels#dots2}: two weight rows ({@code ws} values apart)
 * by 1, 2 or 4 activation rows (f32) or 1 or 2 (bf16, in the {@link Bf16Pairs} layout) in one pass over the weights,
 * one accumulator per output. A block of width {@code W} takes any {@code batch <= W}: the missing rows repeat the
 * last one and are not written, so 3 rows take one pass, not a 2-row and a 1-row pass.
 *
 * <p>Every output has {@link VectorKernels#dot}'s structure: one accumulator over the full vectors in order, the same
 * fixed-order lane sum, then the scalar tail in order, so every result is bit-identical to the one-row kernel whatever
 * the block. The bf16 kernels read a group of 32 values as pairs and accumulate its first 16 values before its last
 * 16, which is the f32 kernel's order, so bf16 storage of a bf16 checkpoint gives the f32 storage's bits. The lane
 * sums are written out in each kernel rather than called: a helper call after the loop is too cold for C2 to inline,
 * and then every accumulator was boxed on every call. The kernels are written out in full (no shared helper) for the
 * same reason.
 *
 * <p>Wider blocks were measured and not kept: two weight rows by 8 activation rows (16 accumulators, 19 of the 32
 * AVX-512 registers) computes 8 rows from the caches faster than two 2x4 passes, but on weights streamed from memory
 * it was slower (a 5-token forward 2.6 times a 1-token one, against 2.0 with a 2x4 and a 2x1 pass): with every
 * multiply-add waiting on a weight load, fewer weight lines are in flight. Four weight rows by 4 activation rows was
 * within noise of 2x4 on streamed weights. A 2x4 bf16 block over the paired layout was measured and dropped too (see
 * {@link VectorKernels}).
 */
final class VectorBlocks {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int LEN = S.length();
    static final VectorSpecies<Short> SS = VectorSpecies.of(short.class, VectorShape.forBitSize(LEN * 16));
    static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, S.vectorShape());
    /** 2 * LEN shorts: LEN {@link Bf16Pairs} pairs in one full-width load. */
    static final VectorSpecies<Short> PAIRS = VectorSpecies.of(short.class, S.vectorShape());
    // Lane rotations by LEN/2, LEN/4, ... for a fixed-order tree sum of the lanes.
    static final VectorShuffle<Float> ROT1 = VectorShuffle.iota(S, Math.max(1, LEN / 2), 1, true);
    static final VectorShuffle<Float> ROT2 = VectorShuffle.iota(S, Math.max(1, LEN / 4), 1, true);
    static final VectorShuffle<Float> ROT3 = VectorShuffle.iota(S, Math.max(1, LEN / 8), 1, true);
    static final VectorShuffle<Float> ROT4 = VectorShuffle.iota(S, Math.max(1, LEN / 16), 1, true);

    static {
        if (LEN < 2 || LEN > 16) {
            throw new IllegalStateException("vector length " + LEN + " not supported");
        }
    }

    private VectorBlocks() {}

    /** 2 f32 weight rows (stride {@code ws}) by one activation row: 2 accumulators. */
    static void f32x2x1(
            float[] w, int w0, int ws, float[] x, int x0, int xs, int batch, int n, float[] out, int o, int os) {
        int w1 = w0 + ws;
        int upper = S.loopBound(n);
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a10 = a00;
        for (int i = 0; i < upper; i += LEN) {
            FloatVector u0 = FloatVector.fromArray(S, w, w0 + i);
            FloatVector u1 = FloatVector.fromArray(S, w, w1 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a00 = u0.fma(t0, a00);
            a10 = u1.fma(t0, a10);
        }
        a00 = a00.add(a00.rearrange(ROT1));
        a10 = a10.add(a10.rearrange(ROT1));
        if (LEN >= 4) {
            a00 = a00.add(a00.rearrange(ROT2));
            a10 = a10.add(a10.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a00 = a00.add(a00.rearrange(ROT3));
            a10 = a10.add(a10.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a00 = a00.add(a00.rearrange(ROT4));
            a10 = a10.add(a10.rearrange(ROT4));
        }
        float s00 = a00.lane(0);
        float s10 = a10.lane(0);
        for (int t = upper; t < n; t++) {
            float p0 = w[w0 + t];
            float p1 = w[w1 + t];
            float y0 = x[x0 + t];
            s00 += p0 * y0;
            s10 += p1 * y0;
        }
        out[o] = s00;
        out[o + 1] = s10;
    }

    /** 2 f32 weight rows (stride {@code ws}) by up to 2 activation rows: 4 accumulators. */
    static void f32x2x2(
            float[] w, int w0, int ws, float[] x, int x0, int xs, int batch, int n, float[] out, int o, int os) {
        int w1 = w0 + ws;
        int last = batch - 1;
        int x1 = x0 + Math.min(1, last) * xs;
        int upper = S.loopBound(n);
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a10 = a00;
        FloatVector a01 = a00;
        FloatVector a11 = a00;
        for (int i = 0; i < upper; i += LEN) {
            FloatVector u0 = FloatVector.fromArray(S, w, w0 + i);
            FloatVector u1 = FloatVector.fromArray(S, w, w1 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a00 = u0.fma(t0, a00);
            a10 = u1.fma(t0, a10);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
            a01 = u0.fma(t1, a01);
            a11 = u1.fma(t1, a11);
        }
        a00 = a00.add(a00.rearrange(ROT1));
        a10 = a10.add(a10.rearrange(ROT1));
        a01 = a01.add(a01.rearrange(ROT1));
        a11 = a11.add(a11.rearrange(ROT1));
        if (LEN >= 4) {
            a00 = a00.add(a00.rearrange(ROT2));
            a10 = a10.add(a10.rearrange(ROT2));
            a01 = a01.add(a01.rearrange(ROT2));
            a11 = a11.add(a11.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a00 = a00.add(a00.rearrange(ROT3));
            a10 = a10.add(a10.rearrange(ROT3));
            a01 = a01.add(a01.rearrange(ROT3));
            a11 = a11.add(a11.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a00 = a00.add(a00.rearrange(ROT4));
            a10 = a10.add(a10.rearrange(ROT4));
            a01 = a01.add(a01.rearrange(ROT4));
            a11 = a11.add(a11.rearrange(ROT4));
        }
        float s00 = a00.lane(0);
        float s10 = a10.lane(0);
        float s01 = a01.lane(0);
        float s11 = a11.lane(0);
        for (int t = upper; t < n; t++) {
            float p0 = w[w0 + t];
            float p1 = w[w1 + t];
            float y0 = x[x0 + t];
            s00 += p0 * y0;
            s10 += p1 * y0;
            float y1 = x[x1 + t];
            s01 += p0 * y1;
            s11 += p1 * y1;
        }
        out[o] = s00;
        out[o + 1] = s10;
        if (batch > 1) {
            out[o + os] = s01;
            out[o + os + 1] = s11;
        }
    }

    /** 2 f32 weight rows (stride {@code ws}) by up to 4 activation rows: 8 accumulators. */
    static void f32x2x4(
            float[] w, int w0, int ws, float[] x, int x0, int xs, int batch, int n, float[] out, int o, int os) {
        int w1 = w0 + ws;
        int last = batch - 1;
        int x1 = x0 + Math.min(1, last) * xs;
        int x2 = x0 + Math.min(2, last) * xs;
        int x3 = x0 + Math.min(3, last) * xs;
        int upper = S.loopBound(n);
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a10 = a00;
        FloatVector a01 = a00;
        FloatVector a11 = a00;
        FloatVector a02 = a00;
        FloatVector a12 = a00;
        FloatVector a03 = a00;
        FloatVector a13 = a00;
        for (int i = 0; i < upper; i += LEN) {
            FloatVector u0 = FloatVector.fromArray(S, w, w0 + i);
            FloatVector u1 = FloatVector.fromArray(S, w, w1 + i);
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
            float p0 = w[w0 + t];
            float p1 = w[w1 + t];
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

    /** 2 bf16 weight rows (stride {@code ws}, {@link Bf16Pairs} layout) by one activation row: 2 accumulators. */
    static void bf16x2x1(
            short[] w, int w0, int ws, float[] x, int x0, int xs, int batch, int n, float[] out, int o, int os) {
        int w1 = w0 + ws;
        int paired = Bf16Pairs.paired(n);
        int upper = S.loopBound(n);
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a10 = a00;
        if (LEN == Bf16Pairs.HALF) { // one load per row and group gives both halves
            for (int g = 0; g < paired; g += Bf16Pairs.GROUP) {
                IntVector p0 = pairs(w, w0 + g);
                IntVector p1 = pairs(w, w1 + g);
                FloatVector u0 = low(p0);
                FloatVector u1 = low(p1);
                FloatVector v0 = high(p0);
                FloatVector v1 = high(p1);
                FloatVector t0 = FloatVector.fromArray(S, x, x0 + g);
                a00 = u0.fma(t0, a00);
                a10 = u1.fma(t0, a10);
                FloatVector h0 = FloatVector.fromArray(S, x, x0 + g + Bf16Pairs.HALF);
                a00 = v0.fma(h0, a00);
                a10 = v1.fma(h0, a10);
            }
        } else { // narrower vectors: HALF / LEN loads per half, the first halves of the group before the second
            for (int g = 0; g < paired; g += Bf16Pairs.GROUP) {
                for (int m = 0; m < Bf16Pairs.HALF; m += LEN) { // the first halves of the pairs: values g + m ..
                    FloatVector u0 = low(pairs(w, w0 + g + 2 * m));
                    FloatVector u1 = low(pairs(w, w1 + g + 2 * m));
                    FloatVector t0 = FloatVector.fromArray(S, x, x0 + g + m);
                    a00 = u0.fma(t0, a00);
                    a10 = u1.fma(t0, a10);
                }
                for (int m = 0; m < Bf16Pairs.HALF; m += LEN) { // the second halves: values g + HALF + m ..
                    FloatVector u0 = high(pairs(w, w0 + g + 2 * m));
                    FloatVector u1 = high(pairs(w, w1 + g + 2 * m));
                    FloatVector t0 = FloatVector.fromArray(S, x, x0 + g + Bf16Pairs.HALF + m);
                    a00 = u0.fma(t0, a00);
                    a10 = u1.fma(t0, a10);
                }
            }
        }
        for (int i = paired; i < upper; i += LEN) { // whole vectors after the last group: plain order
            FloatVector u0 = bf16(w, w0 + i);
            FloatVector u1 = bf16(w, w1 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a00 = u0.fma(t0, a00);
            a10 = u1.fma(t0, a10);
        }
        a00 = a00.add(a00.rearrange(ROT1));
        a10 = a10.add(a10.rearrange(ROT1));
        if (LEN >= 4) {
            a00 = a00.add(a00.rearrange(ROT2));
            a10 = a10.add(a10.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a00 = a00.add(a00.rearrange(ROT3));
            a10 = a10.add(a10.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a00 = a00.add(a00.rearrange(ROT4));
            a10 = a10.add(a10.rearrange(ROT4));
        }
        float s00 = a00.lane(0);
        float s10 = a10.lane(0);
        for (int t = upper; t < n; t++) {
            float p0 = Float.intBitsToFloat(w[w0 + t] << 16);
            float p1 = Float.intBitsToFloat(w[w1 + t] << 16);
            float y0 = x[x0 + t];
            s00 += p0 * y0;
            s10 += p1 * y0;
        }
        out[o] = s00;
        out[o + 1] = s10;
    }

    /** 2 bf16 weight rows (stride {@code ws}, {@link Bf16Pairs} layout) by up to 2 activation rows: 4 accumulators. */
    static void bf16x2x2(
            short[] w, int w0, int ws, float[] x, int x0, int xs, int batch, int n, float[] out, int o, int os) {
        int w1 = w0 + ws;
        int last = batch - 1;
        int x1 = x0 + Math.min(1, last) * xs;
        int paired = Bf16Pairs.paired(n);
        int upper = S.loopBound(n);
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a10 = a00;
        FloatVector a01 = a00;
        FloatVector a11 = a00;
        if (LEN == Bf16Pairs.HALF) { // one load per row and group gives both halves
            for (int g = 0; g < paired; g += Bf16Pairs.GROUP) {
                IntVector p0 = pairs(w, w0 + g);
                IntVector p1 = pairs(w, w1 + g);
                FloatVector u0 = low(p0);
                FloatVector u1 = low(p1);
                FloatVector v0 = high(p0);
                FloatVector v1 = high(p1);
                FloatVector t0 = FloatVector.fromArray(S, x, x0 + g);
                a00 = u0.fma(t0, a00);
                a10 = u1.fma(t0, a10);
                FloatVector h0 = FloatVector.fromArray(S, x, x0 + g + Bf16Pairs.HALF);
                a00 = v0.fma(h0, a00);
                a10 = v1.fma(h0, a10);
                FloatVector t1 = FloatVector.fromArray(S, x, x1 + g);
                a01 = u0.fma(t1, a01);
                a11 = u1.fma(t1, a11);
                FloatVector h1 = FloatVector.fromArray(S, x, x1 + g + Bf16Pairs.HALF);
                a01 = v0.fma(h1, a01);
                a11 = v1.fma(h1, a11);
            }
        } else { // narrower vectors: HALF / LEN loads per half, the first halves of the group before the second
            for (int g = 0; g < paired; g += Bf16Pairs.GROUP) {
                for (int m = 0; m < Bf16Pairs.HALF; m += LEN) { // the first halves of the pairs: values g + m ..
                    FloatVector u0 = low(pairs(w, w0 + g + 2 * m));
                    FloatVector u1 = low(pairs(w, w1 + g + 2 * m));
                    FloatVector t0 = FloatVector.fromArray(S, x, x0 + g + m);
                    a00 = u0.fma(t0, a00);
                    a10 = u1.fma(t0, a10);
                    FloatVector t1 = FloatVector.fromArray(S, x, x1 + g + m);
                    a01 = u0.fma(t1, a01);
                    a11 = u1.fma(t1, a11);
                }
                for (int m = 0; m < Bf16Pairs.HALF; m += LEN) { // the second halves: values g + HALF + m ..
                    FloatVector u0 = high(pairs(w, w0 + g + 2 * m));
                    FloatVector u1 = high(pairs(w, w1 + g + 2 * m));
                    FloatVector t0 = FloatVector.fromArray(S, x, x0 + g + Bf16Pairs.HALF + m);
                    a00 = u0.fma(t0, a00);
                    a10 = u1.fma(t0, a10);
                    FloatVector t1 = FloatVector.fromArray(S, x, x1 + g + Bf16Pairs.HALF + m);
                    a01 = u0.fma(t1, a01);
                    a11 = u1.fma(t1, a11);
                }
            }
        }
        for (int i = paired; i < upper; i += LEN) { // whole vectors after the last group: plain order
            FloatVector u0 = bf16(w, w0 + i);
            FloatVector u1 = bf16(w, w1 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a00 = u0.fma(t0, a00);
            a10 = u1.fma(t0, a10);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
            a01 = u0.fma(t1, a01);
            a11 = u1.fma(t1, a11);
        }
        a00 = a00.add(a00.rearrange(ROT1));
        a10 = a10.add(a10.rearrange(ROT1));
        a01 = a01.add(a01.rearrange(ROT1));
        a11 = a11.add(a11.rearrange(ROT1));
        if (LEN >= 4) {
            a00 = a00.add(a00.rearrange(ROT2));
            a10 = a10.add(a10.rearrange(ROT2));
            a01 = a01.add(a01.rearrange(ROT2));
            a11 = a11.add(a11.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a00 = a00.add(a00.rearrange(ROT3));
            a10 = a10.add(a10.rearrange(ROT3));
            a01 = a01.add(a01.rearrange(ROT3));
            a11 = a11.add(a11.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a00 = a00.add(a00.rearrange(ROT4));
            a10 = a10.add(a10.rearrange(ROT4));
            a01 = a01.add(a01.rearrange(ROT4));
            a11 = a11.add(a11.rearrange(ROT4));
        }
        float s00 = a00.lane(0);
        float s10 = a10.lane(0);
        float s01 = a01.lane(0);
        float s11 = a11.lane(0);
        for (int t = upper; t < n; t++) {
            float p0 = Float.intBitsToFloat(w[w0 + t] << 16);
            float p1 = Float.intBitsToFloat(w[w1 + t] << 16);
            float y0 = x[x0 + t];
            s00 += p0 * y0;
            s10 += p1 * y0;
            float y1 = x[x1 + t];
            s01 += p0 * y1;
            s11 += p1 * y1;
        }
        out[o] = s00;
        out[o + 1] = s10;
        if (batch > 1) {
            out[o + os] = s01;
            out[o + os + 1] = s11;
        }
    }

    /** Widens LEN bf16 values to floats: sign-extend to int, shift into the high half, reinterpret. */
    static FloatVector bf16(short[] w, int off) {
        return ((IntVector) ShortVector.fromArray(SS, w, off).convertShape(VectorOperators.S2I, IS, 0))
                .lanewise(VectorOperators.LSHL, 16)
                .reinterpretAsFloats();
    }

    /** LEN {@link Bf16Pairs} pairs from {@code off} in one full-width load, as int lanes. */
    static IntVector pairs(short[] w, int off) {
        return ShortVector.fromArray(PAIRS, w, off).reinterpretAsInts();
    }

    /** The first values of pairs: the low halves of the int lanes, shifted up into floats. */
    static FloatVector low(IntVector p) {
        return p.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** The second values of pairs: the high halves of the int lanes, the low halves cleared. */
    static FloatVector high(IntVector p) {
        return p.lanewise(VectorOperators.AND, 0xFFFF0000).reinterpretAsFloats();
    }
}
