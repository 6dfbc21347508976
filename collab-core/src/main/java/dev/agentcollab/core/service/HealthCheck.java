package dev.agentcollab.core.service;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * A check of the deployment that {@code GET /v1/status} runs on each request, beside the service's own (audit writes,
 * the bucket store's circuit): e.g. whether the evaluation data that jobs need is in the central bucket. Registered
 * with {@link CollabService.Builder#healthCheck}. It should be cheap and must not throw; a check that throws is
 * reported as its own problem. A check that reads a remote store is best {@linkplain #cachedFor cached}: the
 * dashboard's organizer panel asks every few seconds while it is open.
 */
@FunctionalInterface
public interface HealthCheck {
    /**
     * What needs an organizer's attention now.
     *
     * @return one sentence, or empty when all is well
     */
    Optional<String> problem();

    /**
     * This check, run at most once per {@code ttl}; in between, its last answer is given again. Thread safe.
     *
     * @param ttl how long an answer is kept
     * @param clock the time source
     * @return the cached check
     */
    default HealthCheck cachedFor(Duration ttl, InstantSource clock) {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(clock, "clock");
        HealthCheck check = this;
        return new HealthCheck() {
            private Instant until = Instant.MIN;
            private Optional<String> last = Optional.empty();

            @Override
            public synchronized Optional<String> problem() {
                Instant now = clock.instant();
                if (now.isBefore(until)) {
                    return last;
                }
                last = check.problem();
                until = now.plus(ttl);
                return last;
            }
        };
    }
}
