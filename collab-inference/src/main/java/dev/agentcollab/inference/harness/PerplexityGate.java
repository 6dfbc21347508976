package dev.agentcollab.inference.harness;

/**
 * The perplexity guardrail: a submission is valid when its perplexity is at most
 * {@code reference * (1 + relativeTolerance)} (the challenge: bf16 reference + 5 %).
 *
 * @param reference the reference model's perplexity on the same records, &gt; 0
 * @param relativeTolerance the allowed relative increase, &gt;= 0 (0.05 = 5 %)
 */
public record PerplexityGate(double reference, double relativeTolerance) {

    /** Validates the numbers. */
    public PerplexityGate {
        if (!(reference > 0) || Double.isInfinite(reference)) {
            throw new IllegalArgumentException("reference perplexity must be > 0, but was " + reference);
        }
        if (!(relativeTolerance >= 0) || Double.isInfinite(relativeTolerance)) {
            throw new IllegalArgumentException("relativeTolerance must be >= 0, but was " + relativeTolerance);
        }
    }

    /**
     * The challenge's gate: reference + 5 %.
     *
     * @param reference the reference perplexity
     * @return the gate
     */
    public static PerplexityGate plusFivePercent(double reference) {
        return new PerplexityGate(reference, 0.05);
    }

    /**
     * The highest perplexity that passes.
     *
     * @return {@code reference * (1 + relativeTolerance)}
     */
    public double cap() {
        return reference * (1 + relativeTolerance);
    }

    /**
     * Whether a perplexity passes.
     *
     * @param perplexity the measured perplexity
     * @return {@code true} when it is a number no greater than {@link #cap()}
     */
    public boolean passes(double perplexity) {
        return perplexity <= cap();
    }
}
