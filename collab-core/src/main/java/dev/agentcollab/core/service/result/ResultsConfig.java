package dev.agentcollab.core.service.result;

import dev.agentcollab.api.leaderboard.ScoreOrder;
import dev.agentcollab.core.service.leaderboard.RankingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of results, the leaderboard, syncs and the automated verifier (reference §2.1: {@code SCORE_*},
 * {@code REQUIRED_RESULT_FIELDS}, {@code SYNC_MAX_*}, {@code VERIFIER_*}). Immutable; build with
 * {@link #custom()}, read the environment with {@link #fromEnvironment(Map)}.
 *
 * @param scoreField the frontmatter field holding the score
 * @param scoreUnit the score's unit, for messages and the onboarding text
 * @param scoreOrder which direction is better
 * @param requiredFields the fields every result must carry; the score field is always first
 * @param leaderboardGuardField a guardrail column shown on the leaderboard (e.g. {@code perplexity}), or empty
 * @param leaderboardGuardCap rows whose guardrail value exceeds this are left off the leaderboard, or empty
 * @param strictLeaderboard when true the leaderboard shows only {@code valid} results unless asked otherwise
 * @param syncMaxBytes the byte cap of one sync or full trace
 * @param syncMaxFiles the file-count cap of one sync
 * @param verifierEnabled whether new best claims are re-run automatically
 * @param verifierAgent the agent id the verifier posts as
 * @param privateDatasetPrefix the private data set folder in the audit bucket, mounted at {@code /private}
 * @param verificationRunsPrefix the folder of verification runs in the audit bucket
 * @param verifierScoreTol the relative score tolerance of a valid re-run
 * @param verifierGuardField the guardrail the re-run must respect (from its {@code summary.json}), or empty
 * @param verifierGuardCap the guardrail's upper bound
 * @param verifierRatioField a ratio the harness measures against a baseline timed in the same job (e.g. {@code
 *     speedup}); when the claim and the re-run both carry it, the verifier judges this ratio instead of the
 *     absolute score, which it then reports without judging (absolute tokens/s move with the machine's load), or
 *     empty to always judge the score
 * @param verifierRatioTol the relative tolerance of the ratio
 */
public record ResultsConfig(
        String scoreField,
        String scoreUnit,
        ScoreOrder scoreOrder,
        List<String> requiredFields,
        Optional<String> leaderboardGuardField,
        Optional<Double> leaderboardGuardCap,
        boolean strictLeaderboard,
        long syncMaxBytes,
        int syncMaxFiles,
        boolean verifierEnabled,
        String verifierAgent,
        String privateDatasetPrefix,
        String verificationRunsPrefix,
        double verifierScoreTol,
        Optional<String> verifierGuardField,
        double verifierGuardCap,
        Optional<String> verifierRatioField,
        double verifierRatioTol) {

    /** Validates the settings and puts the score field first among the required fields. */
    public ResultsConfig {
        Objects.requireNonNull(scoreField, "scoreField");
        Objects.requireNonNull(scoreUnit, "scoreUnit");
        Objects.requireNonNull(scoreOrder, "scoreOrder");
        Objects.requireNonNull(leaderboardGuardField, "leaderboardGuardField");
        Objects.requireNonNull(leaderboardGuardCap, "leaderboardGuardCap");
        Objects.requireNonNull(verifierAgent, "verifierAgent");
        Objects.requireNonNull(privateDatasetPrefix, "privateDatasetPrefix");
        Objects.requireNonNull(verificationRunsPrefix, "verificationRunsPrefix");
        Objects.requireNonNull(verifierGuardField, "verifierGuardField");
        Objects.requireNonNull(verifierRatioField, "verifierRatioField");
        if (!(verifierRatioTol >= 0)) {
            throw new IllegalArgumentException("verifierRatioTol must be >= 0, but was " + verifierRatioTol);
        }
        if (scoreField.isBlank()) {
            throw new IllegalArgumentException("scoreField must not be blank");
        }
        List<String> fields = new ArrayList<>();
        fields.add(scoreField);
        for (String f : requiredFields) {
            if (!f.isBlank() && !fields.contains(f.strip())) {
                fields.add(f.strip());
            }
        }
        requiredFields = List.copyOf(fields);
        if (syncMaxBytes < 0 || syncMaxFiles < 0) {
            throw new IllegalArgumentException("sync caps must be >= 0");
        }
        if (verifierScoreTol < 0 || Double.isNaN(verifierScoreTol)) {
            throw new IllegalArgumentException("verifierScoreTol must be >= 0, but was " + verifierScoreTol);
        }
        if (verifierEnabled && verifierAgent.isBlank()) {
            throw new IllegalArgumentException("the verifier needs an agent id to post as (verifierAgent)");
        }
        if (leaderboardGuardCap.isPresent() && leaderboardGuardField.isEmpty()) {
            throw new IllegalArgumentException("leaderboardGuardCap needs leaderboardGuardField");
        }
    }

    /** The ratio the verifier judges by default: the harness's speed-up over its same-job baseline. */
    public static final String DEFAULT_RATIO_FIELD = "speedup";

    /**
     * The default relative tolerance of the ratio: 25 %. A claim inflated 2x is off by 50 %; an honest speculative
     * submission's same-job speed-up moved by -4 to +21 % when one spinning thread per core shared a 2-core machine
     * during the re-run, while its tokens/s fell by 64-92 % ({@code collab bench contended-verification}); on an
     * oversubscribed CI runner it once moved by 28 %, so the tolerance assumes a re-run machine with cores to spare.
     */
    public static final double DEFAULT_RATIO_TOL = 0.25;

    /**
     * The reference defaults.
     *
     * @return the defaults
     */
    public static ResultsConfig ofDefaults() {
        return custom().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return the builder
     */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * Reads {@code SCORE_FIELD}, {@code SCORE_UNIT}, {@code SCORE_ORDER}, {@code REQUIRED_RESULT_FIELDS},
     * {@code LEADERBOARD_GUARD_FIELD}, {@code LEADERBOARD_GUARD_CAP}, {@code LEADERBOARD_STRICT},
     * {@code SYNC_MAX_BYTES}, {@code SYNC_MAX_FILES}, {@code VERIFIER_ENABLED}, {@code VERIFIER_AGENT},
     * {@code PRIVATE_DATASET_PREFIX}, {@code VERIFICATION_RUNS_PREFIX}, {@code VERIFIER_SCORE_TOL},
     * {@code VERIFIER_GUARD_FIELD}, {@code VERIFIER_GUARD_CAP}, {@code VERIFIER_RATIO_FIELD} (empty turns ratio
     * judging off) and {@code VERIFIER_RATIO_TOL}; absent keys keep the defaults.
     *
     * @param env the environment
     * @return the configuration
     * @throws IllegalArgumentException for a malformed value
     */
    public static ResultsConfig fromEnvironment(Map<String, String> env) {
        Builder b = custom();
        get(env, "SCORE_FIELD").ifPresent(b::scoreField);
        get(env, "SCORE_UNIT").ifPresent(b::scoreUnit);
        get(env, "SCORE_ORDER").map(ScoreOrder::parse).ifPresent(b::scoreOrder);
        get(env, "REQUIRED_RESULT_FIELDS").map(v -> List.of(v.split(","))).ifPresent(b::requiredFields);
        get(env, "LEADERBOARD_GUARD_FIELD")
                .ifPresent(v ->
                        b.leaderboardGuard(v, get(env, "LEADERBOARD_GUARD_CAP").map(Double::parseDouble)));
        get(env, "LEADERBOARD_STRICT").map(ResultsConfig::bool).ifPresent(b::strictLeaderboard);
        get(env, "SYNC_MAX_BYTES").map(Long::parseLong).ifPresent(b::syncMaxBytes);
        get(env, "SYNC_MAX_FILES").map(Integer::parseInt).ifPresent(b::syncMaxFiles);
        get(env, "VERIFIER_AGENT").ifPresent(b::verifierAgent);
        get(env, "VERIFIER_ENABLED").map(ResultsConfig::bool).ifPresent(b::verifierEnabled);
        get(env, "PRIVATE_DATASET_PREFIX").ifPresent(b::privateDatasetPrefix);
        get(env, "VERIFICATION_RUNS_PREFIX").ifPresent(b::verificationRunsPrefix);
        get(env, "VERIFIER_SCORE_TOL").map(Double::parseDouble).ifPresent(b::verifierScoreTol);
        get(env, "VERIFIER_GUARD_FIELD")
                .ifPresent(v -> b.verifierGuard(
                        v,
                        get(env, "VERIFIER_GUARD_CAP").map(Double::parseDouble).orElse(0.0)));
        if (env.containsKey("VERIFIER_RATIO_FIELD")) {
            String ratio = env.get("VERIFIER_RATIO_FIELD").strip();
            b.verifierRatio(ratio.isEmpty() ? Optional.empty() : Optional.of(ratio));
        }
        get(env, "VERIFIER_RATIO_TOL").map(Double::parseDouble).ifPresent(b::verifierRatioTol);
        return b.build();
    }

    private static Optional<String> get(Map<String, String> env, String key) {
        return Optional.ofNullable(env.get(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static boolean bool(String v) {
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("not a boolean: '" + v + "'");
        };
    }

    /**
     * The leaderboard's ranking policy.
     *
     * @return the policy
     */
    public RankingPolicy rankingPolicy() {
        return new RankingPolicy(scoreField, scoreOrder, leaderboardGuardField, leaderboardGuardCap, strictLeaderboard);
    }

    /** Builds a {@link ResultsConfig}; not thread safe. */
    public static final class Builder {
        private String scoreField = "score";
        private String scoreUnit = "points";
        private ScoreOrder scoreOrder = ScoreOrder.DESC;
        private List<String> requiredFields = List.of("score", "method", "status", "description");
        private Optional<String> leaderboardGuardField = Optional.empty();
        private Optional<Double> leaderboardGuardCap = Optional.empty();
        private boolean strictLeaderboard;
        private long syncMaxBytes = 5L * 1024 * 1024 * 1024;
        private int syncMaxFiles = 10_000;
        private boolean verifierEnabled;
        private String verifierAgent = "";
        private String privateDatasetPrefix = "eval_dataset";
        private String verificationRunsPrefix = "verification_runs";
        private double verifierScoreTol = 0.05;
        private Optional<String> verifierGuardField = Optional.empty();
        private double verifierGuardCap;
        private Optional<String> verifierRatioField = Optional.of(DEFAULT_RATIO_FIELD);
        private double verifierRatioTol = DEFAULT_RATIO_TOL;

        private Builder() {}

        /**
         * Sets the score field.
         *
         * @param value e.g. {@code tokens_per_s}
         * @return this builder
         */
        public Builder scoreField(String value) {
            scoreField = Objects.requireNonNull(value, "scoreField");
            return this;
        }

        /**
         * Sets the score unit.
         *
         * @param value e.g. {@code tok/s}
         * @return this builder
         */
        public Builder scoreUnit(String value) {
            scoreUnit = Objects.requireNonNull(value, "scoreUnit");
            return this;
        }

        /**
         * Sets which direction is better.
         *
         * @param value the order
         * @return this builder
         */
        public Builder scoreOrder(ScoreOrder value) {
            scoreOrder = Objects.requireNonNull(value, "scoreOrder");
            return this;
        }

        /**
         * Sets the required result fields (the score field is always added first).
         *
         * @param value the fields
         * @return this builder
         */
        public Builder requiredFields(List<String> value) {
            requiredFields = List.copyOf(value);
            return this;
        }

        /**
         * Shows a guardrail column on the leaderboard, optionally excluding rows above a cap.
         *
         * @param field the frontmatter field, e.g. {@code perplexity}
         * @param cap the cap, or empty for a column only
         * @return this builder
         */
        public Builder leaderboardGuard(String field, Optional<Double> cap) {
            leaderboardGuardField = Optional.of(Objects.requireNonNull(field, "field"));
            leaderboardGuardCap = Objects.requireNonNull(cap, "cap");
            return this;
        }

        /**
         * Makes the leaderboard show only {@code valid} results by default.
         *
         * @param value strict mode
         * @return this builder
         */
        public Builder strictLeaderboard(boolean value) {
            strictLeaderboard = value;
            return this;
        }

        /**
         * Sets the byte cap of a sync.
         *
         * @param value bytes, {@code >= 0}
         * @return this builder
         */
        public Builder syncMaxBytes(long value) {
            if (!(value >= 0)) {
                throw new IllegalArgumentException("syncMaxBytes must be >= 0, but was " + value);
            }
            syncMaxBytes = value;
            return this;
        }

        /**
         * Sets the file-count cap of a sync.
         *
         * @param value files, {@code >= 0}
         * @return this builder
         */
        public Builder syncMaxFiles(int value) {
            if (!(value >= 0)) {
                throw new IllegalArgumentException("syncMaxFiles must be >= 0, but was " + value);
            }
            syncMaxFiles = value;
            return this;
        }

        /**
         * Turns the automated verifier on or off.
         *
         * @param value enabled
         * @return this builder
         */
        public Builder verifierEnabled(boolean value) {
            verifierEnabled = value;
            return this;
        }

        /**
         * Sets the agent id the verifier posts as.
         *
         * @param value the agent id
         * @return this builder
         */
        public Builder verifierAgent(String value) {
            verifierAgent = Objects.requireNonNull(value, "verifierAgent");
            return this;
        }

        /**
         * Sets the private data set folder in the audit bucket.
         *
         * @param value the folder
         * @return this builder
         */
        public Builder privateDatasetPrefix(String value) {
            privateDatasetPrefix = Objects.requireNonNull(value, "privateDatasetPrefix");
            return this;
        }

        /**
         * Sets the verification runs folder in the audit bucket.
         *
         * @param value the folder
         * @return this builder
         */
        public Builder verificationRunsPrefix(String value) {
            verificationRunsPrefix = Objects.requireNonNull(value, "verificationRunsPrefix");
            return this;
        }

        /**
         * Sets the relative score tolerance of a valid re-run.
         *
         * @param value e.g. {@code 0.05}
         * @return this builder
         */
        public Builder verifierScoreTol(double value) {
            if (!(value >= 0)) {
                throw new IllegalArgumentException("verifierScoreTol must be >= 0, but was " + value);
            }
            verifierScoreTol = value;
            return this;
        }

        /**
         * Requires re-runs to keep a guardrail metric at or below a cap.
         *
         * @param field the {@code summary.json} field, e.g. {@code perplexity}
         * @param cap the cap
         * @return this builder
         */
        public Builder verifierGuard(String field, double cap) {
            verifierGuardField = Optional.of(Objects.requireNonNull(field, "field"));
            verifierGuardCap = cap;
            return this;
        }

        /**
         * Sets the ratio the verifier judges when both the claim and the re-run carry it.
         *
         * @param field e.g. {@code speedup}, or empty to always judge the absolute score
         * @return this builder
         */
        public Builder verifierRatio(Optional<String> field) {
            verifierRatioField = Objects.requireNonNull(field, "field");
            return this;
        }

        /**
         * Sets the relative tolerance of the verified ratio.
         *
         * @param value e.g. {@code 0.25}
         * @return this builder
         */
        public Builder verifierRatioTol(double value) {
            if (!(value >= 0)) {
                throw new IllegalArgumentException("verifierRatioTol must be >= 0, but was " + value);
            }
            verifierRatioTol = value;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when a value is out of range
         */
        public ResultsConfig build() {
            return new ResultsConfig(
                    scoreField,
                    scoreUnit,
                    scoreOrder,
                    requiredFields,
                    leaderboardGuardField,
                    leaderboardGuardCap,
                    strictLeaderboard,
                    syncMaxBytes,
                    syncMaxFiles,
                    verifierEnabled,
                    verifierAgent,
                    privateDatasetPrefix,
                    verificationRunsPrefix,
                    verifierScoreTol,
                    verifierGuardField,
                    verifierGuardCap,
                    verifierRatioField,
                    verifierRatioTol);
        }
    }
}
