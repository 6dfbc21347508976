package dev.agentcollab.core.service.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.job.spi.JobListing;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.api.job.spi.JobVolume;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for each live job of a collaboration that no watcher follows, whether to adopt or cancel it: a job is
 * adopted when the {@code job_status.json} of its {@code /state} folder names it (its {@code job_id}, or the
 * {@code run_id} label it carries), and canceled when the folder has no such record. A job whose folder cannot be
 * read right now is left alone (its time cap still bounds it).
 */
final class OrphanJobs {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanJobs.class);
    private static final List<String> KEPT =
            List.of("run_id", "agent_id", "hf_user", "submission_prefix", "timeout_minutes", "filename");

    /**
     * Takes over a job: its status file (with the fields it recorded) and when it was launched; answers
     * {@code false} when a watcher claimed the job meanwhile (nothing was done).
     */
    interface Adopter {
        boolean adopt(JobListing job, RunStatusFile status, Instant launchedAt);
    }

    record Result(List<String> adopted, List<String> canceled, List<String> skipped) {}

    private final JobRunner runner;
    private final BucketStore store;

    OrphanJobs(JobRunner runner, BucketStore store) {
        this.runner = runner;
        this.store = store;
    }

    Result reconcile(Map<String, String> labels, Predicate<String> watched, Adopter adopter, Instant now) {
        List<String> adopted = new ArrayList<>();
        List<String> canceled = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JobListing job : runner.listActive(labels)) {
            String id = job.handle().id();
            if (watched.test(id)) {
                continue;
            }
            Optional<JobVolume> state = job.volumeAt("/state");
            Optional<JsonNode> recorded;
            try {
                recorded = state.flatMap(v -> RunStatusFile.read(store, v.bucket(), v.prefix()));
            } catch (RuntimeException e) {
                // never cancel a job only because its record could not be read: leave it to its time cap
                LOG.warn("left job " + id + " alone: its run folder could not be read", e);
                skipped.add(id);
                continue;
            }
            boolean known = recorded.isPresent()
                    && (id.equals(recorded.get().path("job_id").asText())
                            || recorded.get()
                                    .path("run_id")
                                    .asText("")
                                    .equals(job.labels().get(HarnessJobs.RUN_ID_LABEL)));
            if (known) {
                RunStatusFile status = new RunStatusFile(
                        store, state.get().bucket(), state.get().prefix(), kept(recorded.get()));
                if (adopter.adopt(job, status, launchedAt(recorded.get(), now))) {
                    adopted.add(id);
                }
            } else {
                try {
                    runner.cancel(id);
                    canceled.add(id);
                    LOG.warn("canceled job " + id + ": no run folder records it");
                } catch (RuntimeException e) {
                    LOG.warn("could not cancel unrecorded job " + id, e);
                }
            }
        }
        return new Result(adopted, canceled, skipped);
    }

    private static Map<String, Object> kept(JsonNode recorded) {
        Map<String, Object> fixed = new LinkedHashMap<>();
        for (String key : KEPT) {
            JsonNode v = recorded.path(key);
            if (v.isNumber()) {
                fixed.put(key, v.asLong());
            } else if (v.isTextual()) {
                fixed.put(key, v.asText());
            }
        }
        return fixed;
    }

    /** The recorded launch (or request) time, so that the cap counts from the launch; else now. */
    private static Instant launchedAt(JsonNode recorded, Instant now) {
        for (String key : List.of("launched_at", "requested_at")) {
            try {
                if (recorded.path(key).isTextual()) {
                    return Instant.parse(recorded.path(key).asText());
                }
            } catch (DateTimeParseException e) {
                // try the next stamp
            }
        }
        return now;
    }
}
