package dev.agentcollab.api.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One job as the organizer panel and a result's detail show it ({@code GET /v1/jobs},
 * {@code GET /v1/results/{filename}/runs}; extensions of the reference API). Text fields the job did not record are
 * empty strings.
 *
 * @param jobId the runner's job id
 * @param jobUrl where the job can be watched; may be empty
 * @param kind {@code benchmark} (an agent's {@code POST /v1/jobs:run}) or {@code verification} (the verifier's re-run)
 * @param agentId the agent the job ran for (a verification run: the result's author)
 * @param hfUser the agent's user; may be empty
 * @param filename the verified result (verification runs); empty for benchmarks
 * @param status the run folder's {@code job_status.json} status ({@code scheduling}, {@code running},
 *     {@code completed}, {@code failed}, {@code timeout}, {@code launch_failed}, {@code unknown}, ...)
 * @param stage the runner's last stage; may be empty
 * @param message the status message; may be empty
 * @param launchedAt when it was launched (ISO stamp); may be empty
 * @param finishedAt when it ended (ISO stamp); empty while it runs
 * @param runtimeSeconds seconds from launch to end (or to now while it runs); {@code -1} when unknown
 * @param runFolder where its files go, {@code hf://buckets/<bucket>/<run prefix>}
 * @param verdict a verification run's verdict ({@code valid} or {@code invalid}); empty before one
 * @param reason why the verifier decided so; may be empty
 * @param measured the run's {@code summary.json} figures (numbers, strings and booleans at its top level)
 * @param files the run folder's files; {@code url} reads one (organizers only)
 */
public record JobRun(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("job_url") String jobUrl,
        String kind,
        @JsonProperty("agent_id") String agentId,
        @JsonProperty("hf_user") String hfUser,
        String filename,
        String status,
        String stage,
        String message,
        @JsonProperty("launched_at") String launchedAt,
        @JsonProperty("finished_at") String finishedAt,
        @JsonProperty("runtime_seconds") long runtimeSeconds,
        @JsonProperty("run_folder") String runFolder,
        String verdict,
        String reason,
        Map<String, Object> measured,
        List<RunFile> files) {
    /** Checks for nulls and copies the collections. */
    public JobRun {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(jobUrl, "jobUrl");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(hfUser, "hfUser");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(launchedAt, "launchedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(runFolder, "runFolder");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        measured = Map.copyOf(measured == null ? Map.of() : measured);
        files = List.copyOf(files == null ? List.of() : files);
        if (runtimeSeconds < -1) {
            throw new IllegalArgumentException("runtimeSeconds must be >= -1, but was " + runtimeSeconds);
        }
    }

    /**
     * One file of a run folder or a submission.
     *
     * @param name the path inside the folder
     * @param size its size in bytes
     * @param url the API path that reads it, or empty when it cannot be read through the API
     */
    public record RunFile(String name, long size, String url) {
        /** Checks for nulls. */
        public RunFile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
            if (size < 0) {
                throw new IllegalArgumentException("size must be >= 0");
            }
        }
    }
}
