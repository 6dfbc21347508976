package dev.agentcollab.api.trace;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * What {@code POST /v1/traces} promoted.
 *
 * @param sessionId the session
 * @param agent the agent
 * @param share {@code stats} or {@code full}
 * @param path {@code traces/<agent>/<session>/}
 * @param filesCopied {@code 1} when the native log was copied ({@code full}), else {@code 0}
 * @param bytesCopied the native log's size, or {@code 0}
 * @param completeness {@code full} when a known harness reported tokens and tool calls, else {@code partial}
 */
public record TraceReceipt(
        @JsonProperty("session_id") String sessionId,
        String agent,
        String share,
        String path,
        @JsonProperty("files_copied") int filesCopied,
        @JsonProperty("bytes_copied") long bytesCopied,
        String completeness) {
    /** Validates the receipt. */
    public TraceReceipt {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(completeness, "completeness");
        if (filesCopied < 0 || bytesCopied < 0) {
            throw new IllegalArgumentException("copied counts must be >= 0");
        }
    }
}
