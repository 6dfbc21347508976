package dev.agentcollab.core.service.job;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.job.spi.JobStage;
import dev.agentcollab.api.job.spi.JobState;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.verify.PrettyJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up reconciliation of the jobs a stopped server left unfinished (docs/storage-design.md §6). For every
 * record of the {@link JobLedger}:
 *
 * <ul>
 *   <li>a local job (runner {@code local-process}) cannot be re-attached: its results are copied back by the
 *       process that launched it. When its process still runs (same pid and start time) it is stopped; either way
 *       the job becomes {@code failed} with the reason in {@code message};
 *   <li>a job of another runner (the Hub) is inspected: a terminal job gets its final status at once; a running
 *       one is watched again until the deadline recorded at launch, then stopped ({@code timed_out}); either way a
 *       benchmark also gets its {@code job_logs.txt}, as a watched one does;
 *   <li>a job of a runner this server does not use is left alone (logged).
 * </ul>
 *
 * The final {@code job_status.json} carries {@code "reconciled": true}; the ledger record is removed. Quota:
 * a launch counts whatever becomes of the job (as the reference counts launches), so nothing is refunded.
 */
public final class JobReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(JobReconciler.class);
    static final String GONE = "the server stopped while the job ran and its process is gone; launch it again";
    static final String STOPPED =
            "the server restarted while the job ran; the job was stopped because its results could no longer be"
                    + " collected; launch it again";

    private final HarnessJobs harness;
    private final JobLedger ledger;
    private final BucketStore store;
    private final InstantSource clock;

    /**
     * A job settled at start-up.
     *
     * @param jobId the job
     * @param kind {@code benchmark} or {@code verification}
     * @param status the final status, or {@code running} for a job watched again
     * @param message the reason
     */
    public record Settled(String jobId, String kind, String status, String message) {}

    /**
     * Creates the reconciler.
     *
     * @param harness the launcher (runner, supervisor, settings)
     * @param ledger the ledger of unfinished jobs
     * @param store the store
     * @param clock the time source
     */
    public JobReconciler(HarnessJobs harness, JobLedger ledger, BucketStore store, InstantSource clock) {
        this.harness = Objects.requireNonNull(harness, "harness");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Settles every unfinished job of the ledger.
     *
     * @param verificationEnded called with the result filename when a verification job is settled (now or, for
     *     a re-attached job, when it ends), so the verifier can judge or re-launch it
     * @return what was done, one entry per record
     */
    public List<Settled> run(Consumer<String> verificationEnded) {
        List<Settled> out = new ArrayList<>();
        for (Map<String, Object> record : ledger.records()) {
            try {
                settle(record, verificationEnded).ifPresent(out::add);
            } catch (RuntimeException e) {
                LOG.warn("could not reconcile job " + record.get("job_id"), e);
            }
        }
        return out;
    }

    private Optional<Settled> settle(Map<String, Object> record, Consumer<String> verificationEnded) {
        String jobId = String.valueOf(record.get("job_id"));
        String kind = String.valueOf(record.get("kind"));
        String runner = String.valueOf(record.get("runner"));
        if (!runner.equals(harness.runner().name())) {
            LOG.warn("job " + jobId + " was launched by runner '" + runner + "', not '"
                    + harness.runner().name() + "'; left in the ledger");
            return Optional.empty();
        }
        if (runner.equals("local-process")) {
            String message = stopIfRunning(record) ? STOPPED : GONE;
            finish(record, "failed", JobStage.ERROR, message, verificationEnded);
            return Optional.of(new Settled(jobId, kind, "failed", message));
        }
        JobState state = harness.runner().inspect(jobId);
        if (state.stage().terminal()) {
            JobOutcome outcome = JobSupervisor.outcomeOf(state);
            finish(record, outcome.status(), state.stage(), outcome.message(), verificationEnded);
            return Optional.of(new Settled(jobId, kind, outcome.status(), outcome.message()));
        }
        Instant deadline = Instant.parse(String.valueOf(record.get("deadline")));
        Duration left = Duration.between(clock.instant(), deadline)
                .minus(harness.config().grace());
        // the stop left the status file saying "unknown" (its watcher stopped); the job runs, so say so, and keep
        // saying what the watch sees as a job launched by this instance does
        show(record, "running", state.stage(), null);
        JobSupervisor.Listener listener = new JobSupervisor.Listener() {
            @Override
            public void lost(RuntimeException last) {
                show(record, "unknown", null, HarnessJobs.lostMessage(last));
            }

            @Override
            public void found(JobState again) {
                show(record, "running", again.stage(), null);
            }
        };
        harness.rewatch(jobId, left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left, listener)
                .thenAccept(o ->
                        finish(record, o.status(), o.stage().orElse(JobStage.UNKNOWN), o.message(), verificationEnded));
        return Optional.of(new Settled(jobId, kind, "running", "watched again until " + deadline));
    }

    /** Stops the job's process when it still runs; the pid must still name the process that was started. */
    private static boolean stopIfRunning(Map<String, Object> record) {
        if (!(record.get("pid") instanceof Number pid)) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.longValue()).filter(ProcessHandle::isAlive);
        Object recordedStart = record.get("process_start");
        process = process.filter(p -> recordedStart == null
                || p.info()
                        .startInstant()
                        .map(s -> s.toString().equals(recordedStart))
                        .orElse(false));
        if (process.isEmpty()) {
            return false;
        }
        process.get().descendants().forEach(ProcessHandle::destroyForcibly);
        process.get().destroyForcibly();
        return true;
    }

    /** The job's status document: the fields it was launched with, then these ({@code stage} null: not known). */
    private static Map<String, Object> statusDoc(
            Map<String, Object> record, String status, JobStage stage, String message) {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (record.get("status") instanceof Map<?, ?> fields) {
            fields.forEach((k, v) -> doc.put(String.valueOf(k), v));
        }
        doc.put("status", status);
        doc.put("stage", stage == null ? null : stage.name());
        doc.put("job_id", String.valueOf(record.get("job_id")));
        if (message != null) {
            doc.put("message", message);
        }
        return doc;
    }

    /** Writes a live job's status file, best effort: the watch goes on and its end is written anyway. */
    private void show(Map<String, Object> record, String status, JobStage stage, String message) {
        try {
            store.put(
                    BucketId.parse(String.valueOf(record.get("bucket"))),
                    BucketPath.of(record.get("run_prefix") + "/job_status.json"),
                    PrettyJson.write(statusDoc(record, status, stage, message)).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.warn("could not write the status of job " + record.get("job_id"), e);
        }
    }

    private void finish(
            Map<String, Object> record, String status, JobStage stage, String message, Consumer<String> ended) {
        String jobId = String.valueOf(record.get("job_id"));
        Map<String, Object> end = statusDoc(record, status, stage, message);
        end.put("finished_at", Stamps.iso(clock.instant()));
        end.put("message", message);
        end.put("reconciled", true);
        BucketId bucket = BucketId.parse(String.valueOf(record.get("bucket")));
        String runPrefix = String.valueOf(record.get("run_prefix"));
        if ("benchmark".equals(record.get("kind")) && !"local-process".equals(record.get("runner"))) {
            // as a watched benchmark gets them: the platform keeps the logs of a job that ended meanwhile
            try {
                store.put(
                        bucket,
                        BucketPath.of(runPrefix + "/job_logs.txt"),
                        harness.logs(jobId).getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                LOG.warn("could not write the logs of job " + jobId, e);
            }
        }
        try {
            store.put(
                    bucket,
                    BucketPath.of(runPrefix + "/job_status.json"),
                    PrettyJson.write(end).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.warn("could not write the final status of job " + jobId + "; kept in the ledger", e);
            return;
        }
        ledger.close(jobId);
        if ("verification".equals(record.get("kind")) && record.get("status") instanceof Map<?, ?> fields) {
            Object filename = fields.get("filename");
            if (filename != null) {
                ended.accept(String.valueOf(filename));
            }
        }
    }
}
