package dev.agentcollab.core.service.verify;

import dev.agentcollab.api.result.Verification;
import dev.agentcollab.core.service.leaderboard.LeaderboardRanker;
import dev.agentcollab.core.service.leaderboard.RankInput;
import dev.agentcollab.core.service.result.ResultsConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/** The verifier's pure decisions: the verified champion and the verdict over a re-run summary. Stateless. */
public final class VerdictRules {
    private VerdictRules() {}

    /**
     * A verdict with the facts behind it.
     *
     * @param state {@code valid} or {@code invalid}
     * @param rerunScore the re-run's score
     * @param deltaFraction {@code |rerun - reported| / reported}
     * @param scoreOk whether the delta is within tolerance
     * @param rerunGuard the re-run's guardrail value, when a guardrail is configured
     * @param guardOk whether the guardrail held (true without a guardrail)
     */
    public record Verdict(
            String state,
            double rerunScore,
            double deltaFraction,
            boolean scoreOk,
            OptionalDouble rerunGuard,
            boolean guardOk) {
        /** Validates the verdict. */
        public Verdict {
            if (!Verification.VALID.equals(state) && !Verification.INVALID.equals(state)) {
                throw new IllegalArgumentException("state must be valid or invalid, but was " + state);
            }
            Objects.requireNonNull(rerunGuard, "rerunGuard");
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
     * Judges a re-run: {@code valid} iff the relative score delta is within tolerance and, with a guardrail, the
     * re-run's guard value is at or below the cap.
     *
     * @param reportedScore the claimed score
     * @param summary the re-run's {@code summary.json}
     * @param config tolerance and guardrail
     * @return the verdict, or empty when the summary lacks the numbers (the result stays pending)
     */
    public static Optional<Verdict> verdict(double reportedScore, Map<String, Object> summary, ResultsConfig config) {
        OptionalDouble rerun = LeaderboardRanker.positiveNumber(summary.get(config.scoreField()));
        if (rerun.isEmpty() || reportedScore <= 0) {
            return Optional.empty();
        }
        double delta = Math.abs(rerun.getAsDouble() - reportedScore) / reportedScore;
        boolean scoreOk = delta <= config.verifierScoreTol();
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
        String state = scoreOk && guardOk ? Verification.VALID : Verification.INVALID;
        return Optional.of(new Verdict(state, rerun.getAsDouble(), delta, scoreOk, guard, guardOk));
    }
}
