package dev.agentcollab.core.service;

import java.util.Optional;

/**
 * A check of the deployment that {@code GET /v1/status} runs on each request, beside the service's own (audit writes,
 * the bucket store's circuit): e.g. whether the evaluation data that jobs need is in the central bucket. Registered
 * with {@link CollabService.Builder#healthCheck}. It should be cheap (a few bucket reads at most) and must not throw;
 * a check that throws is reported as its own problem.
 */
@FunctionalInterface
public interface HealthCheck {
    /**
     * What needs an organizer's attention now.
     *
     * @return one sentence, or empty when all is well
     */
    Optional<String> problem();
}
