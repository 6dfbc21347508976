package dev.agentcollab.inference.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q8_0 kernels on the incubating Vector API at the platform's preferred float width (8 or 16 lanes; narrower
 * platforms use {@link ScalarQ8Kernels}). Loaded reflectively by {@link Q8Kernels#matching}.
 *
 * <p>Each int8 vector is loaded as bytes, widened to float lanes and multiplied by its block's scale (exact: 7 bits
 * times an 11-bit f16 scale), then accumulated with one FMA. Every dot product has one structure: one vector
 * accumulator over the full vectors in order, a fixed-order lane sum, then the scalar tail in order. The
 * register-blocked kernels ({@link #dots2}, in {@link VectorQ8Blocks}: two rows by up to five activation rows, with
 * read-ahead of the weight stream) keep it per output, so their results have exactly {@link #dot}'s bits, and a
 * K+1-token verification up to K = 4 widens the int8 weights once.
 */
final class VectorQ8Kernels implements Q8Kernels {
    private static final VectorSpecies<Float> S = VectorQ8Blocks.S;
    private static final int LEN = VectorQ8Blocks.LEN;
    private static final VectorSpecies<Byte> BS = VectorQ8Blocks.BS;
    private static final int BLOCK = Q8Blocks.BLOCK;

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
        VectorQ8Blocks.dots2(q, qo0, qo1, d, dOff0, dOff1, x, xOff, xStride, batch, n, out, outOff, outStride);
    }

    /** LEN int8 values widened to floats and scaled: exactly the weights {@code q * d}. */
    private static FloatVector weights(byte[] q, int off, FloatVector scale) {
        return ((FloatVector) ByteVector.fromArray(BS, q, off).convertShape(VectorOperators.B2F, S, 0)).mul(scale);
    }

    /** Sums the lanes in a fixed order with lane-wise adds of rotated copies (deterministic, unlike reduceLanes). */
    private static float sum(FloatVector v) {
        v = v.add(v.rearrange(VectorQ8Blocks.ROT1));
        v = v.add(v.rearrange(VectorQ8Blocks.ROT2));
        v = v.add(v.rearrange(VectorQ8Blocks.ROT3));
        if (LEN >= 16) {
            v = v.add(v.rearrange(VectorQ8Blocks.ROT4));
        }
        return v.lane(0);
    }
}
