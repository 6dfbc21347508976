package dev.agentcollab.inference.harness;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The harness's {@code summary.json} (jobs harness contract: the verifier reads the score field {@code tps} and
 * the guard {@code ppl}). Field names on the wire are snake_case as annotated; absent optional values are
 * written as {@code null}.
 *
 * @param status {@code completed} for a finished run
 * @param submission the submission name
 * @param method the submission's method line
 * @param model the loaded model, as {@link SubmissionModel#describe()} says
 * @param decoding the decoding settings, as {@link DecodingSettings#describe()} says
 * @param tps the score: completion tokens per second of wall time, the median of the timed trials
 * @param totalTps prompt plus completion tokens per second
 * @param completionTokens completion tokens measured
 * @param promptTokens prompt tokens measured
 * @param numPrompts measured requests
 * @param outputLen tokens per request
 * @param wallSeconds wall time of the measured run
 * @param acceptanceRate accepted over drafted tokens (speculative decoding), if any
 * @param meanAcceptanceLength {@code 1 + accepted / drafts}, if any
 * @param ppl the submission's perplexity on the reference continuations
 * @param pplTokens tokens scored for perplexity
 * @param pplReference the reference perplexity
 * @param pplCap the gate: highest passing perplexity
 * @param pplPass whether {@code ppl <= pplCap}
 * @param accuracy multiple-choice accuracy, if an eval set ran
 * @param accuracyReference the reference accuracy, if known
 * @param accuracyTolerance allowed accuracy drop
 * @param accuracyItems items evaluated (0 without an eval set)
 * @param greedyIdentity whether greedy output equals the target's plain greedy output, if checked
 * @param lossy whether any quality check failed
 * @param lossless whether every quality check that ran passed
 * @param reasons why it is lossy (empty when lossless)
 * @param confusion the multiple-choice confusion counts, truth → predicted → count
 * @param startedAt when the run started
 * @param finishedAt when the run finished
 * @param tpsTrials each timed trial's tokens/s, in run order
 * @param tpsSpread the trials' dispersion, {@code (max - min) / median}
 * @param baselineTps the median tokens/s of plain decoding of the reference model, timed in the same job
 * @param baselineTpsTrials each baseline trial's tokens/s (each run just before the matching submission trial)
 * @param speedup the median of the per-trial ratios submission ÷ baseline tokens/s; what a verifier compares
 */
public record HarnessSummary(
        String status,
        String submission,
        String method,
        String model,
        String decoding,
        double tps,
        @JsonProperty("total_tps") double totalTps,
        @JsonProperty("completion_tokens") long completionTokens,
        @JsonProperty("prompt_tokens") long promptTokens,
        @JsonProperty("num_prompts") int numPrompts,
        @JsonProperty("output_len") int outputLen,
        @JsonProperty("wall_s") double wallSeconds,
        @JsonProperty("acceptance_rate") Optional<Double> acceptanceRate,
        @JsonProperty("mean_acceptance_length") Optional<Double> meanAcceptanceLength,
        double ppl,
        @JsonProperty("ppl_tokens") long pplTokens,
        @JsonProperty("ppl_reference") double pplReference,
        @JsonProperty("ppl_cap") double pplCap,
        @JsonProperty("ppl_pass") boolean pplPass,
        Optional<Double> accuracy,
        @JsonProperty("accuracy_reference") Optional<Double> accuracyReference,
        @JsonProperty("accuracy_tolerance") double accuracyTolerance,
        @JsonProperty("accuracy_items") int accuracyItems,
        @JsonProperty("greedy_identity") Optional<Boolean> greedyIdentity,
        boolean lossy,
        boolean lossless,
        List<String> reasons,
        Map<String, Map<String, Long>> confusion,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("tps_trials") List<Double> tpsTrials,
        @JsonProperty("tps_spread") double tpsSpread,
        @JsonProperty("baseline_tps") Optional<Double> baselineTps,
        @JsonProperty("baseline_tps_trials") List<Double> baselineTpsTrials,
        Optional<Double> speedup) {

    /** The status of a finished run. */
    public static final String COMPLETED = "completed";

    /**
     * A summary of a single timed run without a baseline (one trial, no spread, no speed-up).
     *
     * @param status see the record
     * @param submission see the record
     * @param method see the record
     * @param model see the record
     * @param decoding see the record
     * @param tps see the record
     * @param totalTps see the record
     * @param completionTokens see the record
     * @param promptTokens see the record
     * @param numPrompts see the record
     * @param outputLen see the record
     * @param wallSeconds see the record
     * @param acceptanceRate see the record
     * @param meanAcceptanceLength see the record
     * @param ppl see the record
     * @param pplTokens see the record
     * @param pplReference see the record
     * @param pplCap see the record
     * @param pplPass see the record
     * @param accuracy see the record
     * @param accuracyReference see the record
     * @param accuracyTolerance see the record
     * @param accuracyItems see the record
     * @param greedyIdentity see the record
     * @param lossy see the record
     * @param lossless see the record
     * @param reasons see the record
     * @param confusion see the record
     * @param startedAt see the record
     * @param finishedAt see the record
     */
    public HarnessSummary(
            String status,
            String submission,
            String method,
            String model,
            String decoding,
            double tps,
            double totalTps,
            long completionTokens,
            long promptTokens,
            int numPrompts,
            int outputLen,
            double wallSeconds,
            Optional<Double> acceptanceRate,
            Optional<Double> meanAcceptanceLength,
            double ppl,
            long pplTokens,
            double pplReference,
            double pplCap,
            boolean pplPass,
            Optional<Double> accuracy,
            Optional<Double> accuracyReference,
            double accuracyTolerance,
            int accuracyItems,
            Optional<Boolean> greedyIdentity,
            boolean lossy,
            boolean lossless,
            List<String> reasons,
            Map<String, Map<String, Long>> confusion,
            Instant startedAt,
            Instant finishedAt) {
        this(
                status,
                submission,
                method,
                model,
                decoding,
                tps,
                totalTps,
                completionTokens,
                promptTokens,
                numPrompts,
                outputLen,
                wallSeconds,
                acceptanceRate,
                meanAcceptanceLength,
                ppl,
                pplTokens,
                pplReference,
                pplCap,
                pplPass,
                accuracy,
                accuracyReference,
                accuracyTolerance,
                accuracyItems,
                greedyIdentity,
                lossy,
                lossless,
                reasons,
                confusion,
                startedAt,
                finishedAt,
                List.of(tps),
                0.0,
                Optional.empty(),
                List.of(),
                Optional.empty());
    }

    /** Validates and copies. */
    public HarnessSummary {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(submission, "submission");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(decoding, "decoding");
        acceptanceRate = acceptanceRate == null ? Optional.empty() : acceptanceRate;
        meanAcceptanceLength = meanAcceptanceLength == null ? Optional.empty() : meanAcceptanceLength;
        accuracy = accuracy == null ? Optional.empty() : accuracy;
        accuracyReference = accuracyReference == null ? Optional.empty() : accuracyReference;
        greedyIdentity = greedyIdentity == null ? Optional.empty() : greedyIdentity;
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        confusion = confusion == null ? Map.of() : Map.copyOf(confusion);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        tpsTrials = tpsTrials == null || tpsTrials.isEmpty() ? List.of(tps) : List.copyOf(tpsTrials);
        baselineTps = baselineTps == null ? Optional.empty() : baselineTps;
        baselineTpsTrials = baselineTpsTrials == null ? List.of() : List.copyOf(baselineTpsTrials);
        speedup = speedup == null ? Optional.empty() : speedup;
        if (!(tpsSpread >= 0)) {
            throw new IllegalArgumentException("tps_spread must be >= 0, but was " + tpsSpread);
        }
        if (!(tps > 0) || Double.isInfinite(tps)) {
            throw new IllegalArgumentException("tps must be a positive number, but was " + tps);
        }
        if (!(ppl > 0) || !(pplCap > 0)) {
            throw new IllegalArgumentException("ppl and ppl_cap must be positive, but were " + ppl + ", " + pplCap);
        }
        if (lossy == lossless) {
            throw new IllegalArgumentException("exactly one of lossy and lossless must be true");
        }
    }

    /**
     * The score under its generic name, so a verifier configured with score field {@code score} finds it in
     * {@code summary.json} as well as one configured with {@code tps}.
     *
     * @return {@link #tps()}
     */
    @JsonProperty("score")
    public double score() {
        return tps;
    }

    /**
     * Whether the result is valid under the challenge's rule (perplexity gate).
     *
     * @return {@link #pplPass()}
     */
    public boolean valid() {
        return pplPass;
    }
}
