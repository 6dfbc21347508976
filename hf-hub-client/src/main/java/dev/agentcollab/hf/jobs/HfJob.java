package dev.agentcollab.hf.jobs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job as the Jobs API describes it ({@code JobInfo}).
 *
 * @param id the job id
 * @param owner the namespace the job runs in
 * @param url the job's page, {@code {endpoint}/jobs/{owner}/{id}}
 * @param stage the {@code status.stage} ({@code SCHEDULING}, {@code RUNNING}, {@code COMPLETED}, {@code ERROR},
 *     {@code CANCELED}, {@code DELETED}), when reported
 * @param message the {@code status.message}, when reported
 * @param labels the job's labels (text values only)
 * @param volumes the job's bucket volumes (volumes of other types are left out)
 */
public record HfJob(
        String id,
        String owner,
        String url,
        Optional<String> stage,
        Optional<String> message,
        Map<String, String> labels,
        List<HfJobVolume> volumes) {
    /** Checks for nulls and copies the collections. */
    public HfJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(message, "message");
        labels = Map.copyOf(labels);
        volumes = List.copyOf(volumes);
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
    }
}
