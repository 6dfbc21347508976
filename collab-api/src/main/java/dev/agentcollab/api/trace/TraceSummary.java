package dev.agentcollab.api.trace;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.Optional;

/**
 * One trace in the library listing. Text fields are empty when the manifest lacks them; numbers are empty when
 * unknown (never reported as zero).
 *
 * @param agent the agent
 * @param sessionId the session
 * @param harness the harness, e.g. {@code claude-code}
 * @param model the model
 * @param share {@code stats} or {@code full}
 * @param completeness {@code full} or {@code partial}
 * @param promotedAt when it was promoted ({@code YYYY-MM-DD HH:MM UTC})
 * @param startedAt when the session started, as reported
 * @param totalTokens {@code usage.total_tokens}
 * @param toolCalls {@code activity.tool_calls}
 * @param resultRef the result the session produced, if reported
 * @param summaryExcerpt the body, trimmed, at most 280 characters plus an ellipsis
 * @param path {@code traces/<agent>/<session>/}
 * @param primaryLogFile the first non-manifest file of the bundle in the central bucket
 */
public record TraceSummary(
        String agent,
        @JsonProperty("session_id") String sessionId,
        Optional<String> harness,
        Optional<String> model,
        Optional<String> share,
        Optional<String> completeness,
        @JsonProperty("promoted_at") Optional<String> promotedAt,
        @JsonProperty("started_at") Optional<String> startedAt,
        @JsonProperty("total_tokens") Optional<Long> totalTokens,
        @JsonProperty("tool_calls") Optional<Long> toolCalls,
        @JsonProperty("result_ref") Optional<String> resultRef,
        @JsonProperty("summary_excerpt") String summaryExcerpt,
        String path,
        @JsonProperty("primary_log_file") Optional<String> primaryLogFile) {
    /** Checks for nulls. */
    public TraceSummary {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(harness, "harness");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(completeness, "completeness");
        Objects.requireNonNull(promotedAt, "promotedAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(totalTokens, "totalTokens");
        Objects.requireNonNull(toolCalls, "toolCalls");
        Objects.requireNonNull(resultRef, "resultRef");
        Objects.requireNonNull(summaryExcerpt, "summaryExcerpt");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(primaryLogFile, "primaryLogFile");
    }

    /**
     * The listing id {@code <agent>/<session>} (what a non-expanded listing shows).
     *
     * @return the id
     */
    public String id() {
        return agent + "/" + sessionId;
    }
}
