package dev.agentcollab.inference.harness;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link QualityGate#judge}. A submission is <em>valid</em> when the perplexity gate passes (the
 * challenge's only hard rule) and <em>lossless</em> when, in addition, accuracy did not drop beyond the tolerance
 * and greedy output was identical (for the checks that ran). A valid submission that fails either extra check is
 * <em>lossy</em>: it ranks, flagged.
 *
 * @param pplPass whether perplexity is within the gate
 * @param accuracyPass whether accuracy is within the tolerance, if compared
 * @param greedyIdentical whether greedy output matched, if checked
 * @param reasons human-readable failures, empty when lossless
 */
public record QualityVerdict(
        boolean pplPass, Optional<Boolean> accuracyPass, Optional<Boolean> greedyIdentical, List<String> reasons) {

    /** Copies the reasons. */
    public QualityVerdict {
        Objects.requireNonNull(accuracyPass, "accuracyPass");
        Objects.requireNonNull(greedyIdentical, "greedyIdentical");
        reasons = List.copyOf(reasons);
    }

    /**
     * Whether every check that ran passed.
     *
     * @return {@code true} when lossless
     */
    public boolean lossless() {
        return pplPass && accuracyPass.orElse(true) && greedyIdentical.orElse(true);
    }

    /**
     * Whether the submission lost quality beyond the rules, even if perplexity alone passes.
     *
     * @return {@code !lossless()}
     */
    public boolean lossy() {
        return !lossless();
    }
}
