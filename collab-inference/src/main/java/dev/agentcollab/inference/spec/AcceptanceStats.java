package dev.agentcollab.inference.spec;

import java.util.List;

/**
 * Speculative-decoding counters with vLLM's metric definitions ({@code vllm/v1/spec_decode/metrics.py}).
 *
 * @param drafts verification rounds (each proposed K tokens)
 * @param draftedTokens draft tokens proposed in total
 * @param acceptedTokens draft tokens accepted in total
 * @param acceptedPerPosition for each draft position i, in how many rounds position i was accepted
 */
public record AcceptanceStats(long drafts, long draftedTokens, long acceptedTokens, List<Long> acceptedPerPosition) {
    /** Validates the counters. */
    public AcceptanceStats {
        acceptedPerPosition = List.copyOf(acceptedPerPosition);
        if (drafts < 0 || draftedTokens < 0 || acceptedTokens < 0 || acceptedTokens > draftedTokens) {
            throw new IllegalArgumentException(
                    "invalid counters " + drafts + "/" + draftedTokens + "/" + acceptedTokens);
        }
        long sum = 0;
        for (long a : acceptedPerPosition) {
            if (a < 0 || a > drafts) {
                throw new IllegalArgumentException("per-position count out of [0, drafts]: " + a);
            }
            sum += a;
        }
        if (sum != acceptedTokens) {
            throw new IllegalArgumentException("per-position counts sum to " + sum + ", not " + acceptedTokens);
        }
    }

    /**
     * Accepted over drafted tokens.
     *
     * @return the rate in [0, 1], or 0 when nothing was drafted
     */
    public double acceptanceRate() {
        return draftedTokens == 0 ? 0.0 : (double) acceptedTokens / draftedTokens;
    }

    /**
     * Tokens emitted per target verification: {@code 1 + accepted / drafts} (counts the correction or bonus token).
     *
     * @return the mean acceptance length, or 0 with no drafts
     */
    public double meanAcceptanceLength() {
        return drafts == 0 ? 0.0 : 1.0 + (double) acceptedTokens / drafts;
    }

    /**
     * The fraction of rounds in which draft position {@code i} was accepted.
     *
     * @param i the position, from 0
     * @return the rate, or 0 with no drafts
     */
    public double positionRate(int i) {
        return drafts == 0 ? 0.0 : (double) acceptedPerPosition.get(i) / drafts;
    }
}
