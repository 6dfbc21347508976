package dev.agentcollab.core.service.verify;

import dev.agentcollab.api.result.Verification;
import dev.agentcollab.core.service.leaderboard.LeaderboardRanker;
import dev.agentcollab.core.service.leaderboard.RankInput;
import dev.agentcollab.core.service.result.ResultsConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/** The verifier's pure decisions: the verified champion and the verdict over a re-run summary. Stateless. */
public final class VerdictRules {
    private VerdictRules() {}

    /**
     * What a result claims: its score and, when the deployment judges a ratio, the ratio it reported.
     *
     * @param score the claimed score, positive
     * @param ratio the claimed ratio (e.g. {@code speedup}), if the result carries one
     */
    public record Claim(double score, OptionalDouble ratio) {
        /** Validates the claim. */
        public Claim {
            Objects.requireNonNull(ratio, "ratio");
        }

        /**
         * The claim of a result's frontmatter (or of a {@code verification_request.json}, whose fields are
         * {@code reported_score} and {@code reported_ratio}).
         *
         * @param fields the frontmatter or request
         * @param config the score and ratio fields
         * @return the claim, or empty without a positive score
         */
        public static Optional<Claim> of(Map<String, Object> fields, ResultsConfig config) {
            OptionalDouble score = LeaderboardRanker.positiveNumber(
                    fields.containsKey("reported_score")
                            ? fields.get("reported_score")
                            : fields.get(config.scoreField()));
            if (score.isEmpty()) {
                return Optional.empty();
            }
            OptionalDouble ratio = fields.containsKey("reported_score")
                    ? LeaderboardRanker.positiveNumber(fields.get("reported_ratio"))
                    : config.verifierRatioField()
                            .map(f -> LeaderboardRanker.positiveNumber(fields.get(f)))
                            .orElse(OptionalDouble.empty());
            return Optional.of(new Claim(score.getAsDouble(), ratio));
        }
    }

    /**
     * The judged ratio: the claim's against the one re-measured in the verification job.
     *
     * @param field the ratio's field, e.g. {@code speedup}
     * @param claimed the claimed ratio
     * @param rerun the re-run's ratio
     * @param deltaFraction {@code |rerun - claimed| / claimed}
     * @param tolerance the allowed delta
     * @param ok whether the delta is within tolerance
     */
    public record RatioCheck(
            String field, double claimed, double rerun, double deltaFraction, double tolerance, boolean ok) {
        /** Validates the check. */
        public RatioCheck {
            Objects.requireNonNull(field, "field");
        }
    }

