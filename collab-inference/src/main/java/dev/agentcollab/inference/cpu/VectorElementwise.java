package dev.agentcollab.inference.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Elementwise} on the incubating Vector API: the same formulas as {@link ScalarElementwise}, in double at the
 * platform's preferred width, with {@code tanh(x) = 1 - 2 / (exp(2x) + 1)} and {@code exp} computed here from
 * multiplies, fused multiply-adds and exponent bits (Cody-Waite reduction by {@code ln 2}, a degree-13 Taylor
 * polynomial, relative error about 1e-16, so the float results differ from the scalar ones by at most one unit in the
 * last place). It deliberately avoids the Vector API's own {@code EXP} and {@code TANH}: those run the JDK's vector
 * math library once C2 compiles the loop but {@link Math#exp} per lane before that, which could give an element
 * different bits in a cold and a warm forward. Every operation used here is rounded exactly as IEEE 754 says in every
 * execution mode, and the last partial vector goes through the same full-width code via a zero-padded copy, so each
 * element's bits depend on that element alone. {@link #addScaled} multiplies and adds at full float width, rounding as
 * the scalar loop does, so it has that loop's bits. Loaded reflectively by {@link Elementwise#best()}; the class fails to
 * link when {@code jdk.incubator.vector} is not in the module graph.
 */
final class VectorElementwise implements Elementwise {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final int L = D.length();
    /** Full-width floats for {@link #addScaled}, which needs no double arithmetic. */
    private static final VectorSpecies<Float> FV = FloatVector.SPECIES_PREFERRED;

    private static final double GELU_C = 0.7978845608028654;
    private static final double GELU_A = 0.044715;
    /** |x| beyond which tanh(x) is +-1 in double (the scalar code's cut-off). */
    private static final double TANH_LIMIT = 20.0;

    private static final double LOG2E = 0x1.71547652b82fep0;
    private static final double LN2_HI = 0x1.62e42fefa39efp-1;
    private static final double LN2_LO = 0x1.abc9e3b39803fp-56;
    /** 1.5 * 2^52: adding it rounds to an integer held in the low mantissa bits. */
    private static final double ROUND = 0x1.8p52;
    /** Taylor coefficients 1/n! of exp. */
    private static final double C13 = 1.0 / 6227020800.0;

    private static final double C12 = 1.0 / 479001600.0;
    private static final double C11 = 1.0 / 39916800.0;
    private static final double C10 = 1.0 / 3628800.0;
    private static final double C9 = 1.0 / 362880.0;
    private static final double C8 = 1.0 / 40320.0;
    private static final double C7 = 1.0 / 5040.0;
    private static final double C6 = 1.0 / 720.0;
    private static final double C5 = 1.0 / 120.0;
    private static final double C4 = 1.0 / 24.0;
    private static final double C3 = 1.0 / 6.0;

    @Override
    public String name() {
        return "vector-" + D.vectorBitSize();
    }

    @Override
    public void geluMul(float[] gate, float[] up, int start, int end) {
        double[] t = new double[L];
        int i = start;
        for (; i + L <= end; i += L) {
            geluMulAt(gate, up, i, gate, i, t);
        }
        if (i < end) {
            int n = end - i;
            float[] g = new float[L];
            float[] u = new float[L];
            System.arraycopy(gate, i, g, 0, n);
            System.arraycopy(up, i, u, 0, n);
            geluMulAt(g, u, 0, g, 0, t);
            System.arraycopy(g, 0, gate, i, n);
        }
    }

    @Override
    public void softcap(float[] logits, int start, int end, float cap) {
        double[] t = new double[L];
        int i = start;
        for (; i + L <= end; i += L) {
            softcapAt(logits, i, cap, t);
        }
        if (i < end) {
            int n = end - i;
            float[] l = new float[L];
            System.arraycopy(logits, i, l, 0, n);
            softcapAt(l, 0, cap, t);
            System.arraycopy(l, 0, logits, i, n);
        }
    }

    @Override
    public void addScaled(float p, float[] v, int vo, float[] out, int oo, int n) {
        int upper = FV.loopBound(n);
        int i = 0;
        for (; i < upper; i += FV.length()) {
            FloatVector.fromArray(FV, v, vo + i)
                    .mul(p)
                    .add(FloatVector.fromArray(FV, out, oo + i))
                    .intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] += p * v[vo + i];
        }
    }

    /**
     * One vector of {@code gelu(gate) * up} into {@code out[o..]}; the tanh goes through {@code t} (see {@link
     * #tanhAt}).
     */
    private static void geluMulAt(float[] gate, float[] up, int i, float[] out, int o, double[] t) {
        DoubleVector x = (DoubleVector) FloatVector.fromArray(F, gate, i).convertShape(VectorOperators.F2D, D, 0);
        // the scalar order: 0.5 * x * (1 + tanh(C * (x + A * x * x * x)))
        x.mul(GELU_A).mul(x).mul(x).add(x).mul(GELU_C).intoArray(t, 0);
        tanhAt(t);
        DoubleVector g = x.mul(0.5).mul(DoubleVector.fromArray(D, t, 0).add(1.0));
        ((FloatVector) g.convertShape(VectorOperators.D2F, F, 0))
                .mul(FloatVector.fromArray(F, up, i))
                .intoArray(out, o);
    }

    /** One vector of {@code cap * tanh(logit / cap)} in place; the tanh goes through {@code t}. */
    private static void softcapAt(float[] logits, int i, float cap, double[] t) {
        ((DoubleVector) FloatVector.fromArray(F, logits, i).div(cap).convertShape(VectorOperators.F2D, D, 0))
                .intoArray(t, 0);
        tanhAt(t);
        ((FloatVector) DoubleVector.fromArray(D, t, 0).mul(cap).convertShape(VectorOperators.D2F, F, 0))
                .intoArray(logits, i);
    }

    /**
     * {@code t[0..L) = tanh(t[0..L))}: {@code 1 - 2 / (exp(2x) + 1)}, with x clamped to [-20, 20] (where the result is
     * already +-1 in double).
     *
     * <p>Methods over an array, not helpers that take and return vectors: such a helper is too large for C2 to inline
     * at a hot call site (exp is over its 325-byte limit), and a call that is not inlined boxes every vector it passes
     * (profiled on the demo's harness job: 9 % of the samples in exp, in the Vector API's Java fallback). A call with
     * an array passes nothing to box; the vector goes through the L1 cache and back, exactly.
     */
    static void tanhAt(double[] t) {
        DoubleVector c = DoubleVector.fromArray(D, t, 0).max(-TANH_LIMIT).min(TANH_LIMIT);
        c.add(c).intoArray(t, 0);
        expAt(t);
        DoubleVector e = DoubleVector.fromArray(D, t, 0);
        DoubleVector.broadcast(D, 1.0)
                .sub(DoubleVector.broadcast(D, 2.0).div(e.add(1.0)))
                .intoArray(t, 0);
    }

    /** {@code t[0..L) = exp(t[0..L))} for |y| <= 708 (this class only needs |y| <= 40). */
    static void expAt(double[] t) {
        DoubleVector y = DoubleVector.fromArray(D, t, 0);
        DoubleVector u = y.mul(LOG2E).add(ROUND);
        DoubleVector k = u.sub(ROUND);
        DoubleVector negK = k.neg();
        DoubleVector r = negK.fma(DoubleVector.broadcast(D, LN2_HI), y);
        r = negK.fma(DoubleVector.broadcast(D, LN2_LO), r);
        DoubleVector p = DoubleVector.broadcast(D, C13).fma(r, DoubleVector.broadcast(D, C12));
        p = p.fma(r, DoubleVector.broadcast(D, C11));
        p = p.fma(r, DoubleVector.broadcast(D, C10));
        p = p.fma(r, DoubleVector.broadcast(D, C9));
        p = p.fma(r, DoubleVector.broadcast(D, C8));
        p = p.fma(r, DoubleVector.broadcast(D, C7));
        p = p.fma(r, DoubleVector.broadcast(D, C6));
        p = p.fma(r, DoubleVector.broadcast(D, C5));
        p = p.fma(r, DoubleVector.broadcast(D, C4));
        p = p.fma(r, DoubleVector.broadcast(D, C3));
        p = p.fma(r, DoubleVector.broadcast(D, 0.5));
        p = p.fma(r, DoubleVector.broadcast(D, 1.0));
        p = p.fma(r, DoubleVector.broadcast(D, 1.0));
        // u's low mantissa bits hold k; (k + 1023) << 52 is the double 2^k
        LongVector bits = (LongVector) u.reinterpretAsLongs();
        p.mul(bits.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles())
                .intoArray(t, 0);
    }
}
