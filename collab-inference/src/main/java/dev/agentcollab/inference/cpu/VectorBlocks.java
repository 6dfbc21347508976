package dev.agentcollab.inference.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked Vector API kernels behind {@link VectorKernels#dots2}: two weight rows (f32 or bf16) by 1, 2, 4
 * or 8 activation rows in one pass over the weights, one accumulator per output. A block of width {@code W} takes
 * {@code batch <= W} rows: the missing rows repeat the last one and are not written, so 5 to 8 rows (a K+1
 * verification up to K=7) stream each weight row once.
 *
 * <p>Every output has {@link VectorKernels#dot}'s structure: one accumulator over the full vectors in order, the same
 * fixed-order lane sum, then the scalar tail in order, so every result is bit-identical to the one-row kernel whatever
 * the block. The lane sums are written out in each kernel rather than called: a helper call after the loop is too
 * cold for C2 to inline, and then every accumulator is boxed on every call.
 *
 * <p>Register budget: a width-8 block holds 16 accumulators, two weight vectors and one activation vector (19 of the
 * 32 AVX-512 registers); {@link VectorKernels} uses it only where vectors are 512 bits wide and stops at width 4
 * (8 + 3 of 16 registers) on AVX2.
 */
final class VectorBlocks {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int LEN = S.length();
    private static final VectorSpecies<Short> SS = VectorSpecies.of(short.class, VectorShape.forBitSize(LEN * 16));
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, S.vectorShape());
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

    /** Two f32 weight rows by up to 1 activation rows (exactly 1): 2 accumulators. */
    static void f32x2x1(float[] w, int w0, int w1, float[] x, int x0, int n, float[] out, int o) {
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        for (int i = 0; i < upper; i += LEN) {
            FloatVector u = FloatVector.fromArray(S, w, w0 + i);
            FloatVector v = FloatVector.fromArray(S, w, w1 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a0 = u.fma(t0, a0);
            b0 = v.fma(t0, b0);
        }
        a0 = a0.add(a0.rearrange(ROT1));
        b0 = b0.add(b0.rearrange(ROT1));
        if (LEN >= 4) {
            a0 = a0.add(a0.rearrange(ROT2));
            b0 = b0.add(b0.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a0 = a0.add(a0.rearrange(ROT3));
            b0 = b0.add(b0.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a0 = a0.add(a0.rearrange(ROT4));
            b0 = b0.add(b0.rearrange(ROT4));
        }
        float sa0 = a0.lane(0);
        float sb0 = b0.lane(0);
        for (int t = upper; t < n; t++) {
            float p = w[w0 + t];
            float q = w[w1 + t];
            sa0 += p * x[x0 + t];
            sb0 += q * x[x0 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
    }

    /** Two f32 weight rows by up to 2 activation rows (batch): 4 accumulators. */
    static void f32x2x2(
            float[] w, int w0, int w1, float[] x, int x0, int xs, int batch, int n, float[] out, int o, int os) {
        int last = batch - 1;
        int x1 = x0 + Math.min(1, last) * xs;
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        for (int i = 0; i < upper; i += LEN) {
            FloatVector u = FloatVector.fromArray(S, w, w0 + i);
            FloatVector v = FloatVector.fromArray(S, w, w1 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a0 = u.fma(t0, a0);
            b0 = v.fma(t0, b0);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
            a1 = u.fma(t1, a1);
            b1 = v.fma(t1, b1);
        }
        a0 = a0.add(a0.rearrange(ROT1));
        b0 = b0.add(b0.rearrange(ROT1));
        a1 = a1.add(a1.rearrange(ROT1));
        b1 = b1.add(b1.rearrange(ROT1));
        if (LEN >= 4) {
            a0 = a0.add(a0.rearrange(ROT2));
            b0 = b0.add(b0.rearrange(ROT2));
            a1 = a1.add(a1.rearrange(ROT2));
            b1 = b1.add(b1.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a0 = a0.add(a0.rearrange(ROT3));
            b0 = b0.add(b0.rearrange(ROT3));
            a1 = a1.add(a1.rearrange(ROT3));
            b1 = b1.add(b1.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a0 = a0.add(a0.rearrange(ROT4));
            b0 = b0.add(b0.rearrange(ROT4));
            a1 = a1.add(a1.rearrange(ROT4));
            b1 = b1.add(b1.rearrange(ROT4));
        }
        float sa0 = a0.lane(0);
        float sb0 = b0.lane(0);
        float sa1 = a1.lane(0);
        float sb1 = b1.lane(0);
        for (int t = upper; t < n; t++) {
            float p = w[w0 + t];
            float q = w[w1 + t];
            sa0 += p * x[x0 + t];
            sb0 += q * x[x0 + t];
            sa1 += p * x[x1 + t];
            sb1 += q * x[x1 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
        if (batch > 1) {
            out[o + os] = sa1;
            out[o + os + 1] = sb1;
        }
    }

    /** Two f32 weight rows by up to 4 activation rows (batch): 8 accumulators. */
    static void f32x2x4(
            float[] w, int w0, int w1, float[] x, int x0, int xs, int batch, int n, float[] out, int o, int os) {
        int last = batch - 1;
        int x1 = x0 + Math.min(1, last) * xs;
        int x2 = x0 + Math.min(2, last) * xs;
        int x3 = x0 + Math.min(3, last) * xs;
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        FloatVector a2 = a0;
        FloatVector b2 = a0;
        FloatVector a3 = a0;
        FloatVector b3 = a0;
        for (int i = 0; i < upper; i += LEN) {
            FloatVector u = FloatVector.fromArray(S, w, w0 + i);
            FloatVector v = FloatVector.fromArray(S, w, w1 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a0 = u.fma(t0, a0);
            b0 = v.fma(t0, b0);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
            a1 = u.fma(t1, a1);
            b1 = v.fma(t1, b1);
            FloatVector t2 = FloatVector.fromArray(S, x, x2 + i);
            a2 = u.fma(t2, a2);
            b2 = v.fma(t2, b2);
            FloatVector t3 = FloatVector.fromArray(S, x, x3 + i);
            a3 = u.fma(t3, a3);
            b3 = v.fma(t3, b3);
        }
        a0 = a0.add(a0.rearrange(ROT1));
        b0 = b0.add(b0.rearrange(ROT1));
        a1 = a1.add(a1.rearrange(ROT1));
        b1 = b1.add(b1.rearrange(ROT1));
        a2 = a2.add(a2.rearrange(ROT1));
        b2 = b2.add(b2.rearrange(ROT1));
        a3 = a3.add(a3.rearrange(ROT1));
        b3 = b3.add(b3.rearrange(ROT1));
        if (LEN >= 4) {
            a0 = a0.add(a0.rearrange(ROT2));
            b0 = b0.add(b0.rearrange(ROT2));
            a1 = a1.add(a1.rearrange(ROT2));
            b1 = b1.add(b1.rearrange(ROT2));
            a2 = a2.add(a2.rearrange(ROT2));
            b2 = b2.add(b2.rearrange(ROT2));
            a3 = a3.add(a3.rearrange(ROT2));
            b3 = b3.add(b3.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a0 = a0.add(a0.rearrange(ROT3));
            b0 = b0.add(b0.rearrange(ROT3));
            a1 = a1.add(a1.rearrange(ROT3));
            b1 = b1.add(b1.rearrange(ROT3));
            a2 = a2.add(a2.rearrange(ROT3));
            b2 = b2.add(b2.rearrange(ROT3));
            a3 = a3.add(a3.rearrange(ROT3));
            b3 = b3.add(b3.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a0 = a0.add(a0.rearrange(ROT4));
            b0 = b0.add(b0.rearrange(ROT4));
            a1 = a1.add(a1.rearrange(ROT4));
            b1 = b1.add(b1.rearrange(ROT4));
            a2 = a2.add(a2.rearrange(ROT4));
            b2 = b2.add(b2.rearrange(ROT4));
            a3 = a3.add(a3.rearrange(ROT4));
            b3 = b3.add(b3.rearrange(ROT4));
        }
        float sa0 = a0.lane(0);
        float sb0 = b0.lane(0);
        float sa1 = a1.lane(0);
        float sb1 = b1.lane(0);
        float sa2 = a2.lane(0);
        float sb2 = b2.lane(0);
        float sa3 = a3.lane(0);
        float sb3 = b3.lane(0);
        for (int t = upper; t < n; t++) {
            float p = w[w0 + t];
            float q = w[w1 + t];
            sa0 += p * x[x0 + t];
            sb0 += q * x[x0 + t];
            sa1 += p * x[x1 + t];
            sb1 += q * x[x1 + t];
            sa2 += p * x[x2 + t];
            sb2 += q * x[x2 + t];
            sa3 += p * x[x3 + t];
            sb3 += q * x[x3 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
        if (batch > 1) {
            out[o + os] = sa1;
            out[o + os + 1] = sb1;
        }
        if (batch > 2) {
            out[o + 2 * os] = sa2;
            out[o + 2 * os + 1] = sb2;
        }
        if (batch > 3) {
            out[o + 3 * os] = sa3;
            out[o + 3 * os + 1] = sb3;
        }
    }

    /** Two f32 weight rows by up to 8 activation rows (batch): 16 accumulators. */
    static void f32x2x8(
            float[] w, int w0, int w1, float[] x, int x0, int xs, int batch, int n, float[] out, int o, int os) {
        int last = batch - 1;
        int x1 = x0 + Math.min(1, last) * xs;
        int x2 = x0 + Math.min(2, last) * xs;
        int x3 = x0 + Math.min(3, last) * xs;
        int x4 = x0 + Math.min(4, last) * xs;
        int x5 = x0 + Math.min(5, last) * xs;
        int x6 = x0 + Math.min(6, last) * xs;
        int x7 = x0 + Math.min(7, last) * xs;
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        FloatVector a2 = a0;
        FloatVector b2 = a0;
        FloatVector a3 = a0;
        FloatVector b3 = a0;
        FloatVector a4 = a0;
        FloatVector b4 = a0;
        FloatVector a5 = a0;
        FloatVector b5 = a0;
        FloatVector a6 = a0;
        FloatVector b6 = a0;
        FloatVector a7 = a0;
        FloatVector b7 = a0;
        for (int i = 0; i < upper; i += LEN) {
            FloatVector u = FloatVector.fromArray(S, w, w0 + i);
            FloatVector v = FloatVector.fromArray(S, w, w1 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a0 = u.fma(t0, a0);
            b0 = v.fma(t0, b0);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
            a1 = u.fma(t1, a1);
            b1 = v.fma(t1, b1);
            FloatVector t2 = FloatVector.fromArray(S, x, x2 + i);
            a2 = u.fma(t2, a2);
            b2 = v.fma(t2, b2);
            FloatVector t3 = FloatVector.fromArray(S, x, x3 + i);
            a3 = u.fma(t3, a3);
            b3 = v.fma(t3, b3);
            FloatVector t4 = FloatVector.fromArray(S, x, x4 + i);
            a4 = u.fma(t4, a4);
            b4 = v.fma(t4, b4);
            FloatVector t5 = FloatVector.fromArray(S, x, x5 + i);
            a5 = u.fma(t5, a5);
            b5 = v.fma(t5, b5);
            FloatVector t6 = FloatVector.fromArray(S, x, x6 + i);
            a6 = u.fma(t6, a6);
            b6 = v.fma(t6, b6);
            FloatVector t7 = FloatVector.fromArray(S, x, x7 + i);
            a7 = u.fma(t7, a7);
            b7 = v.fma(t7, b7);
        }
        a0 = a0.add(a0.rearrange(ROT1));
        b0 = b0.add(b0.rearrange(ROT1));
        a1 = a1.add(a1.rearrange(ROT1));
        b1 = b1.add(b1.rearrange(ROT1));
        a2 = a2.add(a2.rearrange(ROT1));
        b2 = b2.add(b2.rearrange(ROT1));
        a3 = a3.add(a3.rearrange(ROT1));
        b3 = b3.add(b3.rearrange(ROT1));
        a4 = a4.add(a4.rearrange(ROT1));
        b4 = b4.add(b4.rearrange(ROT1));
        a5 = a5.add(a5.rearrange(ROT1));
        b5 = b5.add(b5.rearrange(ROT1));
        a6 = a6.add(a6.rearrange(ROT1));
        b6 = b6.add(b6.rearrange(ROT1));
        a7 = a7.add(a7.rearrange(ROT1));
        b7 = b7.add(b7.rearrange(ROT1));
        if (LEN >= 4) {
            a0 = a0.add(a0.rearrange(ROT2));
            b0 = b0.add(b0.rearrange(ROT2));
            a1 = a1.add(a1.rearrange(ROT2));
            b1 = b1.add(b1.rearrange(ROT2));
            a2 = a2.add(a2.rearrange(ROT2));
            b2 = b2.add(b2.rearrange(ROT2));
            a3 = a3.add(a3.rearrange(ROT2));
            b3 = b3.add(b3.rearrange(ROT2));
            a4 = a4.add(a4.rearrange(ROT2));
            b4 = b4.add(b4.rearrange(ROT2));
            a5 = a5.add(a5.rearrange(ROT2));
            b5 = b5.add(b5.rearrange(ROT2));
            a6 = a6.add(a6.rearrange(ROT2));
            b6 = b6.add(b6.rearrange(ROT2));
            a7 = a7.add(a7.rearrange(ROT2));
            b7 = b7.add(b7.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a0 = a0.add(a0.rearrange(ROT3));
            b0 = b0.add(b0.rearrange(ROT3));
            a1 = a1.add(a1.rearrange(ROT3));
            b1 = b1.add(b1.rearrange(ROT3));
            a2 = a2.add(a2.rearrange(ROT3));
            b2 = b2.add(b2.rearrange(ROT3));
            a3 = a3.add(a3.rearrange(ROT3));
            b3 = b3.add(b3.rearrange(ROT3));
            a4 = a4.add(a4.rearrange(ROT3));
            b4 = b4.add(b4.rearrange(ROT3));
            a5 = a5.add(a5.rearrange(ROT3));
            b5 = b5.add(b5.rearrange(ROT3));
            a6 = a6.add(a6.rearrange(ROT3));
            b6 = b6.add(b6.rearrange(ROT3));
            a7 = a7.add(a7.rearrange(ROT3));
            b7 = b7.add(b7.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a0 = a0.add(a0.rearrange(ROT4));
            b0 = b0.add(b0.rearrange(ROT4));
            a1 = a1.add(a1.rearrange(ROT4));
            b1 = b1.add(b1.rearrange(ROT4));
            a2 = a2.add(a2.rearrange(ROT4));
            b2 = b2.add(b2.rearrange(ROT4));
            a3 = a3.add(a3.rearrange(ROT4));
            b3 = b3.add(b3.rearrange(ROT4));
            a4 = a4.add(a4.rearrange(ROT4));
            b4 = b4.add(b4.rearrange(ROT4));
            a5 = a5.add(a5.rearrange(ROT4));
            b5 = b5.add(b5.rearrange(ROT4));
            a6 = a6.add(a6.rearrange(ROT4));
            b6 = b6.add(b6.rearrange(ROT4));
            a7 = a7.add(a7.rearrange(ROT4));
            b7 = b7.add(b7.rearrange(ROT4));
        }
        float sa0 = a0.lane(0);
        float sb0 = b0.lane(0);
        float sa1 = a1.lane(0);
        float sb1 = b1.lane(0);
        float sa2 = a2.lane(0);
        float sb2 = b2.lane(0);
        float sa3 = a3.lane(0);
        float sb3 = b3.lane(0);
        float sa4 = a4.lane(0);
        float sb4 = b4.lane(0);
        float sa5 = a5.lane(0);
        float sb5 = b5.lane(0);
        float sa6 = a6.lane(0);
        float sb6 = b6.lane(0);
        float sa7 = a7.lane(0);
        float sb7 = b7.lane(0);
        for (int t = upper; t < n; t++) {
            float p = w[w0 + t];
            float q = w[w1 + t];
            sa0 += p * x[x0 + t];
            sb0 += q * x[x0 + t];
            sa1 += p * x[x1 + t];
            sb1 += q * x[x1 + t];
            sa2 += p * x[x2 + t];
            sb2 += q * x[x2 + t];
            sa3 += p * x[x3 + t];
            sb3 += q * x[x3 + t];
            sa4 += p * x[x4 + t];
            sb4 += q * x[x4 + t];
            sa5 += p * x[x5 + t];
            sb5 += q * x[x5 + t];
            sa6 += p * x[x6 + t];
            sb6 += q * x[x6 + t];
            sa7 += p * x[x7 + t];
            sb7 += q * x[x7 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
        if (batch > 1) {
            out[o + os] = sa1;
            out[o + os + 1] = sb1;
        }
        if (batch > 2) {
            out[o + 2 * os] = sa2;
            out[o + 2 * os + 1] = sb2;
        }
        if (batch > 3) {
            out[o + 3 * os] = sa3;
            out[o + 3 * os + 1] = sb3;
        }
        if (batch > 4) {
            out[o + 4 * os] = sa4;
            out[o + 4 * os + 1] = sb4;
        }
        if (batch > 5) {
            out[o + 5 * os] = sa5;
            out[o + 5 * os + 1] = sb5;
        }
        if (batch > 6) {
            out[o + 6 * os] = sa6;
            out[o + 6 * os + 1] = sb6;
        }
        if (batch > 7) {
            out[o + 7 * os] = sa7;
            out[o + 7 * os + 1] = sb7;
        }
    }

    /** Two bf16 weight rows by up to 1 activation rows (exactly 1): 2 accumulators. */
    static void bf16x2x1(short[] w, int w0, int w1, float[] x, int x0, int n, float[] out, int o) {
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        for (int i = 0; i < upper; i += LEN) {
            FloatVector u = bf16(w, w0 + i);
            FloatVector v = bf16(w, w1 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a0 = u.fma(t0, a0);
            b0 = v.fma(t0, b0);
        }
        a0 = a0.add(a0.rearrange(ROT1));
        b0 = b0.add(b0.rearrange(ROT1));
        if (LEN >= 4) {
            a0 = a0.add(a0.rearrange(ROT2));
            b0 = b0.add(b0.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a0 = a0.add(a0.rearrange(ROT3));
            b0 = b0.add(b0.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a0 = a0.add(a0.rearrange(ROT4));
            b0 = b0.add(b0.rearrange(ROT4));
        }
        float sa0 = a0.lane(0);
        float sb0 = b0.lane(0);
        for (int t = upper; t < n; t++) {
            float p = Float.intBitsToFloat(w[w0 + t] << 16);
            float q = Float.intBitsToFloat(w[w1 + t] << 16);
            sa0 += p * x[x0 + t];
            sb0 += q * x[x0 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
    }

    /** Two bf16 weight rows by up to 2 activation rows (batch): 4 accumulators. */
    static void bf16x2x2(
            short[] w, int w0, int w1, float[] x, int x0, int xs, int batch, int n, float[] out, int o, int os) {
        int last = batch - 1;
        int x1 = x0 + Math.min(1, last) * xs;
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        for (int i = 0; i < upper; i += LEN) {
            FloatVector u = bf16(w, w0 + i);
            FloatVector v = bf16(w, w1 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a0 = u.fma(t0, a0);
            b0 = v.fma(t0, b0);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
            a1 = u.fma(t1, a1);
            b1 = v.fma(t1, b1);
        }
        a0 = a0.add(a0.rearrange(ROT1));
        b0 = b0.add(b0.rearrange(ROT1));
        a1 = a1.add(a1.rearrange(ROT1));
        b1 = b1.add(b1.rearrange(ROT1));
        if (LEN >= 4) {
            a0 = a0.add(a0.rearrange(ROT2));
            b0 = b0.add(b0.rearrange(ROT2));
            a1 = a1.add(a1.rearrange(ROT2));
            b1 = b1.add(b1.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a0 = a0.add(a0.rearrange(ROT3));
            b0 = b0.add(b0.rearrange(ROT3));
            a1 = a1.add(a1.rearrange(ROT3));
            b1 = b1.add(b1.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a0 = a0.add(a0.rearrange(ROT4));
            b0 = b0.add(b0.rearrange(ROT4));
            a1 = a1.add(a1.rearrange(ROT4));
            b1 = b1.add(b1.rearrange(ROT4));
        }
        float sa0 = a0.lane(0);
        float sb0 = b0.lane(0);
        float sa1 = a1.lane(0);
        float sb1 = b1.lane(0);
        for (int t = upper; t < n; t++) {
            float p = Float.intBitsToFloat(w[w0 + t] << 16);
            float q = Float.intBitsToFloat(w[w1 + t] << 16);
            sa0 += p * x[x0 + t];
            sb0 += q * x[x0 + t];
            sa1 += p * x[x1 + t];
            sb1 += q * x[x1 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
        if (batch > 1) {
            out[o + os] = sa1;
            out[o + os + 1] = sb1;
        }
    }

    /** Two bf16 weight rows by up to 4 activation rows (batch): 8 accumulators. */
    static void bf16x2x4(
            short[] w, int w0, int w1, float[] x, int x0, int xs, int batch, int n, float[] out, int o, int os) {
        int last = batch - 1;
        int x1 = x0 + Math.min(1, last) * xs;
        int x2 = x0 + Math.min(2, last) * xs;
        int x3 = x0 + Math.min(3, last) * xs;
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        FloatVector a2 = a0;
        FloatVector b2 = a0;
        FloatVector a3 = a0;
        FloatVector b3 = a0;
        for (int i = 0; i < upper; i += LEN) {
            FloatVector u = bf16(w, w0 + i);
            FloatVector v = bf16(w, w1 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a0 = u.fma(t0, a0);
            b0 = v.fma(t0, b0);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
            a1 = u.fma(t1, a1);
            b1 = v.fma(t1, b1);
            FloatVector t2 = FloatVector.fromArray(S, x, x2 + i);
            a2 = u.fma(t2, a2);
            b2 = v.fma(t2, b2);
            FloatVector t3 = FloatVector.fromArray(S, x, x3 + i);
            a3 = u.fma(t3, a3);
            b3 = v.fma(t3, b3);
        }
        a0 = a0.add(a0.rearrange(ROT1));
        b0 = b0.add(b0.rearrange(ROT1));
        a1 = a1.add(a1.rearrange(ROT1));
        b1 = b1.add(b1.rearrange(ROT1));
        a2 = a2.add(a2.rearrange(ROT1));
        b2 = b2.add(b2.rearrange(ROT1));
        a3 = a3.add(a3.rearrange(ROT1));
        b3 = b3.add(b3.rearrange(ROT1));
        if (LEN >= 4) {
            a0 = a0.add(a0.rearrange(ROT2));
            b0 = b0.add(b0.rearrange(ROT2));
            a1 = a1.add(a1.rearrange(ROT2));
            b1 = b1.add(b1.rearrange(ROT2));
            a2 = a2.add(a2.rearrange(ROT2));
            b2 = b2.add(b2.rearrange(ROT2));
            a3 = a3.add(a3.rearrange(ROT2));
            b3 = b3.add(b3.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a0 = a0.add(a0.rearrange(ROT3));
            b0 = b0.add(b0.rearrange(ROT3));
            a1 = a1.add(a1.rearrange(ROT3));
            b1 = b1.add(b1.rearrange(ROT3));
            a2 = a2.add(a2.rearrange(ROT3));
            b2 = b2.add(b2.rearrange(ROT3));
            a3 = a3.add(a3.rearrange(ROT3));
            b3 = b3.add(b3.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a0 = a0.add(a0.rearrange(ROT4));
            b0 = b0.add(b0.rearrange(ROT4));
            a1 = a1.add(a1.rearrange(ROT4));
            b1 = b1.add(b1.rearrange(ROT4));
            a2 = a2.add(a2.rearrange(ROT4));
            b2 = b2.add(b2.rearrange(ROT4));
            a3 = a3.add(a3.rearrange(ROT4));
            b3 = b3.add(b3.rearrange(ROT4));
        }
        float sa0 = a0.lane(0);
        float sb0 = b0.lane(0);
        float sa1 = a1.lane(0);
        float sb1 = b1.lane(0);
        float sa2 = a2.lane(0);
        float sb2 = b2.lane(0);
        float sa3 = a3.lane(0);
        float sb3 = b3.lane(0);
        for (int t = upper; t < n; t++) {
            float p = Float.intBitsToFloat(w[w0 + t] << 16);
            float q = Float.intBitsToFloat(w[w1 + t] << 16);
            sa0 += p * x[x0 + t];
            sb0 += q * x[x0 + t];
            sa1 += p * x[x1 + t];
            sb1 += q * x[x1 + t];
            sa2 += p * x[x2 + t];
            sb2 += q * x[x2 + t];
            sa3 += p * x[x3 + t];
            sb3 += q * x[x3 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
        if (batch > 1) {
            out[o + os] = sa1;
            out[o + os + 1] = sb1;
        }
        if (batch > 2) {
            out[o + 2 * os] = sa2;
            out[o + 2 * os + 1] = sb2;
        }
        if (batch > 3) {
            out[o + 3 * os] = sa3;
            out[o + 3 * os + 1] = sb3;
        }
    }

    /** Two bf16 weight rows by up to 8 activation rows (batch): 16 accumulators. */
    static void bf16x2x8(
            short[] w, int w0, int w1, float[] x, int x0, int xs, int batch, int n, float[] out, int o, int os) {
        int last = batch - 1;
        int x1 = x0 + Math.min(1, last) * xs;
        int x2 = x0 + Math.min(2, last) * xs;
        int x3 = x0 + Math.min(3, last) * xs;
        int x4 = x0 + Math.min(4, last) * xs;
        int x5 = x0 + Math.min(5, last) * xs;
        int x6 = x0 + Math.min(6, last) * xs;
        int x7 = x0 + Math.min(7, last) * xs;
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        FloatVector a2 = a0;
        FloatVector b2 = a0;
        FloatVector a3 = a0;
        FloatVector b3 = a0;
        FloatVector a4 = a0;
        FloatVector b4 = a0;
        FloatVector a5 = a0;
        FloatVector b5 = a0;
        FloatVector a6 = a0;
        FloatVector b6 = a0;
        FloatVector a7 = a0;
        FloatVector b7 = a0;
        for (int i = 0; i < upper; i += LEN) {
            FloatVector u = bf16(w, w0 + i);
            FloatVector v = bf16(w, w1 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a0 = u.fma(t0, a0);
            b0 = v.fma(t0, b0);
            FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
            a1 = u.fma(t1, a1);
            b1 = v.fma(t1, b1);
            FloatVector t2 = FloatVector.fromArray(S, x, x2 + i);
            a2 = u.fma(t2, a2);
            b2 = v.fma(t2, b2);
            FloatVector t3 = FloatVector.fromArray(S, x, x3 + i);
            a3 = u.fma(t3, a3);
            b3 = v.fma(t3, b3);
            FloatVector t4 = FloatVector.fromArray(S, x, x4 + i);
            a4 = u.fma(t4, a4);
            b4 = v.fma(t4, b4);
            FloatVector t5 = FloatVector.fromArray(S, x, x5 + i);
            a5 = u.fma(t5, a5);
            b5 = v.fma(t5, b5);
            FloatVector t6 = FloatVector.fromArray(S, x, x6 + i);
            a6 = u.fma(t6, a6);
            b6 = v.fma(t6, b6);
            FloatVector t7 = FloatVector.fromArray(S, x, x7 + i);
            a7 = u.fma(t7, a7);
            b7 = v.fma(t7, b7);
        }
        a0 = a0.add(a0.rearrange(ROT1));
        b0 = b0.add(b0.rearrange(ROT1));
        a1 = a1.add(a1.rearrange(ROT1));
        b1 = b1.add(b1.rearrange(ROT1));
        a2 = a2.add(a2.rearrange(ROT1));
        b2 = b2.add(b2.rearrange(ROT1));
        a3 = a3.add(a3.rearrange(ROT1));
        b3 = b3.add(b3.rearrange(ROT1));
        a4 = a4.add(a4.rearrange(ROT1));
        b4 = b4.add(b4.rearrange(ROT1));
        a5 = a5.add(a5.rearrange(ROT1));
        b5 = b5.add(b5.rearrange(ROT1));
        a6 = a6.add(a6.rearrange(ROT1));
        b6 = b6.add(b6.rearrange(ROT1));
        a7 = a7.add(a7.rearrange(ROT1));
        b7 = b7.add(b7.rearrange(ROT1));
        if (LEN >= 4) {
            a0 = a0.add(a0.rearrange(ROT2));
            b0 = b0.add(b0.rearrange(ROT2));
            a1 = a1.add(a1.rearrange(ROT2));
            b1 = b1.add(b1.rearrange(ROT2));
            a2 = a2.add(a2.rearrange(ROT2));
            b2 = b2.add(b2.rearrange(ROT2));
            a3 = a3.add(a3.rearrange(ROT2));
            b3 = b3.add(b3.rearrange(ROT2));
            a4 = a4.add(a4.rearrange(ROT2));
            b4 = b4.add(b4.rearrange(ROT2));
            a5 = a5.add(a5.rearrange(ROT2));
            b5 = b5.add(b5.rearrange(ROT2));
            a6 = a6.add(a6.rearrange(ROT2));
            b6 = b6.add(b6.rearrange(ROT2));
            a7 = a7.add(a7.rearrange(ROT2));
            b7 = b7.add(b7.rearrange(ROT2));
        }
        if (LEN >= 8) {
            a0 = a0.add(a0.rearrange(ROT3));
            b0 = b0.add(b0.rearrange(ROT3));
            a1 = a1.add(a1.rearrange(ROT3));
            b1 = b1.add(b1.rearrange(ROT3));
            a2 = a2.add(a2.rearrange(ROT3));
            b2 = b2.add(b2.rearrange(ROT3));
            a3 = a3.add(a3.rearrange(ROT3));
            b3 = b3.add(b3.rearrange(ROT3));
            a4 = a4.add(a4.rearrange(ROT3));
            b4 = b4.add(b4.rearrange(ROT3));
            a5 = a5.add(a5.rearrange(ROT3));
            b5 = b5.add(b5.rearrange(ROT3));
            a6 = a6.add(a6.rearrange(ROT3));
            b6 = b6.add(b6.rearrange(ROT3));
            a7 = a7.add(a7.rearrange(ROT3));
            b7 = b7.add(b7.rearrange(ROT3));
        }
        if (LEN >= 16) {
            a0 = a0.add(a0.rearrange(ROT4));
            b0 = b0.add(b0.rearrange(ROT4));
            a1 = a1.add(a1.rearrange(ROT4));
            b1 = b1.add(b1.rearrange(ROT4));
            a2 = a2.add(a2.rearrange(ROT4));
            b2 = b2.add(b2.rearrange(ROT4));
            a3 = a3.add(a3.rearrange(ROT4));
            b3 = b3.add(b3.rearrange(ROT4));
            a4 = a4.add(a4.rearrange(ROT4));
            b4 = b4.add(b4.rearrange(ROT4));
            a5 = a5.add(a5.rearrange(ROT4));
            b5 = b5.add(b5.rearrange(ROT4));
            a6 = a6.add(a6.rearrange(ROT4));
            b6 = b6.add(b6.rearrange(ROT4));
            a7 = a7.add(a7.rearrange(ROT4));
            b7 = b7.add(b7.rearrange(ROT4));
        }
        float sa0 = a0.lane(0);
        float sb0 = b0.lane(0);
        float sa1 = a1.lane(0);
        float sb1 = b1.lane(0);
        float sa2 = a2.lane(0);
        float sb2 = b2.lane(0);
        float sa3 = a3.lane(0);
        float sb3 = b3.lane(0);
        float sa4 = a4.lane(0);
        float sb4 = b4.lane(0);
        float sa5 = a5.lane(0);
        float sb5 = b5.lane(0);
        float sa6 = a6.lane(0);
        float sb6 = b6.lane(0);
        float sa7 = a7.lane(0);
        float sb7 = b7.lane(0);
        for (int t = upper; t < n; t++) {
            float p = Float.intBitsToFloat(w[w0 + t] << 16);
            float q = Float.intBitsToFloat(w[w1 + t] << 16);
            sa0 += p * x[x0 + t];
            sb0 += q * x[x0 + t];
            sa1 += p * x[x1 + t];
            sb1 += q * x[x1 + t];
            sa2 += p * x[x2 + t];
            sb2 += q * x[x2 + t];
            sa3 += p * x[x3 + t];
            sb3 += q * x[x3 + t];
            sa4 += p * x[x4 + t];
            sb4 += q * x[x4 + t];
            sa5 += p * x[x5 + t];
            sb5 += q * x[x5 + t];
            sa6 += p * x[x6 + t];
            sb6 += q * x[x6 + t];
            sa7 += p * x[x7 + t];
            sb7 += q * x[x7 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
        if (batch > 1) {
            out[o + os] = sa1;
            out[o + os + 1] = sb1;
        }
        if (batch > 2) {
            out[o + 2 * os] = sa2;
            out[o + 2 * os + 1] = sb2;
        }
        if (batch > 3) {
            out[o + 3 * os] = sa3;
            out[o + 3 * os + 1] = sb3;
        }
        if (batch > 4) {
            out[o + 4 * os] = sa4;
            out[o + 4 * os + 1] = sb4;
        }
        if (batch > 5) {
            out[o + 5 * os] = sa5;
            out[o + 5 * os + 1] = sb5;
        }
        if (batch > 6) {
            out[o + 6 * os] = sa6;
            out[o + 6 * os + 1] = sb6;
        }
        if (batch > 7) {
            out[o + 7 * os] = sa7;
            out[o + 7 * os + 1] = sb7;
        }
    }


    /** Widens LEN bf16 values to floats: sign-extend to int, shift into the high half, reinterpret. */
    static FloatVector bf16(short[] w, int off) {
        return ((IntVector) ShortVector.fromArray(SS, w, off).convertShape(VectorOperators.S2I, IS, 0))
                .lanewise(VectorOperators.LSHL, 16)
                .reinterpretAsFloats();
    }
}
