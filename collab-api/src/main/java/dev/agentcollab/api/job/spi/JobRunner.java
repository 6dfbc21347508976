package dev.agentcollab.api.job.spi;

import dev.agentcollab.api.error.CollabException;

/**
 * Runs benchmark jobs. The service builds a {@link JobSpec} (the harness command with {@code /submission},
 * {@code /harness} and {@code /state} volumes), launches it here, polls {@link #inspect(String)} until the stage is
 * terminal, cancels it when it overruns its cap, and finally reads its log tail.
 *
 * <p>Implementations MUST be thread safe and MUST NOT pass any credential into the job.
 */
public interface JobRunner extends AutoCloseable {

    /**
     * Launches a job.
     *
     * @param spec what to run
     * @return the launched job
     * @throws CollabException {@code JOB_LAUNCH_FAILED} when the platform refuses the job
     */
    JobHandle launch(JobSpec spec);

    /**
     * Reads a job's current stage.
     *
     * @param jobId the id from {@link #launch(JobSpec)}
     * @return the state; {@link JobStage#DELETED} for a job the runner no longer knows
     * @throws CollabException a retryable code when the platform cannot be reached
     */
    JobState inspect(String jobId);

    /**
     * Asks the platform to stop a job. Stopping a finished job is not an error.
     *
     * @param jobId the job
     * @throws CollabException a retryable code when the platform cannot be reached
     */
    void cancel(String jobId);

    /**
     * The last lines the job wrote to stdout and stderr.
     *
     * @param jobId the job
     * @param tailLines at most this many lines, the newest
     * @return the lines joined by {@code \n}, possibly empty
     * @throws CollabException a retryable code when the platform cannot be reached
     */
    String logs(String jobId, int tailLines);

    /**
     * A short name for logs and the launch message, e.g. {@code local-process} or {@code hf-jobs}.
     *
     * @return the runner's name
     */
    String name();

    /** Releases threads and connections; running jobs are left alone unless documented otherwise. */
    @Override
    default void close() {}
}
