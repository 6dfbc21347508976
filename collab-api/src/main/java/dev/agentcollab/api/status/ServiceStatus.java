package dev.agentcollab.api.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the running service is doing ({@code GET /v1/status}, organizers only): what needs an organizer's attention,
 * in words, and the figures behind it. Writes are answered once the central bucket holds them, so a failing audit
 * bucket, a paused bucket store or a deployment check (e.g. evaluation data missing) shows only here and in the
 * server's log.
 *
 * @param problems what needs attention now, one sentence each; empty when all is well
 * @param startedAt when this service instance started
 * @param checkedAt when this answer was computed
 * @param storeScheme the bucket store's scheme ({@code file}, {@code hf}, {@code mem})
 * @param storeCircuit the store's circuit breaker: {@code closed} (calls go through), {@code open} (calls are paused
 *     after repeated failures), {@code half_open} (trying again), or {@code none} without a breaker
 * @param auditRowsKept audit rows of failed audit-bucket writes held in memory for the next attempt
 * @param auditFailingSince when the current run of failed audit writes began; empty while they succeed
 * @param heapUsedBytes the JVM's heap in use
 * @param heapMaxBytes the most heap the JVM may use
 */
public record ServiceStatus(
        List<String> problems,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("checked_at") Instant checkedAt,
        @JsonProperty("store_scheme") String storeScheme,
        @JsonProperty("store_circuit") String storeCircuit,
        @JsonProperty("audit_rows_kept") int auditRowsKept,
        @JsonProperty("audit_failing_since") Optional<Instant> auditFailingSince,
        @JsonProperty("heap_used_bytes") long heapUsedBytes,
        @JsonProperty("heap_max_bytes") long heapMaxBytes) {

    /** Checks for nulls and negative figures; copies the list. */
    public ServiceStatus {
        problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(storeScheme, "storeScheme");
        Objects.requireNonNull(storeCircuit, "storeCircuit");
        Objects.requireNonNull(auditFailingSince, "auditFailingSince");
        if (auditRowsKept < 0 || heapUsedBytes < 0 || heapMaxBytes < 0) {
            throw new IllegalArgumentException("figures must be >= 0");
        }
    }

    /**
     * Whether nothing needs attention.
     *
     * @return {@code problems().isEmpty()}
     */
    @JsonProperty("healthy")
    public boolean healthy() {
        return problems.isEmpty();
    }
}
