package dev.agentcollab.inference.harness;

import java.util.Optional;

/**
 * The reference model's quality on the harness data ({@code reference.json}: {@code {"ppl": 2.30, "accuracy": 0.61}}),
 * against which a submission's perplexity gate and accuracy drop are judged.
 *
 * @param ppl the reference perplexity on the perplexity records, &gt; 0
 * @param accuracy the reference accuracy on the eval set, if one exists
 */
public record ReferenceScores(double ppl, Optional<Double> accuracy) {

    /** Validates the numbers. */
    public ReferenceScores {
        if (!(ppl > 0) || Double.isInfinite(ppl)) {
            throw new IllegalArgumentException("reference ppl must be > 0, but was " + ppl);
        }
        accuracy = accuracy == null ? Optional.empty() : accuracy;
        accuracy.ifPresent(a -> {
            if (!(a >= 0 && a <= 1)) {
                throw new IllegalArgumentException("reference accuracy must be in [0, 1], but was " + a);
            }
        });
    }
}
