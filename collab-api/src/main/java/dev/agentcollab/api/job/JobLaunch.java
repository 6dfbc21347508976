package dev.agentcollab.api.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A launched benchmark job ({@code 202} of {@code POST /v1/jobs:run}).
 *
 * @param agentId the agent
 * @param hfUser the user the agent is registered to
 * @param submissionBucket the bucket holding the submission (the agent's scratch bucket)
 * @param submissionPrefix the submission folder
 * @param runBucket the bucket receiving the run's files (the agent's scratch bucket)
 * @param runPrefix the run folder
 * @param jobId the runner's job id
 * @param jobUrl where to watch the job
 * @param status always {@code launched}
 * @param timeoutMinutes the runtime cap
 * @param statusFile {@code hf://buckets/<bucket>/<run>/job_status.json}
 * @param logsFile {@code hf://buckets/<bucket>/<run>/job_logs.txt}
 * @param quota launches left in the 24 h window
 * @param message what happens next
 */
public record JobLaunch(
        @JsonProperty("agent_id") String agentId,
        @JsonProperty("hf_user") String hfUser,
        @JsonProperty("submission_bucket") String submissionBucket,
        @JsonProperty("submission_prefix") String submissionPrefix,
        @JsonProperty("run_bucket") String runBucket,
        @JsonProperty("run_prefix") String runPrefix,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("job_url") String jobUrl,
        String status,
        @JsonProperty("timeout_minutes") long timeoutMinutes,
        @JsonProperty("status_file") String statusFile,
        @JsonProperty("logs_file") String logsFile,
        Quota quota,
        String message) {
    /** Checks for nulls. */
    public JobLaunch {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(hfUser, "hfUser");
        Objects.requireNonNull(submissionBucket, "submissionBucket");
        Objects.requireNonNull(submissionPrefix, "submissionPrefix");
        Objects.requireNonNull(runBucket, "runBucket");
        Objects.requireNonNull(runPrefix, "runPrefix");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(jobUrl, "jobUrl");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusFile, "statusFile");
        Objects.requireNonNull(logsFile, "logsFile");
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Launches left in the sliding 24 h window.
     *
     * @param agentRemaining for the agent
     * @param userRemaining for the user
     */
    public record Quota(
            @JsonProperty("agent_remaining") int agentRemaining, @JsonProperty("user_remaining") int userRemaining) {
        /** Validates the counts. */
        public Quota {
            if (agentRemaining < 0 || userRemaining < 0) {
                throw new IllegalArgumentException("remaining counts must be >= 0");
            }
        }
    }
}
