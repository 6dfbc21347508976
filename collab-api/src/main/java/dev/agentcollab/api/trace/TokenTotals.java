package dev.agentcollab.api.trace;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Token counts summed over sessions.
 *
 * @param total total tokens
 * @param input input tokens
 * @param output output tokens
 * @param cacheRead cache-read tokens
 * @param cacheCreation cache-creation tokens
 * @param reasoning reasoning tokens
 */
public record TokenTotals(
        long total,
        long input,
        long output,
        @JsonProperty("cache_read") long cacheRead,
        @JsonProperty("cache_creation") long cacheCreation,
        long reasoning) {
    /** Validates the counts. */
    public TokenTotals {
        if (total < 0 || input < 0 || output < 0 || cacheRead < 0 || cacheCreation < 0 || reasoning < 0) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
    }

    /** All zero. */
    public static final TokenTotals ZERO = new TokenTotals(0, 0, 0, 0, 0, 0);

    /**
     * The element-wise sum, saturating at {@link Long#MAX_VALUE} (counts come from agents' manifests, so a sum
     * must never wrap around into an invalid negative count).
     *
     * @param o the other totals
     * @return the sum
     */
    public TokenTotals plus(TokenTotals o) {
        return new TokenTotals(
                sum(total, o.total),
                sum(input, o.input),
                sum(output, o.output),
                sum(cacheRead, o.cacheRead),
                sum(cacheCreation, o.cacheCreation),
                sum(reasoning, o.reasoning));
    }

    private static long sum(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s; // both are >= 0, so a negative sum means it overflowed
    }
}
