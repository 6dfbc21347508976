package dev.agentcollab.inference.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the incubating Vector API at the platform's preferred width. Loaded reflectively by
 * {@link Kernels#best()}; the class fails to link when {@code jdk.incubator.vector} is not in the module graph.
 *
 * <p>Every dot product has one structure: one vector accumulator over the full vectors in order, a fixed-order lane sum
 * ({@code reduceLanes} may change order once C2 intrinsifies it), then the scalar tail in order. The register-blocked
 * kernels ({@link #dots2}: two weight rows by up to four activation rows, eight accumulators) keep that structure per
 * output, so every batched result has exactly {@link #dot}'s bits. Blocking over two weight rows and several activation
 * rows cuts loads per multiply-add from two (one weight, one activation) to 0.75, which is what lets a K+1-token
 * verification ride on the weight stream of one token.
 */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int LEN = S.length();
    private static final VectorSpecies<Short> SS = VectorSpecies.of(short.class, VectorShape.forBitSize(LEN * 16));
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, S.vectorShape());
    // Lane rotations by LEN/2, LEN/4, ... for a fixed-order tree sum of the lanes.
    private static final VectorShuffle<Float> ROT1 = VectorShuffle.iota(S, Math.max(1, LEN / 2), 1, true);
    private static final VectorShuffle<Float> ROT2 = VectorShuffle.iota(S, Math.max(1, LEN / 4), 1, true);
    private static final VectorShuffle<Float> ROT3 = VectorShuffle.iota(S, Math.max(1, LEN / 8), 1, true);
    private static final VectorShuffle<Float> ROT4 = VectorShuffle.iota(S, Math.max(1, LEN / 16), 1, true);

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        int upper = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < upper; i += LEN) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        float s = sum(acc);
        for (int i = upper; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    @Override
    public void dots(
            float[] w,
            int wo,
            float[] x,
            int xOff,
            int xStride,
            int batch,
            int n,
            float[] out,
            int outOff,
            int outStride) {
        for (int j = 0; j < batch; j++) {
            out[outOff + j * outStride] = dot(w, wo, x, xOff + j * xStride, n);
        }
    }

    @Override
    public float dotBf16(short[] w, int wo, float[] x, int xo, int n) {
        int upper = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < upper; i += LEN) {
            acc = bf16(w, wo + i).fma(FloatVector.fromArray(S, x, xo + i), acc);
        }
        float s = sum(acc);
        for (int i = upper; i < n; i++) {
            s += Float.intBitsToFloat(w[wo + i] << 16) * x[xo + i];
        }
        return s;
    }

    @Override
    public void dotsBf16(
            short[] w,
            int wo,
            float[] x,
            int xOff,
            int xStride,
            int batch,
            int n,
            float[] out,
            int outOff,
            int outStride) {
        for (int j = 0; j < batch; j++) {
            out[outOff + j * outStride] = dotBf16(w, wo, x, xOff + j * xStride, n);
        }
    }

    @Override
    public void dots2(
            float[] w,
            int wo0,
            int wo1,
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
            f32x2x4(w, wo0, wo1, x, xOff + j * xStride, xStride, n, out, outOff + j * outStride, outStride);
        }
        for (; j + 1 < batch; j += 2) {
            f32x2x2(w, wo0, wo1, x, xOff + j * xStride, xStride, n, out, outOff + j * outStride, outStride);
        }
        if (j < batch) {
            f32x2x1(w, wo0, wo1, x, xOff + j * xStride, n, out, outOff + j * outStride);
        }
    }

    @Override
    public void dots2Bf16(
            short[] w,
            int wo0,
            int wo1,
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
            bf16x2x4(w, wo0, wo1, x, xOff + j * xStride, xStride, n, out, outOff + j * outStride, outStride);
        }
        for (; j + 1 < batch; j += 2) {
            bf16x2x2(w, wo0, wo1, x, xOff + j * xStride, xStride, n, out, outOff + j * outStride, outStride);
        }
        if (j < batch) {
            bf16x2x1(w, wo0, wo1, x, xOff + j * xStride, n, out, outOff + j * outStride);
        }
    }

    /** Two weight rows by 4 activation rows (stride {@code xs}): 8 accumulators. */
    private static void f32x2x4(
            float[] w, int w0, int w1, float[] x, int x0, int xs, int n, float[] out, int o, int os) {
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
        float sa0 = sum(a0);
        float sb0 = sum(b0);
        float sa1 = sum(a1);
        float sb1 = sum(b1);
        float sa2 = sum(a2);
        float sb2 = sum(b2);
        float sa3 = sum(a3);
        float sb3 = sum(b3);
        for (int t = upper; t < n; t++) {
            float u = w[w0 + t];
            float v = w[w1 + t];
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

    /** Two weight rows by 2 activation rows (stride {@code xs}): 4 accumulators. */
    private static void f32x2x2(
            float[] w, int w0, int w1, float[] x, int x0, int xs, int n, float[] out, int o, int os) {
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector b1 = FloatVector.zero(S);
        int x1 = x0 + xs;
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
        float sa0 = sum(a0);
        float sb0 = sum(b0);
        float sa1 = sum(a1);
        float sb1 = sum(b1);
        for (int t = upper; t < n; t++) {
            float u = w[w0 + t];
            float v = w[w1 + t];
            sa0 += u * x[x0 + t];
            sb0 += v * x[x0 + t];
            sa1 += u * x[x1 + t];
            sb1 += v * x[x1 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
        out[o + os] = sa1;
        out[o + os + 1] = sb1;
    }

    /** Two weight rows by one activation row. */
    private static void f32x2x1(float[] w, int w0, int w1, float[] x, int x0, int n, float[] out, int o) {
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        for (int i = 0; i < upper; i += LEN) {
            FloatVector u = FloatVector.fromArray(S, w, w0 + i);
            FloatVector v = FloatVector.fromArray(S, w, w1 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a0 = u.fma(t0, a0);
            b0 = v.fma(t0, b0);
        }
        float sa0 = sum(a0);
        float sb0 = sum(b0);
        for (int t = upper; t < n; t++) {
            float u = w[w0 + t];
            float v = w[w1 + t];
            sa0 += u * x[x0 + t];
            sb0 += v * x[x0 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
    }

    /** Two weight rows by 4 activation rows (stride {@code xs}): 8 accumulators. */
    private static void bf16x2x4(
            short[] w, int w0, int w1, float[] x, int x0, int xs, int n, float[] out, int o, int os) {
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
        float sa0 = sum(a0);
        float sb0 = sum(b0);
        float sa1 = sum(a1);
        float sb1 = sum(b1);
        float sa2 = sum(a2);
        float sb2 = sum(b2);
        float sa3 = sum(a3);
        float sb3 = sum(b3);
        for (int t = upper; t < n; t++) {
            float u = Float.intBitsToFloat(w[w0 + t] << 16);
            float v = Float.intBitsToFloat(w[w1 + t] << 16);
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

    /** Two weight rows by 2 activation rows (stride {@code xs}): 4 accumulators. */
    private static void bf16x2x2(
            short[] w, int w0, int w1, float[] x, int x0, int xs, int n, float[] out, int o, int os) {
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector b1 = FloatVector.zero(S);
        int x1 = x0 + xs;
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
        float sa0 = sum(a0);
        float sb0 = sum(b0);
        float sa1 = sum(a1);
        float sb1 = sum(b1);
        for (int t = upper; t < n; t++) {
            float u = Float.intBitsToFloat(w[w0 + t] << 16);
            float v = Float.intBitsToFloat(w[w1 + t] << 16);
            sa0 += u * x[x0 + t];
            sb0 += v * x[x0 + t];
            sa1 += u * x[x1 + t];
            sb1 += v * x[x1 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
        out[o + os] = sa1;
        out[o + os + 1] = sb1;
    }

    /** Two weight rows by one activation row. */
    private static void bf16x2x1(short[] w, int w0, int w1, float[] x, int x0, int n, float[] out, int o) {
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        for (int i = 0; i < upper; i += LEN) {
            FloatVector u = bf16(w, w0 + i);
            FloatVector v = bf16(w, w1 + i);
            FloatVector t0 = FloatVector.fromArray(S, x, x0 + i);
            a0 = u.fma(t0, a0);
            b0 = v.fma(t0, b0);
        }
        float sa0 = sum(a0);
        float sb0 = sum(b0);
        for (int t = upper; t < n; t++) {
            float u = Float.intBitsToFloat(w[w0 + t] << 16);
            float v = Float.intBitsToFloat(w[w1 + t] << 16);
            sa0 += u * x[x0 + t];
            sb0 += v * x[x0 + t];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
    }

    /** Widens LEN bf16 values to floats: sign-extend to int, shift into the high half, reinterpret. */
    private static FloatVector bf16(short[] w, int off) {
        return ((IntVector) ShortVector.fromArray(SS, w, off).convertShape(VectorOperators.S2I, IS, 0))
                .lanewise(VectorOperators.LSHL, 16)
                .reinterpretAsFloats();
    }

    /** Sums the lanes in a fixed order with lane-wise adds of rotated copies (deterministic, unlike reduceLanes). */
    private static float sum(FloatVector v) {
        if (LEN >= 2) {
            v = v.add(v.rearrange(ROT1));
        }
        if (LEN >= 4) {
            v = v.add(v.rearrange(ROT2));
        }
        if (LEN >= 8) {
            v = v.add(v.rearrange(ROT3));
        }
        if (LEN >= 16) {
            v = v.add(v.rearrange(ROT4));
        }
        if (LEN >= 32) {
            throw new IllegalStateException("vector length " + LEN + " not supported");
        }
        return v.lane(0);
    }
}
