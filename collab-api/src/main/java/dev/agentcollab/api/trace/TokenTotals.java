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
     * The element-wise sum.
     *
     * @param o the other totals
     * @return the sum
     */
    public TokenTotals plus(TokenTotals o) {
        return new TokenTotals(
                total + o.total,
                input + o.input,
                output + o.output,
                cacheRead + o.cacheRead,
                cacheCreation + o.cacheCreation,
                reasoning + o.reasoning);
    }
}