    /**
     * A verdict with the facts behind it.
     *
     * @param state {@code valid} or {@code invalid}
     * @param rerunScore the re-run's score
     * @param deltaFraction {@code |rerun - reported| / reported}
     * @param scoreOk whether the delta is within tolerance (judged only without a ratio check)
     * @param rerunGuard the re-run's guardrail value, when a guardrail is configured
     * @param guardOk whether the guardrail held (true without a guardrail)
     * @param ratio the ratio check, when the claim and the re-run both carry the configured ratio; then the score
     *     is reported, not judged
     */
    public record Verdict(
            String state,
            double rerunScore,
            double deltaFraction,
            boolean scoreOk,
            OptionalDouble rerunGuard,
            boolean guardOk,
            Optional<RatioCheck> ratio) {
        /** Validates the verdict. */
        public Verdict {
            if (!Verification.VALID.equals(state) && !Verification.INVALID.equals(state)) {
                throw new IllegalArgumentException("state must be valid or invalid, but was " + state);
            }
            Objects.requireNonNull(rerunGuard, "rerunGuard");
            Objects.requireNonNull(ratio, "ratio");
        }

        /**
         * A verdict that judged the score (no ratio check).
         *
         * @param state {@code valid} or {@code invalid}
         * @param rerunScore the re-run's score
         * @param deltaFraction the relative score delta
         * @param scoreOk whether the delta is within tolerance
         * @param rerunGuard the re-run's guardrail value
         * @param guardOk whether the guardrail held
         */
        public Verdict(
                String state,
                double rerunScore,
                double deltaFraction,
                boolean scoreOk,
                OptionalDouble rerunGuard,
                boolean guardOk) {
            this(state, rerunScore, deltaFraction, scoreOk, rerunGuard, guardOk, Optional.empty());
        }

        /**
         * Whether the score decided (no ratio check ran).
         *
         * @return true when the score was judged
         */
        public boolean scoreJudged() {
            return ratio.isEmpty();
        }

        /**
         * One line saying why: the numbers compared and the tolerances, for the board, the leaderboard and logs.
         *
         * @param config the score field, tolerances and guardrail
         * @param reported the claimed score
         * @return the reason
         */
        public String reason(ResultsConfig config, double reported) {
            StringBuilder sb = new StringBuilder();
            if (ratio.isPresent()) {
                RatioCheck r = ratio.get();
                sb.append(String.format(
                        Locale.ROOT,
                        "%s %.3f re-measured vs %.3f claimed (Δ %.1f%% %s %.0f%%)",
                        r.field(),
                        r.rerun(),
                        r.claimed(),
                        r.deltaFraction() * 100,
                        r.ok() ? "≤" : ">",
                        r.tolerance() * 100));
                sb.append(String.format(
                        Locale.ROOT,
                        "; %s %.2f re-run vs %.2f claimed (Δ %.1f%%, reported, not judged: absolute speed follows"
                                + " the machine's load)",
                        config.scoreField(),
                        rerunScore,
                        reported,
                        deltaFraction * 100));
            } else {
                sb.append(String.format(
                        Locale.ROOT,
                        "%s %.2f re-run vs %.2f claimed (Δ %.1f%% %s %.0f%%)",
                        config.scoreField(),
                        rerunScore,
                        reported,
                        deltaFraction * 100,
                        scoreOk ? "≤" : ">",
                        config.verifierScoreTol() * 100));
            }
            if (rerunGuard.isPresent()) {
                sb.append(String.format(
                        Locale.ROOT,
                        "; %s %.4f %s cap %s",
                        config.verifierGuardField().orElse("guard"),
                        rerunGuard.getAsDouble(),
                        guardOk ? "≤" : ">",
                        config.verifierGuardCap()));
            }
            return sb.toString();
        }

        /**
         * The facts for the private verdict ledger.
         *
         * @return ordered details
         */
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("rerun_score", rerunScore);
            d.put("score_delta_frac", Math.round(deltaFraction * 1e6) / 1e6);
            d.put("score_ok", scoreOk);
            if (rerunGuard.isPresent()) {
                d.put("rerun_guard", rerunGuard.getAsDouble());
                d.put("guard_ok", guardOk);
            }
            ratio.ifPresent(r -> {
                d.put("ratio_field", r.field());
                d.put("reported_ratio", r.claimed());
                d.put("rerun_ratio", r.rerun());
                d.put("ratio_delta_frac", Math.round(r.deltaFraction() * 1e6) / 1e6);
                d.put("ratio_tol", r.tolerance());
                d.put("ratio_ok", r.ok());
                d.put("score_judged", false);
            });
            return d;
        }
    }

    /**
     * The best score among {@code valid} {@code agent-run} results.
     *
     * @param records every result
     * @param index the verification index
     * @param config score field and direction
     * @return the champion's score, or empty before the first valid result
     */
    public static OptionalDouble championScore(
            List<RankInput> records, Map<String, String> index, ResultsConfig config) {
        OptionalDouble best = OptionalDouble.empty();
        for (RankInput r : records) {
            if (r.malformed() || !"agent-run".equals(r.frontmatter().get("status"))) {
                continue;
            }
            OptionalDouble score =
                    LeaderboardRanker.positiveNumber(r.frontmatter().get(config.scoreField()));
            if (score.isEmpty() || !Verification.VALID.equals(index.get(r.filename()))) {
                continue;
            }
            if (best.isEmpty() || config.scoreOrder().better(score.getAsDouble(), best.getAsDouble())) {
                best = score;
            }
        }
        return best;
    }

    /**
     * Judges a re-run on the score alone (the reference's rule), as {@link #verdict(Claim, Map, ResultsConfig)}
     * with a claim that carries no ratio.
     *
     * @param reportedScore the claimed score
     * @param summary the re-run's {@code summary.json}
     * @param config tolerance and guardrail
     * @return the verdict, or empty when the summary lacks the numbers (the result stays pending)
     */
    public static Optional<Verdict> verdict(double reportedScore, Map<String, Object> summary, ResultsConfig config) {
        if (reportedScore <= 0) {
            return Optional.empty();
        }
        return verdict(new Claim(reportedScore, OptionalDouble.empty()), summary, config);
    }

    /**
     * Judges a re-run. When the deployment names a ratio field ({@link ResultsConfig#verifierRatioField()}) and
     * both the claim and the re-run carry it, the ratio decides: {@code |rerun - claimed| / claimed <=
     * verifierRatioTol}, and the absolute score is reported but not judged, because a ratio against a baseline
     * timed in the same job cancels the machine's load while absolute tokens/s do not. Otherwise the score decides:
     * {@code |rerun - reported| / reported <= verifierScoreTol}. Either way, with a guardrail, the re-run's guard
     * value must be at or below the cap (no tolerance).
     *
     * @param claim what the result claims
     * @param summary the re-run's {@code summary.json}
     * @param config tolerances, ratio field and guardrail
     * @return the verdict, or empty when the summary lacks the numbers (the result stays pending)
     */
    public static Optional<Verdict> verdict(Claim claim, Map<String, Object> summary, ResultsConfig config) {
        double reportedScore = claim.score();
        OptionalDouble rerun = LeaderboardRanker.positiveNumber(summary.get(config.scoreField()));
        if (rerun.isEmpty() || reportedScore <= 0) {
            return Optional.empty();
        }
        double delta = Math.abs(rerun.getAsDouble() - reportedScore) / reportedScore;
        boolean scoreOk = delta <= config.verifierScoreTol();
        Optional<RatioCheck> ratio = Optional.empty();
        if (config.verifierRatioField().isPresent() && claim.ratio().isPresent()) {
            String field = config.verifierRatioField().get();
            OptionalDouble rerunRatio = LeaderboardRanker.positiveNumber(summary.get(field));
            if (rerunRatio.isPresent()) {
                double claimed = claim.ratio().getAsDouble();
                double ratioDelta = Math.abs(rerunRatio.getAsDouble() - claimed) / claimed;
                ratio = Optional.of(new RatioCheck(
                        field,
                        claimed,
                        rerunRatio.getAsDouble(),
                        ratioDelta,
                        config.verifierRatioTol(),
                        ratioDelta <= config.verifierRatioTol()));
            }
        }
        OptionalDouble guard = OptionalDouble.empty();
        boolean guardOk = true;
        if (config.verifierGuardField().isPresent()) {
            guard = LeaderboardRanker.number(
                    summary.get(config.verifierGuardField().get()));
            if (guard.isEmpty()) {
                return Optional.empty();
            }
            guardOk = guard.getAsDouble() <= config.verifierGuardCap();
        }
        boolean speedOk = ratio.map(RatioCheck::ok).orElse(scoreOk);
        String state = speedOk && guardOk ? Verification.VALID : Verification.INVALID;
        return Optional.of(new Verdict(state, rerun.getAsDouble(), delta, scoreOk, guard, guardOk, ratio));
    }
}
