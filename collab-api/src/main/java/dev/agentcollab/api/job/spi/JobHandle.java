package dev.agentcollab.api.job.spi;

import java.util.Objects;

/**
 * A launched job.
 *
 * @param id the runner's job id
 * @param url where a person can look at the job (a Hub page, or a {@code file:} URI of the local run folder)
 * @param stage the stage right after launch
 */
public record JobHandle(String id, String url, JobStage stage) {
    /** Validates the handle. */
    public JobHandle {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(stage, "stage");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
    }
}
