package dev.agentcollab.inference.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The quality rules a submission must meet to count as lossless: perplexity within the gate, multiple-choice
 * accuracy no more than {@code accuracyTolerance} below the reference (when a reference accuracy is known), and,
 * when checked, greedy output token-identical to the target's plain greedy decoding.
 *
 * @param perplexity the perplexity gate
 * @param referenceAccuracy the reference model's accuracy on the same eval set, if known
 * @param accuracyTolerance allowed absolute accuracy drop, in [0, 1] (0.02 = two points)
 */
public record QualityGate(PerplexityGate perplexity, Optional<Double> referenceAccuracy, double accuracyTolerance) {

    /** Validates the fields. */
    public QualityGate {
        Objects.requireNonNull(perplexity, "perplexity");
        Objects.requireNonNull(referenceAccuracy, "referenceAccuracy");
        referenceAccuracy.ifPresent(a -> {
            if (!(a >= 0 && a <= 1)) {
                throw new IllegalArgumentException("reference accuracy must be in [0, 1], but was " + a);
            }
        });
        if (!(accuracyTolerance >= 0 && accuracyTolerance <= 1)) {
            throw new IllegalArgumentException("accuracyTolerance must be in [0, 1], but was " + accuracyTolerance);
        }
    }

    /**
     * Judges measured quality.
     *
     * @param ppl the measured perplexity
     * @param accuracy the measured accuracy, if an eval set ran
     * @param greedyIdentical whether greedy output matched the plain target, if checked
     * @return the verdict
     */
    public QualityVerdict judge(double ppl, Optional<Double> accuracy, Optional<Boolean> greedyIdentical) {
        List<String> reasons = new ArrayList<>();
        boolean pplPass = perplexity.passes(ppl);
        if (!pplPass) {
            reasons.add(String.format(java.util.Locale.ROOT, "perplexity %.4f above cap %.4f", ppl, perplexity.cap()));
        }
        Optional<Boolean> accuracyPass = Optional.empty();
        if (accuracy.isPresent() && referenceAccuracy.isPresent()) {
            double floor = referenceAccuracy.get() - accuracyTolerance;
            boolean pass = accuracy.get() >= floor - 1e-12;
            accuracyPass = Optional.of(pass);
            if (!pass) {
                reasons.add(String.format(
                        java.util.Locale.ROOT,
                        "accuracy %.4f below reference %.4f - %.4f",
                        accuracy.get(),
                        referenceAccuracy.get(),
                        accuracyTolerance));
            }
        }
        if (greedyIdentical.isPresent() && !greedyIdentical.get()) {
            reasons.add("greedy output differs from the target's plain greedy decoding");
        }
        return new QualityVerdict(pplPass, accuracyPass, greedyIdentical, reasons);
    }
}
