package dev.agentcollab.inference;

import java.util.List;

/**
 * Teacher-forced log-probabilities of a continuation, for perplexity.
 *
 * @param logProbs natural-log probability of each scored token given everything before it (all &lt;= 0)
 */
public record TokenScores(List<Double> logProbs) {
    /** Validates and copies. */
    public TokenScores {
        logProbs = List.copyOf(logProbs);
        for (double lp : logProbs) {
            if (!(lp <= 0.0)) {
                throw new IllegalArgumentException("log-probabilities must be <= 0, but got " + lp);
            }
        }
    }

    /**
     * Sum of negative log-likelihoods.
     *
     * @return {@code -sum(logProbs)}
     */
    public double totalNll() {
        double s = 0;
        for (double lp : logProbs) {
            s -= lp;
        }
        return s;
    }

    /**
     * Perplexity of this continuation.
     *
     * @return {@code exp(totalNll / count)}, or NaN when empty
     */
    public double perplexity() {
        return logProbs.isEmpty() ? Double.NaN : Math.exp(totalNll() / logProbs.size());
    }

    /**
     * Token-weighted perplexity over several continuations (the Gemma challenge's definition).
     *
     * @param all the scores
     * @return {@code exp(sum NLL / sum tokens)}, or NaN when there are no tokens
     */
    public static double perplexity(List<TokenScores> all) {
        double nll = 0;
        long n = 0;
        for (TokenScores s : all) {
            nll += s.totalNll();
            n += s.logProbs.size();
        }
        return n == 0 ? Double.NaN : Math.exp(nll / n);
    }
}
