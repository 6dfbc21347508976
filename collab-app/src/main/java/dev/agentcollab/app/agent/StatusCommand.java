package dev.agentcollab.app.agent;

import dev.agentcollab.api.status.ServiceStatus;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;

/** {@code collab agent status}: what needs an organizer's attention on the server ({@code GET /v1/status}). */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show what needs attention on the server (organizers only).")
final class StatusCommand extends AgentAction {
    private static final long MIB = 1024 * 1024;

    @Override
    protected void execute(AgentSession s, Output out) {
        ServiceStatus status = s.client().status();
        out.result(status, w -> {
            if (status.healthy()) {
                w.println("healthy: nothing needs attention");
            } else {
                w.println("needs attention:");
                status.problems().forEach(p -> w.println("  - " + p));
            }
            w.println("running since " + status.startedAt().truncatedTo(ChronoUnit.SECONDS) + "; "
                    + status.storeScheme() + " buckets (circuit "
                    + status.storeCircuit() + "); audit rows waiting: " + status.auditRowsKept() + "; heap "
                    + status.heapUsedBytes() / MIB + " of " + status.heapMaxBytes() / MIB + " MiB");
        });
    }
}
