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
 * <p>Every dot product uses the same two-accumulator structure and a fixed-order lane sum ({@code reduceLanes} may
 * change order once C2 intrinsifies it), so {@link #dots} gives exactly {@link #dot}'s bits for each row.
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
        return dot(a, ao, b, bo, n, null);
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
        float[] lanes = null;
        int j = 0;
        for (; j + 3 < batch; j += 4) {
            dot4(w, wo, x, xOff + j * xStride, xStride, n, out, outOff + j * outStride, outStride);
        }
        for (; j + 1 < batch; j += 2) {
            dot2(
                    w,
                    wo,
                    x,
                    xOff + j * xStride,
                    xOff + (j + 1) * xStride,
                    n,
                    out,
                    outOff + j * outStride,
                    outOff + (j + 1) * outStride,
                    lanes);
        }
        if (j < batch) {
            out[outOff + j * outStride] = dot(w, wo, x, xOff + j * xStride, n, lanes);
        }
    }

    @Override
    public float dotBf16(short[] w, int wo, float[] x, int xo, int n) {
        int upper = S.loopBound(n);
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        int i = 0;
        for (; i + LEN < upper; i += 2 * LEN) {
            acc0 = bf16(w, wo + i).fma(FloatVector.fromArray(S, x, xo + i), acc0);
            acc1 = bf16(w, wo + i + LEN).fma(FloatVector.fromArray(S, x, xo + i + LEN), acc1);
        }
        for (; i < upper; i += LEN) {
            acc0 = bf16(w, wo + i).fma(FloatVector.fromArray(S, x, xo + i), acc0);
        }
        float s = sum(acc0.add(acc1), null);
        for (; i < n; i++) {
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
        int j = 0;
        for (; j + 3 < batch; j += 4) {
            dot4Bf16(w, wo, x, xOff + j * xStride, xStride, n, out, outOff + j * outStride, outStride);
        }
        for (; j + 1 < batch; j += 2) {
            dot2Bf16(
                    w,
                    wo,
                    x,
                    xOff + j * xStride,
                    xOff + (j + 1) * xStride,
                    n,
                    out,
                    outOff + j * outStride,
                    outOff + (j + 1) * outStride);
        }
        if (j < batch) {
            out[outOff + j * outStride] = dotBf16(w, wo, x, xOff + j * xStride, n);
        }
    }

    /** Two activation rows against one bf16 weight row; each weight vector is widened once for both. */
    private static void dot2Bf16(short[] w, int wo, float[] x, int x0, int x1, int n, float[] out, int o0, int o1) {
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        FloatVector b1 = FloatVector.zero(S);
        int i = 0;
        for (; i + LEN < upper; i += 2 * LEN) {
            FloatVector w0 = bf16(w, wo + i);
            FloatVector w1 = bf16(w, wo + i + LEN);
            a0 = w0.fma(FloatVector.fromArray(S, x, x0 + i), a0);
            a1 = w1.fma(FloatVector.fromArray(S, x, x0 + i + LEN), a1);
            b0 = w0.fma(FloatVector.fromArray(S, x, x1 + i), b0);
            b1 = w1.fma(FloatVector.fromArray(S, x, x1 + i + LEN), b1);
        }
        for (; i < upper; i += LEN) {
            FloatVector w0 = bf16(w, wo + i);
            a0 = w0.fma(FloatVector.fromArray(S, x, x0 + i), a0);
            b0 = w0.fma(FloatVector.fromArray(S, x, x1 + i), b0);
        }
        float sa = sum(a0.add(a1), null);
        float sb = sum(b0.add(b1), null);
        for (int t = i; t < n; t++) {
            float wt = Float.intBitsToFloat(w[wo + t] << 16);
            sa += wt * x[x0 + t];
            sb += wt * x[x1 + t];
        }
        out[o0] = sa;
        out[o1] = sb;
    }

    /** Four activation rows against one bf16 weight row; each weight vector is widened once for all four. */
    private static void dot4Bf16(short[] w, int wo, float[] x, int x0, int xs, int n, float[] out, int o0, int os) {
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        FloatVector b1 = FloatVector.zero(S);
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector d0 = FloatVector.zero(S);
        FloatVector d1 = FloatVector.zero(S);
        int x1 = x0 + xs;
        int x2 = x1 + xs;
        int x3 = x2 + xs;
        int i = 0;
        for (; i + LEN < upper; i += 2 * LEN) {
            FloatVector w0 = bf16(w, wo + i);
            FloatVector w1 = bf16(w, wo + i + LEN);
            a0 = w0.fma(FloatVector.fromArray(S, x, x0 + i), a0);
            a1 = w1.fma(FloatVector.fromArray(S, x, x0 + i + LEN), a1);
            b0 = w0.fma(FloatVector.fromArray(S, x, x1 + i), b0);
            b1 = w1.fma(FloatVector.fromArray(S, x, x1 + i + LEN), b1);
            c0 = w0.fma(FloatVector.fromArray(S, x, x2 + i), c0);
            c1 = w1.fma(FloatVector.fromArray(S, x, x2 + i + LEN), c1);
            d0 = w0.fma(FloatVector.fromArray(S, x, x3 + i), d0);
            d1 = w1.fma(FloatVector.fromArray(S, x, x3 + i + LEN), d1);
        }
        for (; i < upper; i += LEN) {
            FloatVector w0 = bf16(w, wo + i);
            a0 = w0.fma(FloatVector.fromArray(S, x, x0 + i), a0);
            b0 = w0.fma(FloatVector.fromArray(S, x, x1 + i), b0);
            c0 = w0.fma(FloatVector.fromArray(S, x, x2 + i), c0);
            d0 = w0.fma(FloatVector.fromArray(S, x, x3 + i), d0);
        }
        float sa = sum(a0.add(a1), null);
        float sb = sum(b0.add(b1), null);
        float sc = sum(c0.add(c1), null);
        float sd = sum(d0.add(d1), null);
        for (int t = i; t < n; t++) {
            float wt = Float.intBitsToFloat(w[wo + t] << 16);
            sa += wt * x[x0 + t];
            sb += wt * x[x1 + t];
            sc += wt * x[x2 + t];
            sd += wt * x[x3 + t];
        }
        out[o0] = sa;
        out[o0 + os] = sb;
        out[o0 + 2 * os] = sc;
        out[o0 + 3 * os] = sd;
    }

    /** Widens LEN bf16 values to floats: sign-extend to int, shift into the high half, reinterpret. */
    private static FloatVector bf16(short[] w, int off) {
        return ((IntVector) ShortVector.fromArray(SS, w, off).convertShape(VectorOperators.S2I, IS, 0))
                .lanewise(VectorOperators.LSHL, 16)
                .reinterpretAsFloats();
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int n, float[] lanes) {
        int upper = S.loopBound(n);
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        int i = 0;
        for (; i + LEN < upper; i += 2 * LEN) {
            acc0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc0);
            acc1 = FloatVector.fromArray(S, a, ao + i + LEN).fma(FloatVector.fromArray(S, b, bo + i + LEN), acc1);
        }
        for (; i < upper; i += LEN) {
            acc0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc0);
        }
        float s = sum(acc0.add(acc1), lanes);
        for (; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /** Two rows of x against one weight row: each weight vector is loaded once for both. */
    private static void dot2(
            float[] w, int wo, float[] x, int x0, int x1, int n, float[] out, int o0, int o1, float[] lanes) {
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        FloatVector b1 = FloatVector.zero(S);
        int i = 0;
        for (; i + LEN < upper; i += 2 * LEN) {
            FloatVector w0 = FloatVector.fromArray(S, w, wo + i);
            FloatVector w1 = FloatVector.fromArray(S, w, wo + i + LEN);
            a0 = w0.fma(FloatVector.fromArray(S, x, x0 + i), a0);
            a1 = w1.fma(FloatVector.fromArray(S, x, x0 + i + LEN), a1);
            b0 = w0.fma(FloatVector.fromArray(S, x, x1 + i), b0);
            b1 = w1.fma(FloatVector.fromArray(S, x, x1 + i + LEN), b1);
        }
        for (; i < upper; i += LEN) {
            FloatVector w0 = FloatVector.fromArray(S, w, wo + i);
            a0 = w0.fma(FloatVector.fromArray(S, x, x0 + i), a0);
            b0 = w0.fma(FloatVector.fromArray(S, x, x1 + i), b0);
        }
        float sa = sum(a0.add(a1), lanes);
        float sb = sum(b0.add(b1), lanes);
        for (int t = i; t < n; t++) {
            sa += w[wo + t] * x[x0 + t];
            sb += w[wo + t] * x[x1 + t];
        }
        out[o0] = sa;
        out[o1] = sb;
    }

    /** Four rows of x (stride {@code xs}) against one weight row, same per-row arithmetic as {@link #dot}. */
    private static void dot4(float[] w, int wo, float[] x, int x0, int xs, int n, float[] out, int o0, int os) {
        int upper = S.loopBound(n);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        FloatVector b1 = FloatVector.zero(S);
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector d0 = FloatVector.zero(S);
        FloatVector d1 = FloatVector.zero(S);
        int x1 = x0 + xs;
        int x2 = x1 + xs;
        int x3 = x2 + xs;
        int i = 0;
        for (; i + LEN < upper; i += 2 * LEN) {
            FloatVector w0 = FloatVector.fromArray(S, w, wo + i);
            FloatVector w1 = FloatVector.fromArray(S, w, wo + i + LEN);
            a0 = w0.fma(FloatVector.fromArray(S, x, x0 + i), a0);
            a1 = w1.fma(FloatVector.fromArray(S, x, x0 + i + LEN), a1);
            b0 = w0.fma(FloatVector.fromArray(S, x, x1 + i), b0);
            b1 = w1.fma(FloatVector.fromArray(S, x, x1 + i + LEN), b1);
            c0 = w0.fma(FloatVector.fromArray(S, x, x2 + i), c0);
            c1 = w1.fma(FloatVector.fromArray(S, x, x2 + i + LEN), c1);
            d0 = w0.fma(FloatVector.fromArray(S, x, x3 + i), d0);
            d1 = w1.fma(FloatVector.fromArray(S, x, x3 + i + LEN), d1);
        }
        for (; i < upper; i += LEN) {
            FloatVector w0 = FloatVector.fromArray(S, w, wo + i);
            a0 = w0.fma(FloatVector.fromArray(S, x, x0 + i), a0);
            b0 = w0.fma(FloatVector.fromArray(S, x, x1 + i), b0);
            c0 = w0.fma(FloatVector.fromArray(S, x, x2 + i), c0);
            d0 = w0.fma(FloatVector.fromArray(S, x, x3 + i), d0);
        }
        float sa = sum(a0.add(a1), null);
        float sb = sum(b0.add(b1), null);
        float sc = sum(c0.add(c1), null);
        float sd = sum(d0.add(d1), null);
        for (int t = i; t < n; t++) {
            float wt = w[wo + t];
            sa += wt * x[x0 + t];
            sb += wt * x[x1 + t];
            sc += wt * x[x2 + t];
            sd += wt * x[x3 + t];
        }
        out[o0] = sa;
        out[o0 + os] = sb;
        out[o0 + 2 * os] = sc;
        out[o0 + 3 * os] = sd;
    }

    /** Sums the lanes in a fixed order with lane-wise adds of rotated copies (deterministic, unlike reduceLanes). */
    private static float sum(FloatVector v, float[] unused) {
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
