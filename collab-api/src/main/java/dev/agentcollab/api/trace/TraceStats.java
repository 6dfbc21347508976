package dev.agentcollab.api.trace;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The project-wide token estimate ({@code GET /v1/stats}): a reported floor over shared sessions. Sessions whose
 * manifest has no integer {@code usage.total_tokens} are not counted but reported in
 * {@code sessions_missing_tokens}.
 *
 * @param tokens the totals over counted sessions
 * @param costUsd the summed {@code cost_usd} of counted sessions that report it (6 decimals), or empty
 * @param sessionsCounted sessions with token counts
 * @param sessionsMissingTokens sessions without
 * @param agentsReporting agents with any manifest
 * @param byModel totals per {@code model} ({@code unknown} when absent)
 * @param byAgent totals per agent
 * @param byDay totals per {@code YYYY-MM-DD} of {@code started_at} or {@code promoted_at} ({@code unknown})
 * @param generatedAt when computed, {@code YYYY-MM-DDTHH:MM:SS.mmmZ}
 */
public record TraceStats(
        TokenTotals tokens,
        @JsonProperty("cost_usd") Optional<Double> costUsd,
        @JsonProperty("sessions_counted") int sessionsCounted,
        @JsonProperty("sessions_missing_tokens") int sessionsMissingTokens,
        @JsonProperty("agents_reporting") int agentsReporting,
        @JsonProperty("by_model") Map<String, TokenTotals> byModel,
        @JsonProperty("by_agent") Map<String, TokenTotals> byAgent,
        @JsonProperty("by_day") Map<String, TokenTotals> byDay,
        @JsonProperty("generated_at") String generatedAt) {
    /** Checks for nulls and copies the maps, keeping their order. */
    public TraceStats {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(costUsd, "costUsd");
        byModel = Collections.unmodifiableMap(new LinkedHashMap<>(byModel));
        byAgent = Collections.unmodifiableMap(new LinkedHashMap<>(byAgent));
        byDay = Collections.unmodifiableMap(new LinkedHashMap<>(byDay));
        Objects.requireNonNull(generatedAt, "generatedAt");
    }
}
