package dev.agentcollab.api.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A request to run the harness on a submission.
 *
 * @param agentId the agent whose scratch bucket holds the submission
 * @param submissionPrefix the submission folder in that bucket, e.g. {@code submissions/v1}
 * @param runPrefix the folder that receives {@code job_status.json}, {@code job_logs.txt} and the harness output
 */
public record JobRunRequest(
        @JsonProperty("agent_id") String agentId,
        @JsonProperty("submission_prefix") String submissionPrefix,
        @JsonProperty("run_prefix") String runPrefix) {
    /** Checks for nulls (formats are checked by the service, in the reference order). */
    public JobRunRequest {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(submissionPrefix, "submissionPrefix");
        Objects.requireNonNull(runPrefix, "runPrefix");
    }
}
