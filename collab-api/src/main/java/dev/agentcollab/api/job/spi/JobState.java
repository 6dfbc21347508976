package dev.agentcollab.api.job.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A job's current stage and the platform's message about it.
 *
 * @param stage the stage
 * @param message the platform's message (e.g. an error reason), or empty
 */
public record JobState(JobStage stage, Optional<String> message) {
    /** Validates the state. */
    public JobState {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(message, "message");
    }

    /**
     * A state without a message.
     *
     * @param stage the stage
     * @return the state
     */
    public static JobState of(JobStage stage) {
        return new JobState(stage, Optional.empty());
    }
}
