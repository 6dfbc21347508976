package dev.agentcollab.inference.harness;

import java.util.Objects;

/**
 * Settings of a harness run. Immutable; build with {@link #custom()} or take {@link #ofDefaults()}.
 *
 * @param outputTokens tokens generated per benchmark request (challenge: 512)
 * @param warmupRequests unmeasured requests before the run (challenge: 4)
 * @param pplTolerance allowed relative perplexity increase over the reference (challenge: 0.05), finite and >= 0
 * @param accuracyTolerance allowed absolute accuracy drop before a result is flagged lossy
 * @param scoring how multiple-choice answers are read
 * @param identityPrompts prompts checked for greedy identity (0 = skip the check)
 * @param identityTokens tokens compared per identity prompt
 * @param trials timed throughput trials; the score is their median (warm-up runs once, before the first)
 * @param baseline whether plain decoding of the reference model is timed in the same job, trial by trial
 *     interleaved with the submission, to report the speed-up over it
 */
public record HarnessConfig(
        int outputTokens,
        int warmupRequests,
        double pplTolerance,
        double accuracyTolerance,
        ChoiceScoring scoring,
        int identityPrompts,
        int identityTokens,
        int trials,
        boolean baseline) {

    /** Validates the settings. */
    public HarnessConfig {
        if (outputTokens < 1) {
            throw new IllegalArgumentException(
                    "the output length (--output-len) must be >= 1, but was " + outputTokens);
        }
        if (warmupRequests < 0 || identityPrompts < 0) {
            throw new IllegalArgumentException(
                    "the warm-up requests (--warmup) and identity prompts (--identity-prompts) must be"
                            + " >= 0, but were " + warmupRequests + " and " + identityPrompts);
        }
        if (identityTokens < 1) {
            throw new IllegalArgumentException(
                    "the identity tokens (--identity-tokens) must be >= 1, but was " + identityTokens);
        }
        if (!(pplTolerance >= 0) || Double.isInfinite(pplTolerance)) {
            throw new IllegalArgumentException(
                    "the perplexity tolerance (--ppl-tolerance) must be a finite number >= 0, but was " + pplTolerance);
        }
        if (!(accuracyTolerance >= 0 && accuracyTolerance <= 1)) {
            throw new IllegalArgumentException(
                    "the accuracy tolerance (--accuracy-tolerance) must be in [0, 1], but was " + accuracyTolerance);
        }
        Objects.requireNonNull(scoring, "scoring");
        if (trials < 1) {
            throw new IllegalArgumentException("the timed trials (--trials) must be >= 1, but was " + trials);
        }
    }

    /**
     * Settings with one timed trial and no baseline (the single-run measurement).
     *
     * @param outputTokens tokens per request
     * @param warmupRequests unmeasured requests
     * @param pplTolerance allowed relative perplexity increase
     * @param accuracyTolerance allowed accuracy drop
     * @param scoring multiple-choice scoring
     * @param identityPrompts greedy-identity prompts
     * @param identityTokens greedy-identity tokens
     */
    public HarnessConfig(
            int outputTokens,
            int warmupRequests,
            double pplTolerance,
            double accuracyTolerance,
            ChoiceScoring scoring,
            int identityPrompts,
            int identityTokens) {
        this(
                outputTokens,
                warmupRequests,
                pplTolerance,
                accuracyTolerance,
                scoring,
                identityPrompts,
                identityTokens,
                1,
                false);
    }

    /**
     * The challenge's settings: 512 output tokens, 4 warm-ups, PPL reference + 5 %, accuracy tolerance 2 points,
     * log-likelihood scoring, greedy identity on 4 prompts × 64 tokens; plus 3 timed trials (median) with the
     * plain-decoding baseline timed in the same job.
     *
     * @return the defaults
     */
    public static HarnessConfig ofDefaults() {
        return new HarnessConfig(512, 4, 0.05, 0.02, ChoiceScoring.LOG_LIKELIHOOD, 4, 64, 3, true);
    }

    /**
     * A builder starting from the defaults.
     *
     * @return the builder
     */
    public static Builder custom() {
        return new Builder(ofDefaults());
    }

    /**
     * A builder starting from this config.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link HarnessConfig}; each setter validates when {@link #build()} runs. Not thread safe. */
    public static final class Builder {
        private int outputTokens;
        private int warmupRequests;
        private double pplTolerance;
        private double accuracyTolerance;
        private ChoiceScoring scoring;
        private int identityPrompts;
        private int identityTokens;
        private int trials;
        private boolean baseline;

        private Builder(HarnessConfig base) {
            outputTokens = base.outputTokens;
            warmupRequests = base.warmupRequests;
            pplTolerance = base.pplTolerance;
            accuracyTolerance = base.accuracyTolerance;
            scoring = base.scoring;
            identityPrompts = base.identityPrompts;
            identityTokens = base.identityTokens;
            trials = base.trials;
            baseline = base.baseline;
        }

        /**
         * Tokens per request.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder outputTokens(int n) {
            this.outputTokens = n;
            return this;
        }

        /**
         * Warm-up requests.
         *
         * @param n at least 0
         * @return this builder
         */
        public Builder warmupRequests(int n) {
            this.warmupRequests = n;
            return this;
        }

        /**
         * Relative perplexity tolerance.
         *
         * @param t e.g. 0.05
         * @return this builder
         */
        public Builder pplTolerance(double t) {
            this.pplTolerance = t;
            return this;
        }

        /**
         * Absolute accuracy tolerance.
         *
         * @param t e.g. 0.02
         * @return this builder
         */
        public Builder accuracyTolerance(double t) {
            this.accuracyTolerance = t;
            return this;
        }

        /**
         * Multiple-choice scoring.
         *
         * @param s the scoring
         * @return this builder
         */
        public Builder scoring(ChoiceScoring s) {
            this.scoring = s;
            return this;
        }

        /**
         * Greedy-identity check size.
         *
         * @param prompts prompts checked (0 = skip)
         * @param tokens tokens compared per prompt
         * @return this builder
         */
        public Builder identityCheck(int prompts, int tokens) {
            this.identityPrompts = prompts;
            this.identityTokens = tokens;
            return this;
        }

        /**
         * Sets the number of timed throughput trials (the score is their median).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder trials(int n) {
            this.trials = n;
            return this;
        }

        /**
         * Sets whether the plain-decoding baseline is timed in the same job.
         *
         * @param on true to time it
         * @return this builder
         */
        public Builder baseline(boolean on) {
            this.baseline = on;
            return this;
        }

        /**
         * Builds the config.
         *
         * @return the config
         * @throws IllegalArgumentException when a value is out of range
         */
        public HarnessConfig build() {
            return new HarnessConfig(
                    outputTokens,
                    warmupRequests,
                    pplTolerance,
                    accuracyTolerance,
                    scoring,
                    identityPrompts,
                    identityTokens,
                    trials,
                    baseline);
        }
    }
}
