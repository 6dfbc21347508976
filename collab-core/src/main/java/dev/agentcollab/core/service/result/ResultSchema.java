package dev.agentcollab.core.service.result;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.service.leaderboard.LeaderboardRanker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The result frontmatter schema (reference §6): every required field present; the score a positive number (not a
 * boolean, not a numeric string); {@code status}, when required, one of {@code agent-run} or {@code negative};
 * other required string fields non-blank. Beyond the reference, where the leaderboard shows a guardrail column, a
 * result that would rank ({@code status: agent-run}) must give it as a finite number, and must give it at all when
 * the leaderboard has a guardrail cap: otherwise the column would show nothing and the cap could not be checked.
 * Stateless.
 */
final class ResultSchema {
    /** The allowed result statuses. */
    static final List<String> STATUSES = List.of("agent-run", "negative");

    private ResultSchema() {}

    /**
     * Checks a result's frontmatter.
     *
     * @param fm the frontmatter
     * @param config the required fields, score field and unit
     * @throws CollabException {@code INVALID_FRONTMATTER} naming the first violation
     */
    static void check(Map<String, Object> fm, ResultsConfig config) {
        for (String field : config.requiredFields()) {
            if (!fm.containsKey(field)) {
                throw invalid("result frontmatter missing required field: " + field);
            }
        }
        Object score = fm.get(config.scoreField());
        if (LeaderboardRanker.positiveNumber(score).isEmpty()) {
            throw invalid("`" + config.scoreField() + "` must be a positive number (" + config.scoreUnit() + ")");
        }
        if (config.requiredFields().contains("status")) {
            Object status = fm.get("status");
            if (!(status instanceof String s) || !STATUSES.contains(s)) {
                throw invalid("`status` must be one of ['agent-run', 'negative'], got '" + render(status) + "'");
            }
        }
        for (String field : config.requiredFields()) {
            if (field.equals(config.scoreField()) || field.equals("status")) {
                continue;
            }
            if (fm.get(field) instanceof String s && s.isBlank()) {
                throw invalid("`" + field + "` must be a non-empty string");
            }
        }
        if ("agent-run".equals(fm.get("status"))) {
            config.leaderboardGuardField().ifPresent(guard -> checkGuard(fm, guard, config.leaderboardGuardCap()));
        }
    }

    private static void checkGuard(Map<String, Object> fm, String guard, Optional<Double> cap) {
        String bound = cap.map(c -> "; results above " + c + " are left off the leaderboard")
                .orElse("");
        if (!fm.containsKey(guard)) {
            if (cap.isPresent()) {
                throw invalid("result frontmatter missing the guardrail field: " + guard + bound);
            }
            return;
        }
        OptionalDouble value = LeaderboardRanker.number(fm.get(guard));
        if (value.isEmpty() || !Double.isFinite(value.getAsDouble())) {
            // YAML 1.1 turns an unquoted yes/no/on/off into a boolean: name the word the author may have written
            String read = fm.get(guard) instanceof Boolean ? " (YAML reads yes/no/on/off as true/false)" : "";
            throw invalid("`" + guard + "` (the guardrail) must be a finite number, got '" + render(fm.get(guard)) + "'"
                    + read + bound);
        }
    }

    private static String render(Object v) {
        return v == null ? "None" : String.valueOf(v);
    }

    private static CollabException invalid(String message) {
        return CollabException.of(ErrorCode.INVALID_FRONTMATTER, message);
    }
}
