package dev.agentcollab.api.job;

import dev.agentcollab.api.error.CollabException;
import java.util.Optional;

/**
 * Benchmark jobs as seen by one caller. The caller's bearer token must belong to the user the agent is registered
 * to, and the agent's scratch bucket must hold that user's handshake. Implementations MUST be thread safe.
 */
public interface Jobs {

    /**
     * Runs the challenge harness on a submission. Checks, in order: jobs enabled, agent id, both prefixes, the
     * registration, the bearer token, the handshake, the identity, the per-agent then per-user quota; then launches.
     * The job writes {@code job_status.json} at launch and, when it ends, {@code job_logs.txt} and the final status
     * into the run folder.
     *
     * @param request the agent and folders
     * @return the launched job
     * @throws CollabException {@code JOBS_DISABLED}, {@code INVALID_PATH}, {@code NOT_REGISTERED},
     *     {@code UNAUTHORIZED}, {@code BUCKET_NOT_OWNED_BY_CALLER}, {@code IDENTITY_MISMATCH},
     *     {@code QUOTA_BACKEND_UNAVAILABLE}, {@code RATE_LIMITED} (with a retry delay), {@code JOB_LAUNCH_FAILED}
     */
    JobLaunch run(JobRunRequest request);

    /**
     * The first page of the collaboration's jobs (benchmarks and verification runs, newest first) and the quota use
     * per agent and per user ({@code GET /v1/jobs}). Organizers only. Same as {@code overview(limit,
     * Optional.empty())}.
     *
     * @param limit at most this many jobs, 1 to 500
     * @return the overview
     * @throws CollabException {@code UNAUTHORIZED} without a valid bearer token, {@code NOT_ORGANIZER} for anyone
     *     else, {@code INVALID_QUERY} for a limit out of range, {@code QUOTA_BACKEND_UNAVAILABLE} when the quota
     *     ledger cannot be read
     */
    default JobsOverview overview(int limit) {
        return overview(limit, Optional.empty());
    }

    /**
     * One page of the collaboration's jobs, every job since the collaboration began, newest first (by the time of
     * the launch request), and the quota use per agent and per user ({@code GET /v1/jobs?limit=&page_token=}).
     * Organizers only. A page continues strictly after the job its token names, so jobs launched while a client
     * pages are neither repeated nor skipped (they appear on a new first page).
     *
     * @param limit at most this many jobs, 1 to 500
     * @param pageToken a {@link JobsOverview#nextPageToken()} of an earlier page, or empty for the first page
     * @return the overview
     * @throws CollabException {@code UNAUTHORIZED} without a valid bearer token, {@code NOT_ORGANIZER} for anyone
     *     else, {@code INVALID_QUERY} for a limit out of range or a token this server did not issue,
     *     {@code QUOTA_BACKEND_UNAVAILABLE} when the quota ledger cannot be read
     */
    JobsOverview overview(int limit, Optional<String> pageToken);

    /**
     * A result's submission and verification runs: status, measured figures, verdict and reason, and the run
     * folder's files ({@code GET /v1/results/{filename}/runs}). Anyone may read this; the files themselves are for
     * organizers ({@link #runFile}).
     *
     * @param filename the result
     * @return the runs
     * @throws CollabException {@code NOT_FOUND} for an unknown result
     */
    ResultRuns runs(String filename);

    /**
     * One file of a result's verification run folder ({@code GET /v1/results/{filename}/runs/files/{name}}).
     * Organizers only: a run over the private data set may reveal it in its logs.
     *
     * @param filename the result
     * @param name the file's path inside the run folder
     * @return the file's bytes
     * @throws CollabException {@code UNAUTHORIZED}, {@code NOT_ORGANIZER}, {@code INVALID_PATH},
     *     {@code NOT_FOUND}
     */
    byte[] runFile(String filename, String name);
}
