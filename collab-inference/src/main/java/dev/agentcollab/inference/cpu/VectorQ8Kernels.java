package dev.agentcollab.inference.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q8_0 kernels on the incubating Vector API at the platform's preferred float width (8 or 16 lanes; narrower
 * platforms use {@link ScalarQ8Kernels}). Loaded reflectively by {@link Q8Kernels#matching}.
 *
 * <p>Each int8 vector is loaded as bytes, widened to float lanes and multiplied by its block's scale (exact: 7 bits
 * times an 11-bit f16 scale), then accumulated with one FMA. Every dot product has one structure: one vector
 * accumulator over the full vectors in order, a fixed-order lane sum, then the scalar tail in order. The
 * register-blocked kernels (two rows by 1, 2 or up to 4 activation rows; a block takes fewer rows than its width by
 * repeating the last one and not writing it) keep it per output, so their results have exactly {@link #dot}'s bits.
 *
 * <p>{@link #dots2} with two or more activation rows runs the first row alone (the plain-decoding pass, which streams
 * the int8 rows fastest) and the others in blocks over the rows then in the L1 cache, as {@link VectorKernels} does
 * for f32; widening and scaling dominate these kernels, so a 2-row pass that widens each vector once is no faster
 * than two 1-row passes on streamed weights. A 2x8 block (one widening for up to 8 rows) was measured and dropped: on
 * streamed weights 5 rows took 1.7 times as long as a 2x4 and a 2x1 pass.
 */
final class VectorQ8Kernels implements Q8Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int LEN = S.length();
    private static final VectorSpecies<Byte> BS = VectorSpecies.of(byte.class, VectorShape.forBitSize(LEN * 8));
    private static final int BLOCK = Q8Blocks.BLOCK;
    /** Widest activation block. */
    private static final int MAX_BLOCK = 4;

    private static final VectorShuffle<Float> ROT1 = VectorShuffle.iota(S, Math.max(1, LEN / 2), 1, true);
    private static final VectorShuffle<Float> ROT2 = VectorShuffle.iota(S, Math.max(1, LEN / 4), 1, true);
    private static final VectorShuffle<Float> ROT3 = VectorShuffle.iota(S, Math.max(1, LEN / 8), 1, true);
    private static final VectorShuffle<Float> ROT4 = VectorShuffle.iota(S, Math.max(1, LEN / 16), 1, true);

    VectorQ8Kernels() {
        if (LEN < 8 || LEN > BLOCK || BLOCK % LEN != 0) {
            throw new IllegalStateException("Q8_0 vector kernels need 8 or 16 float lanes, not " + LEN);
        }
    }

    @Override
    public float dot(byte[] q, int qo, short[] d, int dOff, float[] x, int xo, int n) {
        int upper = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        int b = 0;
        for (; (b + 1) * BLOCK <= upper; b++) { // whole blocks: a constant trip count the JIT unrolls
            FloatVector scale = FloatVector.broadcast(S, Q8Blocks.scale(d[dOff + b]));
            for (int k = 0; k < BLOCK; k += LEN) {
                int i = b * BLOCK + k;
                acc = weights(q, qo + i, scale).fma(FloatVector.fromArray(S, x, xo + i), acc);
            }
        }
        if (b * BLOCK < upper) { // the whole vectors of a last, short block
            FloatVector scale = FloatVector.broadcast(S, Q8Blocks.scale(d[dOff + b]));
            for (int i = b * BLOCK; i < upper; i += LEN) {
                acc = weights(q, qo + i, scale).fma(FloatVector.fromArray(S, x, xo + i), acc);
            }
        }
        float s = sum(acc);
        for (int i = upper; i < n; i++) {
            s += q[qo + i] * Q8Blocks.scale(d[dOff + i / BLOCK]) * x[xo + i];
        }
        return s;
    }

    @Override
    public void dots2(
            byte[] q,
            int qo0,
            int qo1,
            short[] d,
            int dOff0,
            int dOff1,
            float[] x,
            int xOff,
            int xStride,
            int batch,
            int n,
            float[] out,
            int outOff,
            int outStride) {
        int j = 0;
        if (batch > 1) { // stream the two rows with the lightest pass; the other rows then read them from L1
            x2x1(q, qo0, qo1, d, dOff0, dOff1, x, xOff, n, out, outOff);
            j = 1;
        }
        for (; j < batch; ) {
            int b = Math.min(MAX_BLOCK, batch - j);
            int xo = xOff + j * xStride;
            int o = outOff + j * outStride;
            if (b > 2) {
                x2x4(q, qo0, qo1, d, dOff0, dOff1, x, xo, xStride, b, n, out, o, outStride);
            } else if (b == 2) {
                x2x2(q, qo0, qo1, d, dOff0, dOff1, x, xo, xStride, b, n, out, o, outStride);
            } else {
                x2x1(q, qo0, qo1, d, dOff0, dOff1, x, xo, n, out, o);
            }
            j += b;
        }
    }

    /** Two rows by up to 2 activation rows (stride {@code xs}): 4 accumulators; missing rows repeat the last. */
    private static void x2x2(
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
        int last = batch - 1;
        int x1 = x0 + Math.min(1, last) * xs;
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        for (int from = 0; from < upper; from += BLOCK) {
            FloatVector su = FloatVector.broadcast(S, Q8Blocks.scale(d[d0 + from / BLOCK]));
            FloatVector sv = FloatVector.broadcast(S, Q8Blocks.scale(d[d1 + from / BLOCK]));
            // a constant trip count the JIT unrolls, except in a last, short block
            int to = from + BLOCK <= upper ? from + BLOCK : upper;
            for (int i = from; i < to; i += LEN) {
                FloatVector u = weights(q, r0 + i, su);
                FloatVector v = weights(q, r1 + i, sv);
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
            float y0 = x[x0 + t];
            sa0 += u * y0;
            sb0 += v * y0;
            float y1 = x[x1 + t];
            sa1 += u * y1;
            sb1 += v * y1;
        }
        out[o] = sa0;
        out[o + 1] = sb0;
        if (batch > 1) {
            out[o + os] = sa1;
            out[o + os + 1] = sb1;
        }
    }

    /** Two rows by up to 4 activation rows (stride {@code xs}): 8 accumulators; missing rows repeat the last. */
    private static void x2x4(
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
        for (int from = 0; from < upper; from += BLOCK) {
            FloatVector su = FloatVector.broadcast(S, Q8Blocks.scale(d[d0 + from / BLOCK]));
            FloatVector sv = FloatVector.broadcast(S, Q8Blocks.scale(d[d1 + from / BLOCK]));
            // a constant trip count the JIT unrolls, except in a last, short block
            int to = from + BLOCK <= upper ? from + BLOCK : upper;
            for (int i = from; i < to; i += LEN) {
                FloatVector u = weights(q, r0 + i, su);
                FloatVector v = weights(q, r1 + i, sv);
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
            float y0 = x[x0 + t];
            sa0 += u * y0;
            sb0 += v * y0;
            float y1 = x[x1 + t];
            sa1 += u * y1;
            sb1 += v * y1;
            float y2 = x[x2 + t];
            sa2 += u * y2;
            sb2 += v * y2;
            float y3 = x[x3 + t];
            sa3 += u * y3;
            sb3 += v * y3;
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

    /** Two rows by one activation row. */
    private static void x2x1(
            byte[] q, int r0, int r1, short[] d, int d0, int d1, float[] x, int x0, int n, float[] out, int o) {
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        int b = 0;
        for (; (b + 1) * BLOCK <= upper; b++) { // whole blocks: a constant trip count the JIT unrolls
            FloatVector su = FloatVector.broadcast(S, Q8Blocks.scale(d[d0 + b]));
            FloatVector sv = FloatVector.broadcast(S, Q8Blocks.scale(d[d1 + b]));
            for (int k = 0; k < BLOCK; k += LEN) {
                int i = b * BLOCK + k;
                FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
                a0 = weights(q, r0 + i, su).fma(t0, a0);
                b0 = weights(q, r1 + i, sv).fma(t0, b0);
            }
        }
        if (b * BLOCK < upper) { // the whole vectors of a last, short block
            FloatVector su = FloatVector.broadcast(S, Q8Blocks.scale(d[d0 + b]));
            FloatVector sv = FloatVector.broadcast(S, Q8Blocks.scale(d[d1 + b]));
            for (int i = b * BLOCK; i < upper; i += LEN) {
                FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
                a0 = weights(q, r0 + i, su).fma(t0, a0);
                b0 = weights(q, r1 + i, sv).fma(t0, b0);
            }
        }
        float sa0 = sum(a0);
        float sb0 = sum(b0);
        for (int t = upper; t < n; t++) {
            sa0 += q[r0 + t] * Q8Blocks.scale(d[d0 + t / BLOCK]) * x[x0 + t];
            sb0 += q[r1 + t] * Q8Blocks.scale(d[d1 + t / BLOCK]) * x[x0 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
    }

    /** LEN int8 values widened to floats and scaled: exactly the weights {@code q * d}. */
    private static FloatVector weights(byte[] q, int off, FloatVector scale) {
        return ((FloatVector) ByteVector.fromArray(BS, q, off).convertShape(VectorOperators.B2F, S, 0)).mul(scale);
    }

    /** Sums the lanes in a fixed order with lane-wise adds of rotated copies (deterministic, unlike reduceLanes). */
    private static float sum(FloatVector v) {
        v = v.add(v.rearrange(ROT1));
        v = v.add(v.rearrange(ROT2));
        v = v.add(v.rearrange(ROT3));
        if (LEN >= 16) {
            v = v.add(v.rearrange(ROT4));
        }
        return v.lane(0);
    }
}
