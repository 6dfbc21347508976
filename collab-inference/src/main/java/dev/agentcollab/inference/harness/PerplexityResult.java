package dev.agentcollab.inference.harness;

/**
 * Token-weighted perplexity over a record set: {@code exp(sum of NLL / scored tokens)}.
 *
 * @param records records scored
 * @param tokens target tokens scored
 * @param totalNll the summed negative log-likelihood (nats)
 */
public record PerplexityResult(int records, long tokens, double totalNll) {

    /** Validates the sums. */
    public PerplexityResult {
        if (records < 1 || tokens < 1) {
            throw new IllegalArgumentException(
                    "at least one record and token required, but were " + records + ", " + tokens);
        }
        if (!(totalNll >= 0) || Double.isInfinite(totalNll)) {
            throw new IllegalArgumentException("totalNll must be finite and >= 0, but was " + totalNll);
        }
    }

    /**
     * The perplexity.
     *
     * @return {@code exp(totalNll / tokens)}
     */
    public double perplexity() {
        return Math.exp(totalNll / tokens);
    }
}
