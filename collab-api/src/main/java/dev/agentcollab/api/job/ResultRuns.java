package dev.agentcollab.api.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * A result's submission and verification runs ({@code GET /v1/results/{filename}/runs}, an extension of the
 * reference API).
 *
 * @param filename the result
 * @param verification its state in the verification index
 * @param submission the submission folder the verifier re-runs, {@code hf://buckets/<bucket>/<prefix>}; empty when
 *     none is found
 * @param submissionFiles the submission's files (at most 200), without URLs
 * @param runs the verification runs, newest first
 */
public record ResultRuns(
        String filename,
        String verification,
        String submission,
        @JsonProperty("submission_files") List<JobRun.RunFile> submissionFiles,
        List<JobRun> runs) {
    /** Checks for nulls and copies the lists. */
    public ResultRuns {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(submission, "submission");
        submissionFiles = List.copyOf(submissionFiles);
        runs = List.copyOf(runs);
    }
}
