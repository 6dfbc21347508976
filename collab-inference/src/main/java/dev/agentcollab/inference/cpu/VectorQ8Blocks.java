package dev.agentcollab.inference.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked Q8_0 kernels behind {@link VectorQ8Kernels#dots2}: two int8 weight rows by exactly 1, 2, 3, 4
 * or 5 activation rows in one pass, one accumulator per output. Each int8 vector is widened to floats and scaled once
 * per pass and then multiplied into every activation row of the block, so a block of {@code w} rows costs the widening
 * of one row plus {@code w} multiply-adds per weight vector; a K+1 = 5 token verification is one pass.
 *
 * <p>Every output has {@link VectorQ8Kernels#dot}'s structure: one accumulator over the full vectors in order (each
 * weight vector {@code q * d} exact in f32), the same fixed-order lane sum, then the scalar tail in order, so every
 * result is bit-identical to the one-row kernel whatever the block. The lane sums and the widening are written out in
 * each kernel rather than called: a helper call after the loop is too cold for C2 to inline, and then every
 * accumulator was boxed on every call (384 bytes per 2x4 call before).
 *
 * <p><b>Reading ahead.</b> Each kernel also loads one byte per 64 (one per cache line) {@value #AHEAD} bytes ahead of
 * its first row, and two block scales as far ahead in the scale array, and discards them. Those demand loads start
 * the memory reads of the next row pairs while the current pair is computed; the hardware prefetcher alone left a
 * one-row pass at about the sum of its arithmetic and its memory time (measured with {@code KernelProbe} on 50 M
 * streamed weights: 4.5-5.3 ms without, 3.3-3.6 ms with, 2.4 ms from the L2 cache). The loads are clamped to the
 * arrays and change no result.
 */
final class VectorQ8Blocks {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int LEN = S.length();
    static final VectorSpecies<Byte> BS = VectorSpecies.of(byte.class, VectorShape.forBitSize(LEN * 8));
    static final int BLOCK = Q8Blocks.BLOCK;
    /** The widest block: activation rows per pass. */
    static final int MAX_ROWS = 5;
    /** How far ahead of a row pair's first value the kernels read, in bytes of int8 values. */
    static final int AHEAD = 2048;
    /** The same distance in the scale array (one f16 scale per 32 values). */
    private static final int AHEAD_SCALES = AHEAD / BLOCK;
    // Lane rotations by LEN/2, LEN/4, ... for a fixed-order tree sum of the lanes.
    static final VectorShuffle<Float> ROT1 = VectorShuffle.iota(S, Math.max(1, LEN / 2), 1, true);
    static final VectorShuffle<Float> ROT2 = VectorShuffle.iota(S, Math.max(1, LEN / 4), 1, true);
    static final VectorShuffle<Float> ROT3 = VectorShuffle.iota(S, Math.max(1, LEN / 8), 1, true);
    static final VectorShuffle<Float> ROT4 = VectorShuffle.iota(S, Math.max(1, LEN / 16), 1, true);
    /**
     * Compared with the sum of the read-ahead values so that C2 keeps the loads (not final, so not folded). The sum of
     * a row pair's values could only reach it for rows of millions of values.
     */
    private static int unreachable = Integer.MIN_VALUE;
    /** Written only when a read-ahead sum equals {@link #unreachable}; its value means nothing. */
    static int readAheadSink;

    private VectorQ8Blocks() {}

    /**
     * Two weight rows by {@code batch} activation rows (stride {@code xs}), in blocks of up to {@link #MAX_ROWS}:
     * row 0's results at {@code out[o + j*os]}, row 1's at {@code o + 1 + j*os}.
     */
    static void dots2(
            byte[] q,
            int r0,
            int r1,
            short[] d,
            int d0,
            int d1,
            float[] x,
            int x0,
            int xs,
            int batch,
            int n,
            float[] out,
            int o,
            int os) {
        int j = 0;
        for (; batch - j >= MAX_ROWS; j += MAX_ROWS) {
            q8x2x5(q, r0, r1, d, d0, d1, x, x0 + j * xs, xs, n, out, o + j * os, os);
        }
        int xj = x0 + j * xs;
        int oj = o + j * os;
        switch (batch - j) {
            case 4 -> q8x2x4(q, r0, r1, d, d0, d1, x, xj, xs, n, out, oj, os);
            case 3 -> q8x2x3(q, r0, r1, d, d0, d1, x, xj, xs, n, out, oj, os);
            case 2 -> q8x2x2(q, r0, r1, d, d0, d1, x, xj, xs, n, out, oj, os);
            case 1 -> q8x2x1(q, r0, r1, d, d0, d1, x, xj, xs, n, out, oj, os);
            default -> {}
        }
    }

    /** Two weight rows by 1 activation row (stride {@code xs}): 2 accumulators. */
    private static void q8x2x1(
            byte[] q,
            int r0,
            int r1,
            short[] d,
            int d0,
            int d1,
            float[] x,
            int x0,
            int xs,
            int n,
            float[] out,
            int o,
            int os) {
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        int lim = q.length - 1;
        int dLim = d.length - 1;
        int ahead = d[Math.min(d0 + AHEAD_SCALES, dLim)] + d[Math.min(d1 + AHEAD_SCALES, dLim)];
        // one loop body for whole blocks and a last, short one: a second copy of the body made C2's code slower
        for (int b = 0; b * BLOCK < upper; b++) {
            ahead += q[Math.min(r0 + AHEAD + 2 * b * BLOCK, lim)];
            FloatVector su = FloatVector.broadcast(S, Q8Blocks.scale(d[d0 + b]));
            FloatVector sv = FloatVector.broadcast(S, Q8Blocks.scale(d[d1 + b]));
            for (int k = 0; k < BLOCK; k += LEN) { // a constant trip count the JIT unrolls
                int i = b * BLOCK + k;
                if (i >= upper) {
                    break;
                }
                FloatVector u = ((FloatVector)
                                ByteVector.fromArray(BS, q, r0 + i).convertShape(VectorOperators.B2F, S, 0))
                        .mul(su);
                FloatVector v = ((FloatVector)
                                ByteVector.fromArray(BS, q, r1 + i).convertShape(VectorOperators.B2F, S, 0))
                        .mul(sv);
                FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
                a0 = u.fma(t0, a0);
                b0 = v.fma(t0, b0);
            }
        }
        a0 = a0.add(a0.rearrange(ROT1));
        b0 = b0.add(b0.rearrange(ROT1));
        a0 = a0.add(a0.rearrange(ROT2));
        b0 = b0.add(b0.rearrange(ROT2));
        a0 = a0.add(a0.rearrange(ROT3));
        b0 = b0.add(b0.rearrange(ROT3));
        if (LEN >= 16) {
            a0 = a0.add(a0.rearrange(ROT4));
            b0 = b0.add(b0.rearrange(ROT4));
        }
        float sa0 = a0.lane(0);
        float sb0 = b0.lane(0);
        for (int t = upper; t < n; t++) {
            float u = q[r0 + t] * Q8Blocks.scale(d[d0 + t / BLOCK]);
            float v = q[r1 + t] * Q8Blocks.scale(d[d1 + t / BLOCK]);
            sa0 += u * x[x0 + t];
            sb0 += v * x[x0 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
        if (ahead == unreachable) {
            readAheadSink++;
        }
    }

    /** Two weight rows by 2 activation rows (stride {@code xs}): 4 accumulators. */
    private static void q8x2x2(
            byte[] q,
            int r0,
            int r1,
            short[] d,
            int d0,
            int d1,
            float[] x,
            int x0,
            int xs,
            int n,
            float[] out,
            int o,
            int os) {
        int x1 = x0 + xs;
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        int lim = q.length - 1;
        int dLim = d.length - 1;
        int ahead = d[Math.min(d0 + AHEAD_SCALES, dLim)] + d[Math.min(d1 + AHEAD_SCALES, dLim)];
        // one loop body for whole blocks and a last, short one: a second copy of the body made C2's code slower
        for (int b = 0; b * BLOCK < upper; b++) {
            ahead += q[Math.min(r0 + AHEAD + 2 * b * BLOCK, lim)];
            FloatVector su = FloatVector.broadcast(S, Q8Blocks.scale(d[d0 + b]));
            FloatVector sv = FloatVector.broadcast(S, Q8Blocks.scale(d[d1 + b]));
            for (int k = 0; k < BLOCK; k += LEN) { // a constant trip count the JIT unrolls
                int i = b * BLOCK + k;
                if (i >= upper) {
                    break;
                }
                FloatVector u = ((FloatVector)
                                ByteVector.fromArray(BS, q, r0 + i).convertShape(VectorOperators.B2F, S, 0))
                        .mul(su);
                FloatVector v = ((FloatVector)
                                ByteVector.fromArray(BS, q, r1 + i).convertShape(VectorOperators.B2F, S, 0))
                        .mul(sv);
                FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
                a0 = u.fma(t0, a0);
                b0 = v.fma(t0, b0);
                FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
                a1 = u.fma(t1, a1);
                b1 = v.fma(t1, b1);
            }
        }
        a0 = a0.add(a0.rearrange(ROT1));
        b0 = b0.add(b0.rearrange(ROT1));
        a1 = a1.add(a1.rearrange(ROT1));
        b1 = b1.add(b1.rearrange(ROT1));
        a0 = a0.add(a0.rearrange(ROT2));
        b0 = b0.add(b0.rearrange(ROT2));
        a1 = a1.add(a1.rearrange(ROT2));
        b1 = b1.add(b1.rearrange(ROT2));
        a0 = a0.add(a0.rearrange(ROT3));
        b0 = b0.add(b0.rearrange(ROT3));
        a1 = a1.add(a1.rearrange(ROT3));
        b1 = b1.add(b1.rearrange(ROT3));
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
            float u = q[r0 + t] * Q8Blocks.scale(d[d0 + t / BLOCK]);
            float v = q[r1 + t] * Q8Blocks.scale(d[d1 + t / BLOCK]);
            sa0 += u * x[x0 + t];
            sb0 += v * x[x0 + t];
            sa1 += u * x[x1 + t];
            sb1 += v * x[x1 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
        out[o + os] = sa1;
        out[o + os + 1] = sb1;
        if (ahead == unreachable) {
            readAheadSink++;
        }
    }

    /** Two weight rows by 3 activation rows (stride {@code xs}): 6 accumulators. */
    private static void q8x2x3(
            byte[] q,
            int r0,
            int r1,
            short[] d,
            int d0,
            int d1,
            float[] x,
            int x0,
            int xs,
            int n,
            float[] out,
            int o,
            int os) {
        int x1 = x0 + xs;
        int x2 = x1 + xs;
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        FloatVector a2 = a0;
        FloatVector b2 = a0;
        int lim = q.length - 1;
        int dLim = d.length - 1;
        int ahead = d[Math.min(d0 + AHEAD_SCALES, dLim)] + d[Math.min(d1 + AHEAD_SCALES, dLim)];
        // one loop body for whole blocks and a last, short one: a second copy of the body made C2's code slower
        for (int b = 0; b * BLOCK < upper; b++) {
            ahead += q[Math.min(r0 + AHEAD + 2 * b * BLOCK, lim)];
            FloatVector su = FloatVector.broadcast(S, Q8Blocks.scale(d[d0 + b]));
            FloatVector sv = FloatVector.broadcast(S, Q8Blocks.scale(d[d1 + b]));
            for (int k = 0; k < BLOCK; k += LEN) { // a constant trip count the JIT unrolls
                int i = b * BLOCK + k;
                if (i >= upper) {
                    break;
                }
                FloatVector u = ((FloatVector)
                                ByteVector.fromArray(BS, q, r0 + i).convertShape(VectorOperators.B2F, S, 0))
                        .mul(su);
                FloatVector v = ((FloatVector)
                                ByteVector.fromArray(BS, q, r1 + i).convertShape(VectorOperators.B2F, S, 0))
                        .mul(sv);
                FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
                a0 = u.fma(t0, a0);
                b0 = v.fma(t0, b0);
                FloatVector t1 = FloatVector.fromArray(S, x, x1 + i);
                a1 = u.fma(t1, a1);
                b1 = v.fma(t1, b1);
                FloatVector t2 = FloatVector.fromArray(S, x, x2 + i);
                a2 = u.fma(t2, a2);
                b2 = v.fma(t2, b2);
            }
        }
        a0 = a0.add(a0.rearrange(ROT1));
        b0 = b0.add(b0.rearrange(ROT1));
        a1 = a1.add(a1.rearrange(ROT1));
        b1 = b1.add(b1.rearrange(ROT1));
        a2 = a2.add(a2.rearrange(ROT1));
        b2 = b2.add(b2.rearrange(ROT1));
        a0 = a0.add(a0.rearrange(ROT2));
        b0 = b0.add(b0.rearrange(ROT2));
        a1 = a1.add(a1.rearrange(ROT2));
        b1 = b1.add(b1.rearrange(ROT2));
        a2 = a2.add(a2.rearrange(ROT2));
        b2 = b2.add(b2.rearrange(ROT2));
        a0 = a0.add(a0.rearrange(ROT3));
        b0 = b0.add(b0.rearrange(ROT3));
        a1 = a1.add(a1.rearrange(ROT3));
        b1 = b1.add(b1.rearrange(ROT3));
        a2 = a2.add(a2.rearrange(ROT3));
        b2 = b2.add(b2.rearrange(ROT3));
        if (LEN >= 16) {
            a0 = a0.add(a0.rearrange(ROT4));
            b0 = b0.add(b0.rearrange(ROT4));
            a1 = a1.add(a1.rearrange(ROT4));
            b1 = b1.add(b1.rearrange(ROT4));
            a2 = a2.add(a2.rearrange(ROT4));
            b2 = b2.add(b2.rearrange(ROT4));
        }
        float sa0 = a0.lane(0);
        float sb0 = b0.lane(0);
        float sa1 = a1.lane(0);
        float sb1 = b1.lane(0);
        float sa2 = a2.lane(0);
        float sb2 = b2.lane(0);
        for (int t = upper; t < n; t++) {
            float u = q[r0 + t] * Q8Blocks.scale(d[d0 + t / BLOCK]);
            float v = q[r1 + t] * Q8Blocks.scale(d[d1 + t / BLOCK]);
            sa0 += u * x[x0 + t];
            sb0 += v * x[x0 + t];
            sa1 += u * x[x1 + t];
            sb1 += v * x[x1 + t];
            sa2 += u * x[x2 + t];
            sb2 += v * x[x2 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
        out[o + os] = sa1;
        out[o + os + 1] = sb1;
        out[o + 2 * os] = sa2;
        out[o + 2 * os + 1] = sb2;
        if (ahead == unreachable) {
            readAheadSink++;
        }
    }

    /** Two weight rows by 4 activation rows (stride {@code xs}): 8 accumulators. */
    private static void q8x2x4(
            byte[] q,
            int r0,
            int r1,
            short[] d,
            int d0,
            int d1,
            float[] x,
            int x0,
            int xs,
            int n,
            float[] out,
            int o,
            int os) {
        int x1 = x0 + xs;
        int x2 = x1 + xs;
        int x3 = x2 + xs;
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        FloatVector a2 = a0;
        FloatVector b2 = a0;
        FloatVector a3 = a0;
        FloatVector b3 = a0;
        int lim = q.length - 1;
        int dLim = d.length - 1;
        int ahead = d[Math.min(d0 + AHEAD_SCALES, dLim)] + d[Math.min(d1 + AHEAD_SCALES, dLim)];
        // one loop body for whole blocks and a last, short one: a second copy of the body made C2's code slower
        for (int b = 0; b * BLOCK < upper; b++) {
            ahead += q[Math.min(r0 + AHEAD + 2 * b * BLOCK, lim)];
            FloatVector su = FloatVector.broadcast(S, Q8Blocks.scale(d[d0 + b]));
            FloatVector sv = FloatVector.broadcast(S, Q8Blocks.scale(d[d1 + b]));
            for (int k = 0; k < BLOCK; k += LEN) { // a constant trip count the JIT unrolls
                int i = b * BLOCK + k;
                if (i >= upper) {
                    break;
                }
                FloatVector u = ((FloatVector)
                                ByteVector.fromArray(BS, q, r0 + i).convertShape(VectorOperators.B2F, S, 0))
                        .mul(su);
                FloatVector v = ((FloatVector)
                                ByteVector.fromArray(BS, q, r1 + i).convertShape(VectorOperators.B2F, S, 0))
                        .mul(sv);
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
        }
        a0 = a0.add(a0.rearrange(ROT1));
        b0 = b0.add(b0.rearrange(ROT1));
        a1 = a1.add(a1.rearrange(ROT1));
        b1 = b1.add(b1.rearrange(ROT1));
        a2 = a2.add(a2.rearrange(ROT1));
        b2 = b2.add(b2.rearrange(ROT1));
        a3 = a3.add(a3.rearrange(ROT1));
        b3 = b3.add(b3.rearrange(ROT1));
        a0 = a0.add(a0.rearrange(ROT2));
        b0 = b0.add(b0.rearrange(ROT2));
        a1 = a1.add(a1.rearrange(ROT2));
        b1 = b1.add(b1.rearrange(ROT2));
        a2 = a2.add(a2.rearrange(ROT2));
        b2 = b2.add(b2.rearrange(ROT2));
        a3 = a3.add(a3.rearrange(ROT2));
        b3 = b3.add(b3.rearrange(ROT2));
        a0 = a0.add(a0.rearrange(ROT3));
        b0 = b0.add(b0.rearrange(ROT3));
        a1 = a1.add(a1.rearrange(ROT3));
        b1 = b1.add(b1.rearrange(ROT3));
        a2 = a2.add(a2.rearrange(ROT3));
        b2 = b2.add(b2.rearrange(ROT3));
        a3 = a3.add(a3.rearrange(ROT3));
        b3 = b3.add(b3.rearrange(ROT3));
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
            float u = q[r0 + t] * Q8Blocks.scale(d[d0 + t / BLOCK]);
            float v = q[r1 + t] * Q8Blocks.scale(d[d1 + t / BLOCK]);
            sa0 += u * x[x0 + t];
            sb0 += v * x[x0 + t];
            sa1 += u * x[x1 + t];
            sb1 += v * x[x1 + t];
            sa2 += u * x[x2 + t];
            sb2 += v * x[x2 + t];
            sa3 += u * x[x3 + t];
            sb3 += v * x[x3 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
        out[o + os] = sa1;
        out[o + os + 1] = sb1;
        out[o + 2 * os] = sa2;
        out[o + 2 * os + 1] = sb2;
        out[o + 3 * os] = sa3;
        out[o + 3 * os + 1] = sb3;
        if (ahead == unreachable) {
            readAheadSink++;
        }
    }

    /** Two weight rows by 5 activation rows (stride {@code xs}): 10 accumulators. */
    private static void q8x2x5(
            byte[] q,
            int r0,
            int r1,
            short[] d,
            int d0,
            int d1,
            float[] x,
            int x0,
            int xs,
            int n,
            float[] out,
            int o,
            int os) {
        int x1 = x0 + xs;
        int x2 = x1 + xs;
        int x3 = x2 + xs;
        int x4 = x3 + xs;
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
        int lim = q.length - 1;
        int dLim = d.length - 1;
        int ahead = d[Math.min(d0 + AHEAD_SCALES, dLim)] + d[Math.min(d1 + AHEAD_SCALES, dLim)];
        // one loop body for whole blocks and a last, short one: a second copy of the body made C2's code slower
        for (int b = 0; b * BLOCK < upper; b++) {
            ahead += q[Math.min(r0 + AHEAD + 2 * b * BLOCK, lim)];
            FloatVector su = FloatVector.broadcast(S, Q8Blocks.scale(d[d0 + b]));
            FloatVector sv = FloatVector.broadcast(S, Q8Blocks.scale(d[d1 + b]));
            for (int k = 0; k < BLOCK; k += LEN) { // a constant trip count the JIT unrolls
                int i = b * BLOCK + k;
                if (i >= upper) {
                    break;
                }
                FloatVector u = ((FloatVector)
                                ByteVector.fromArray(BS, q, r0 + i).convertShape(VectorOperators.B2F, S, 0))
                        .mul(su);
                FloatVector v = ((FloatVector)
                                ByteVector.fromArray(BS, q, r1 + i).convertShape(VectorOperators.B2F, S, 0))
                        .mul(sv);
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
            }
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
        for (int t = upper; t < n; t++) {
            float u = q[r0 + t] * Q8Blocks.scale(d[d0 + t / BLOCK]);
            float v = q[r1 + t] * Q8Blocks.scale(d[d1 + t / BLOCK]);
            sa0 += u * x[x0 + t];
            sb0 += v * x[x0 + t];
            sa1 += u * x[x1 + t];
            sb1 += v * x[x1 + t];
            sa2 += u * x[x2 + t];
            sb2 += v * x[x2 + t];
            sa3 += u * x[x3 + t];
            sb3 += v * x[x3 + t];
            sa4 += u * x[x4 + t];
            sb4 += v * x[x4 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
        out[o + os] = sa1;
        out[o + os + 1] = sb1;
        out[o + 2 * os] = sa2;
        out[o + 2 * os + 1] = sb2;
        out[o + 3 * os] = sa3;
        out[o + 3 * os + 1] = sb3;
        out[o + 4 * os] = sa4;
        out[o + 4 * os + 1] = sb4;
        if (ahead == unreachable) {
            readAheadSink++;
        }
    }
}
