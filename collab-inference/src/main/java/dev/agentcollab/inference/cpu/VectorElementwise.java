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
        int i = start;
        for (; i + L <= end; i += L) {
            geluMulAt(gate, up, i, gate, i);
        }
        if (i < end) {
            int n = end - i;
            float[] g = new float[L];
            float[] u = new float[L];
            System.arraycopy(gate, i, g, 0, n);
            System.arraycopy(up, i, u, 0, n);
            geluMulAt(g, u, 0, g, 0);
            System.arraycopy(g, 0, gate, i, n);
        }
    }

    @Override
    public void softcap(float[] logits, int start, int end, float cap) {
        int i = start;
        for (; i + L <= end; i += L) {
            softcapAt(logits, i, cap);
        }
        if (i < end) {
            int n = end - i;
            float[] l = new float[L];
            System.arraycopy(logits, i, l, 0, n);
            softcapAt(l, 0, cap);
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

    private static void geluMulAt(float[] gate, float[] up, int i, float[] out, int o) {
        DoubleVector x = widen(FloatVector.fromArray(F, gate, i));
        // the scalar order: 0.5 * x * (1 + tanh(C * (x + A * x * x * x)))
        DoubleVector inner = x.mul(GELU_A).mul(x).mul(x).add(x).mul(GELU_C);
        DoubleVector g = x.mul(0.5).mul(tanh(inner).add(1.0));
        narrow(g).mul(FloatVector.fromArray(F, up, i)).intoArray(out, o);
    }

    private static void softcapAt(float[] logits, int i, float cap) {
        DoubleVector t = tanh(widen(FloatVector.fromArray(F, logits, i).div(cap)));
        narrow(t.mul(cap)).intoArray(logits, i);
    }

    private static DoubleVector widen(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
    }

    private static FloatVector narrow(DoubleVector v) {
        return (FloatVector) v.convertShape(VectorOperators.D2F, F, 0);
    }

    /** {@code 1 - 2 / (exp(2x) + 1)}, with x clamped to [-20, 20] (where the result is already +-1 in double). */
    static DoubleVector tanh(DoubleVector x) {
        DoubleVector c = x.max(-TANH_LIMIT).min(TANH_LIMIT);
        DoubleVector e = exp(c.add(c));
        return DoubleVector.broadcast(D, 1.0).sub(DoubleVector.broadcast(D, 2.0).div(e.add(1.0)));
    }

    /** exp(y) for |y| <= 708 (this class only needs |y| <= 40). */
    static DoubleVector exp(DoubleVector y) {
        DoubleVector t = y.mul(LOG2E).add(ROUND);
        DoubleVector k = t.sub(ROUND);
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
        // t's low mantissa bits hold k; (k + 1023) << 52 is the double 2^k
        LongVector bits = (LongVector) t.reinterpretAsLongs();
        DoubleVector scale = bits.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        return p.mul(scale);
    }
}
