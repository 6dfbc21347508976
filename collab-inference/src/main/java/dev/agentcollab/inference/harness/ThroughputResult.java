package dev.agentcollab.inference.harness;

/**
 * What the throughput stage measured. {@code tps} is the challenge score: completion tokens divided by the wall
 * time of the whole measured run (warm-up requests excluded), with requests sent one at a time.
 *
 * @param requests measured requests
 * @param promptTokens prompt tokens over the measured requests
 * @param completionTokens generated tokens over the measured requests
 * @param wallNanos wall time from the first measured request's start to the last one's end
 * @param draftSteps speculative draft-and-verify rounds (0 for plain decoding)
 * @param draftedTokens tokens the drafter proposed
 * @param acceptedTokens proposals the target accepted
 */
public record ThroughputResult(
        int requests,
        long promptTokens,
        long completionTokens,
        long wallNanos,
        long draftSteps,
        long draftedTokens,
        long acceptedTokens) {

    /** Validates the counters. */
    public ThroughputResult {
        if (requests < 1 || promptTokens < 0 || completionTokens < 0 || wallNanos <= 0) {
            throw new IllegalArgumentException("requests >= 1, token counts >= 0 and wall time > 0 required, but were "
                    + requests + ", " + promptTokens + ", " + completionTokens + ", " + wallNanos);
        }
        if (draftSteps < 0 || draftedTokens < 0 || acceptedTokens < 0 || acceptedTokens > draftedTokens) {
            throw new IllegalArgumentException("draft counters must be >= 0 and accepted <= drafted");
        }
    }

    /**
     * Wall time in seconds.
     *
     * @return {@code wallNanos / 1e9}
     */
    public double wallSeconds() {
        return wallNanos / 1e9;
    }

    /**
     * The score: completion tokens per second of wall time (SGLang {@code output_throughput}).
     *
     * @return tokens/s
     */
    public double tps() {
        return completionTokens / wallSeconds();
    }

    /**
     * Prompt plus completion tokens per second (reported, not the score).
     *
     * @return tokens/s
     */
    public double totalTps() {
        return (promptTokens + completionTokens) / wallSeconds();
    }

    /**
     * Accepted over drafted tokens.
     *
     * @return the acceptance rate, or 0 without drafts
     */
    public double acceptanceRate() {
        return draftedTokens == 0 ? 0 : acceptedTokens / (double) draftedTokens;
    }

    /**
     * Mean acceptance length, {@code 1 + accepted / drafts} (counts the bonus or correction token).
     *
     * @return the length, or 1 without drafts
     */
    public double meanAcceptanceLength() {
        return draftSteps == 0 ? 1 : 1 + acceptedTokens / (double) draftSteps;
    }
}
