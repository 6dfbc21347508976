package dev.agentcollab.api.trace;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One trace bundle.
 *
 * @param agent the agent
 * @param sessionId the session
 * @param frontmatter the stamped manifest frontmatter
 * @param body the manifest body
 * @param path {@code traces/<agent>/<session>/}
 * @param logFiles the bundle's other files (central paths, sorted)
 */
public record TraceRecord(
        String agent,
        @JsonProperty("session_id") String sessionId,
        Map<String, Object> frontmatter,
        String body,
        String path,
        @JsonProperty("log_files") List<String> logFiles) {
    /** Checks for nulls and copies the collections. */
    public TraceRecord {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(sessionId, "sessionId");
        frontmatter = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(frontmatter, "fm")));
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(path, "path");
        logFiles = List.copyOf(logFiles);
    }
}
