package dev.agentcollab.api.job.spi;

import dev.agentcollab.api.error.CollabException;
import java.util.List;
import java.util.Map;

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
     * @return the state; {@link JobStage#DELETED} for a job the runner knows to be gone
     * @throws CollabException a retryable code when the platform cannot be reached, or when it cannot find the job
     *     right now (a remote platform's 404 may be transient; the supervisor keeps polling)
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
     * The jobs still scheduled or running that carry every given label, for adopting jobs a launch timeout or a
     * restart left unwatched.
     *
     * @param labels labels the jobs must all carry
     * @return the jobs; empty when there are none or when the runner cannot list jobs
     * @throws CollabException a retryable code when the platform cannot be reached
     */
    default List<JobListing> listActive(Map<String, String> labels) {
        return List.of();
    }

    /**
     * Checks at start-up that the platform offers a hardware flavor, so that a misconfigured flavor fails the
     * deployment rather than the first participant's launch.
     *
     * @param flavor e.g. {@code a10g-small}
     * @throws IllegalArgumentException when the platform does not offer it
     * @throws CollabException a retryable code when the platform cannot be asked right now
     */
    default void checkFlavor(String flavor) {}

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
