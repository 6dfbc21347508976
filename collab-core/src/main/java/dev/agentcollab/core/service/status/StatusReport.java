package dev.agentcollab.core.service.status;

import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.status.ServiceStatus;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.core.bucket.resilience.ResilientBucketStore;
import dev.agentcollab.core.service.HealthCheck;
import dev.agentcollab.core.service.internal.AuditLog;
import dev.agentcollab.core.service.internal.ServiceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's status for organizers ({@code GET /v1/status}): the audit log's failed writes, the bucket store's
 * circuit breaker, the deployment's own {@link HealthCheck}s and the heap, each computed when asked. Thread safe.
 */
public final class StatusReport {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReport.class);

    private final ServiceContext ctx;
    private final Instant startedAt;
    private final List<HealthCheck> checks;

    /**
     * Creates the report of one service instance.
     *
     * @param ctx the service infrastructure
     * @param startedAt when the service started
     * @param checks the deployment's checks, run in order
     */
    public StatusReport(ServiceContext ctx, Instant startedAt, List<HealthCheck> checks) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.checks = List.copyOf(checks);
    }

    /**
     * The status now, for an organizer.
     *
     * @param caller the caller
     * @return the status
     * @throws dev.agentcollab.api.error.CollabException {@code UNAUTHORIZED} or {@code NOT_ORGANIZER}
     */
    public ServiceStatus status(CallContext caller) {
        ctx.requireOrganizer(caller, "the service's status is for organizers; pass an organizer's token");
        List<String> problems = new ArrayList<>();
        AuditLog.Health audit = ctx.audit().health();
        audit.failingSince()
                .ifPresent(since -> problems.add("audit rows are not being written since " + since + " ("
                        + audit.keptRows() + " kept in memory for the next attempt): "
                        + audit.lastError().orElse("no message")));
        String circuit = ForwardingBucketStore.find(ctx.store(), ResilientBucketStore.class)
                .map(r -> r.circuitState().name().toLowerCase(Locale.ROOT))
                .orElse("none");
        if (circuit.equals("open") || circuit.equals("forced_open")) {
            problems.add("the " + ctx.store().scheme() + " bucket store failed repeatedly: its calls are paused"
                    + " (circuit open), so writes are answered 503 UNAVAILABLE");
        }
        for (HealthCheck check : checks) {
            run(check).ifPresent(problems::add);
        }
        Runtime rt = Runtime.getRuntime();
        return new ServiceStatus(
                problems,
                startedAt,
                ctx.now(),
                ctx.store().scheme(),
                circuit,
                audit.keptRows(),
                audit.failingSince(),
                rt.totalMemory() - rt.freeMemory(),
                rt.maxMemory());
    }

    private static Optional<String> run(HealthCheck check) {
        try {
            return check.problem();
        } catch (RuntimeException e) {
            LOG.warn("health check {} failed", check, e);
            return Optional.of("a health check failed: " + e);
        }
    }
}
