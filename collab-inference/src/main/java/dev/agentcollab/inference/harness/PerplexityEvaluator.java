package dev.agentcollab.inference.harness;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.List;
import java.util.Locale;

/**
 * Teacher-forced perplexity of a model on reference continuations, token-weighted over all records (the
 * challenge's {@code ppl_endpoint.py} definition). Stateless and thread safe.
 */
public final class PerplexityEvaluator {

    /** Creates an evaluator. */
    public PerplexityEvaluator() {}

    /**
     * Scores every record.
     *
     * @param model the model to score
     * @param records reference continuations, at least one
     * @param progress receives one unit per record
     * @return the summed result
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for an empty set, or when the model returns the
     *     wrong number of log-probs or a positive, NaN or infinite one, or one the model refuses (named by its id; e.g. a record
     *     longer than the model's positions)
     */
    public PerplexityResult evaluate(SubmissionModel model, List<PerplexityRecord> records, ProgressListener progress) {
        if (records.isEmpty()) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "the perplexity record set is empty");
        }
        progress.start("perplexity", records.size());
        double nll = 0;
        long tokens = 0;
        int done = 0;
        for (PerplexityRecord r : records) {
            int[] targets = r.targetTokenIds();
            double[] lp;
            try {
                lp = model.logProbs(r.contextTokenIds(), targets);
            } catch (CollabException e) {
                throw new CollabException(
                        e.code(),
                        "perplexity record " + r.id() + ": " + e.getMessage(),
                        e.hint().orElse(null),
                        null,
                        e);
            }
            checkLogProbs("record " + r.id(), lp, targets.length);
            for (double v : lp) {
                nll -= Math.min(0, v);
            }
            tokens += targets.length;
            done++;
            progress.advance(done, String.format(Locale.ROOT, "ppl %.4f", Math.exp(nll / tokens)));
        }
        progress.finish();
        return new PerplexityResult(records.size(), tokens, nll);
    }

    /**
     * Checks what a model returned for {@code tokens} scored tokens: one finite log-prob each, none above 0 (beyond
     * rounding).
     *
     * @param where names the record or item in the error
     * @param lp the log-probs
     * @param tokens how many tokens were scored
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} otherwise
     */
    static void checkLogProbs(String where, double[] lp, int tokens) {
        if (lp.length != tokens) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST, where + ": got " + lp.length + " log-probs for " + tokens + " tokens");
        }
        for (double v : lp) {
            if (!(v <= 1e-9 && v > Double.NEGATIVE_INFINITY)) {
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST, where + ": log-prob must be finite and <= 0, but was " + v);
            }
        }
    }
}
