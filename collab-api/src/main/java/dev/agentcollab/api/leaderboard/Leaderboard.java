package dev.agentcollab.api.leaderboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The ranked leaderboard ({@code GET /v1/leaderboard}).
 *
 * @param scoreField the frontmatter field ranked on, e.g. {@code score}
 * @param order {@code desc} (higher is better) or {@code asc}
 * @param guardField the guardrail column's field when the deployment names one; omitted on the wire when empty
 * @param rows the rows, best first
 * @param meta how the rows were computed
 */
public record Leaderboard(
        @JsonProperty("score_field") String scoreField,
        String order,
        @JsonProperty("guard_field") @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> guardField,
        List<LeaderboardRow> rows,
        Meta meta) {
    /** Checks for nulls and copies the rows. */
    public Leaderboard {
        Objects.requireNonNull(scoreField, "scoreField");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(guardField, "guardField");
        rows = List.copyOf(rows);
        Objects.requireNonNull(meta, "meta");
    }

    /**
     * How the leaderboard was computed.
     *
     * @param generatedAt when, {@code YYYY-MM-DDTHH:MM:SS.mmmZ}
     * @param resultsConsidered every result record seen
     * @param excluded why records were left out: {@code status_negative}, {@code malformed},
     *     {@code verification_<state>}, {@code guard_exceeded}, each key present only when its count is above 0
     *     (the first two always present)
     */
    public record Meta(
            @JsonProperty("generated_at") String generatedAt,
            @JsonProperty("results_considered") int resultsConsidered,
            Map<String, Integer> excluded) {
        /** Validates the counts and copies the map, keeping its order. */
        public Meta {
            Objects.requireNonNull(generatedAt, "generatedAt");
            if (resultsConsidered < 0) {
                throw new IllegalArgumentException("resultsConsidered must be >= 0, but was " + resultsConsidered);
            }
            excluded = Collections.unmodifiableMap(new LinkedHashMap<>(excluded));
        }
    }
}
