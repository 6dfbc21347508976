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
 * register-blocked kernels ({@link #dots2}: two rows by up to four activation rows) keep it per output, so their
 * results have exactly {@link #dot}'s bits, and a K+1-token verification reads the int8 weights once.
 */
final class VectorQ8Kernels implements Q8Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int LEN = S.length();
    private static final VectorSpecies<Byte> BS = VectorSpecies.of(byte.class, VectorShape.forBitSize(LEN * 8));
    private static final int BLOCK = Q8Blocks.BLOCK;
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
        for (; j + 3 < batch; j += 4) {
            x2x4(
                    q,
                    qo0,
                    qo1,
                    d,
                    dOff0,
                    dOff1,
                    x,
                    xOff + j * xStride,
                    xStride,
                    n,
                    out,
                    outOff + j * outStride,
                    outStride);
        }
        for (; j < batch; j++) {
            x2x1(q, qo0, qo1, d, dOff0, dOff1, x, xOff + j * xStride, n, out, outOff + j * outStride);
        }
    }

    /** Two rows by 4 activation rows (stride {@code xs}): 8 accumulators. */
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
            int n,
            float[] out,
            int o,
            int os) {
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector b1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector b2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        FloatVector b3 = FloatVector.zero(S);
        int x1 = x0 + xs;
        int x2 = x1 + xs;
        int x3 = x2 + xs;
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
        float sa0 = sum(a0);
        float sb0 = sum(b0);
        float sa1 = sum(a1);
        float sb1 = sum(b1);
        float sa2 = sum(a2);
        float sb2 = sum(b2);
        float sa3 = sum(a3);
        float sb3 = sum(b3);
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
