package dev.agentcollab.core.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.Optional;

/**
 * A reference point shown in the dashboard's leaderboard and chart next to the agents' results, e.g. the
 * unmodified model's throughput. Baselines never rank and never count as a best score.
 *
 * @param label what the row is called, e.g. {@code baseline: greedy decoding}; 1 to 120 characters
 * @param score the score in the collaboration's score unit; finite
 * @param guard the guardrail metric, when known
 * @param method how it was measured (may be empty)
 * @param url where to read more: absolute http(s) URL or same-origin path; empty for none
 */
public record BaselineRow(
        @JsonProperty("label") String label,
        @JsonProperty("score") double score,
        @JsonProperty("guard") @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Double> guard,
        @JsonProperty("method") String method,
        @JsonProperty("url") @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> url) {
    /** Validates every field. */
    public BaselineRow {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        if (label.isBlank() || label.length() > 120) {
            throw new IllegalArgumentException("baseline label must be 1 to 120 characters, but was '" + label + "'");
        }
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("baseline score must be finite, but was " + score);
        }
        guard.ifPresent(g -> {
            if (!Double.isFinite(g)) {
                throw new IllegalArgumentException("baseline guard must be finite, but was " + g);
            }
        });
        url.ifPresent(DashboardLink::requireSafeUrl);
    }

    /**
     * A baseline with only a label and a score.
     *
     * @param label the label
     * @param score the score
     * @return the row
     */
    public static BaselineRow of(String label, double score) {
        return new BaselineRow(label, score, Optional.empty(), "", Optional.empty());
    }
}
