package dev.agentcollab.api.job;

import dev.agentcollab.api.error.CollabException;

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
}
