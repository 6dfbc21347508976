package dev.agentcollab.core.service.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One audit row (§10) before the service adds {@code ts}, {@code caller_ip} and {@code user_agent}.
 *
 * @param agentId the acting agent or handle
 * @param route the route template, e.g. {@code /v1/messages}
 * @param via {@code bucket}, {@code raw}, {@code dashboard} or {@code server}
 * @param source the source URI, or {@code ""} for raw writes
 * @param targetPath the central path written
 * @param bytes bytes written
 * @param statusCode the HTTP status of the success (201 or 200)
 * @param extras further keys ({@code hf_user}, {@code mentions_delivered}, {@code broadcast}, ...), in order
 */
public record AuditEvent(
        String agentId,
        String route,
        String via,
        String source,
        String targetPath,
        long bytes,
        int statusCode,
        Map<String, Object> extras) {
    /** Checks for nulls and copies the extras, keeping order. */
    public AuditEvent {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(targetPath, "targetPath");
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }
}
