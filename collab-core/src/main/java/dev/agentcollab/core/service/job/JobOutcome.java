package dev.agentcollab.core.service.job;

import dev.agentcollab.api.job.spi.JobStage;
import java.util.Objects;
import java.util.Optional;

/**
 * How a supervised job ended, in the words written to {@code job_status.json}.
 *
 * @param status one of {@code completed}, {@code canceled}, {@code error}, {@code deleted}, {@code timed_out},
 *     {@code unknown}
 * @param stage the last stage the runner reported, or empty when it could not be read
 * @param message a sentence for the participant
 */
public record JobOutcome(String status, Optional<JobStage> stage, String message) {
    /** Validates the outcome. */
    public JobOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Whether the job completed normally (and so should have written {@code summary.json}).
     *
     * @return {@code true} for {@code completed}
     */
    public boolean completed() {
        return "completed".equals(status);
    }
}
