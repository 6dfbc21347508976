package dev.agentcollab.inference.spec;

/**
 * Speculative decoding knobs.
 *
 * @param draftTokens K, draft tokens per verification (&gt;= 1)
 * @param useRecordedPlan replay the recorded draft plan (default) rather than run an eager plan; both give the same
 *     tokens
 */
public record SpeculativeOptions(int draftTokens, boolean useRecordedPlan) {
    /** Validates K. */
    public SpeculativeOptions {
        if (draftTokens < 1 || draftTokens > 64) {
            throw new IllegalArgumentException("draftTokens must be in [1, 64], but was " + draftTokens);
        }
    }

    /**
     * K draft tokens with the recorded plan.
     *
     * @param k draft tokens per verification
     * @return the options
     */
    public static SpeculativeOptions of(int k) {
        return new SpeculativeOptions(k, true);
    }
}
