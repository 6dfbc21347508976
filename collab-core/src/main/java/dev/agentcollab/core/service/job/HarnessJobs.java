package dev.agentcollab.core.service.job;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.job.spi.JobHandle;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.api.job.spi.JobSpec;
import dev.agentcollab.api.job.spi.JobState;
import dev.agentcollab.api.job.spi.JobVolume;
import dev.agentcollab.core.service.internal.RecentRuns;
import dev.agentcollab.core.service.internal.Stamps;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches the challenge harness as a job and supervises it (reference §7). The command is
 * {@code <interpreter> /harness/<entrypoint> --submission-dir /submission --state-dir /state [--private-dir /private]
 * <extra args>}; the submission is mounted read-only, the harness read-only from the central bucket, and the state
 * folder read-write. Every run writes {@code job_status.json} into its run folder ({@code status: scheduling})
 * before the launch and ({@code running}) after it; a participant run also writes {@code job_logs.txt} plus the final
 * {@code job_status.json} when the job ends, into the run folder of the agent's bucket.
 *
 * <p>Every job carries the labels {@code collab} (the collaboration's slug) and {@code run_id} (unique per launch).
 * {@link #reconcile()} lists this collaboration's live jobs at start-up: a job whose run folder's status names it
 * (by job id or run id) is adopted and watched to its end; any other job (launched, but never recorded) is
 * canceled, so no job runs unwatched after a restart.
 *
 * <p>With a {@link JobLedger}, every launched job is recorded there before its status first says {@code running}
 * and removed when its final status is written ({@link #close()} stops the watchers without removing the jobs they
 * watched, which may still run); {@link JobReconciler} settles what a stopped server left in it.
 * That pass runs first at start-up: the jobs it watches again count as watched, so {@link #reconcile()} leaves
 * them alone.
 *
 * <p>Thread safe.
 */
public final class HarnessJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HarnessJobs.class);

    private final JobsConfig config;
    private final JobRunner runner;
    private final JobSupervisor supervisor;
    private final BucketStore store;
    private final BucketId central;
    private final String collabSlug;
    private final InstantSource clock;
    /** The benchmarks this instance supervises, and the newest ended ones. */
    private final RecentRuns<CompletableFuture<JobOutcome>> runs = new RecentRuns<>();

    private final AtomicLong launches = new AtomicLong();
    /**
     * Every job a watcher of this instance follows or is about to follow, and the newest ended ones (so a job that
     * just ended is not taken for an orphan); claimed under {@link #claims}. The value is the job's id.
     */
    private final RecentRuns<String> watched = new RecentRuns<>();
    /** Orders a launch's claim on its job against the adoption of the same job by {@link #reconcile()}. */
    private final Object claims = new Object();

    /** The label holding the collaboration's slug. */
    public static final String COLLAB_LABEL = "collab";
    /** The label holding the launch's unique run id. */
    public static final String RUN_ID_LABEL = "run_id";

    private final JobLedger ledger;

    /**
     * Creates the launcher.
     *
     * @param config job settings
     * @param runner the runner
     * @param store the store holding every bucket
     * @param central the central bucket (holds the harness)
     * @param collabSlug the collaboration's slug, used in job labels
     * @param clock the clock for stamps and the watcher's cap
     */
    public HarnessJobs(
            JobsConfig config,
            JobRunner runner,
            BucketStore store,
            BucketId central,
            String collabSlug,
            InstantSource clock) {
        this(config, runner, store, central, collabSlug, clock, null);
    }

    /**
     * Creates the launcher with a durable ledger of unfinished jobs.
     *
     * @param config job settings
     * @param runner the runner
     * @param store the store holding every bucket
     * @param central the central bucket (holds the harness)
     * @param collabSlug the collaboration's slug, used in job labels
     * @param clock the clock for stamps and the watcher's cap
     * @param ledger the ledger of unfinished jobs, or {@code null} for none
     */
    public HarnessJobs(
            JobsConfig config,
            JobRunner runner,
            BucketStore store,
            BucketId central,
            String collabSlug,
            InstantSource clock,
            JobLedger ledger) {
        this.ledger = ledger;
        if (ledger != null && runner instanceof LocalProcessJobRunner local) {
            local.onProcessStart(ledger::started);
        }
        this.config = Objects.requireNonNull(config, "config");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.store = Objects.requireNonNull(store, "store");
        this.central = Objects.requireNonNull(central, "central");
        this.collabSlug = Objects.requireNonNull(collabSlug, "collabSlug");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.supervisor = new JobSupervisor(runner, clock, config.pollInterval(), config.grace());
    }

    /**
     * A participant's benchmark run whose status and logs land in its run folder.
     *
     * @param handle the launched job
     * @param finished completes with the outcome after {@code job_logs.txt} and the final status were written
     */
    public record Run(JobHandle handle, CompletableFuture<JobOutcome> finished) {
        /** Validates the run. */
        public Run {
            Objects.requireNonNull(handle, "handle");
            Objects.requireNonNull(finished, "finished");
        }
    }

    /**
     * Launches a participant's benchmark and starts its watcher. {@code job_status.json} is written with
     * {@code status: scheduling} before the launch (so the read-write {@code /state} mount never meets an empty
     * folder), {@code running} after it, {@code launch_failed} when the launch throws, {@code unknown} while the
     * platform cannot find the job, and the final word when it ends.
     *
     * @param agentId the agent
     * @param hfUser the agent's user
     * @param bucket the agent's scratch bucket (submission and run folder)
     * @param submissionPrefix the submission folder, no leading or trailing slash
     * @param runPrefix the run folder, no leading or trailing slash
     * @return the run
     * @throws dev.agentcollab.api.error.CollabException {@code JOB_LAUNCH_FAILED} from the runner; the store's code
     *     when the run folder cannot be written (nothing is launched then)
     */
    public Run launchBenchmark(
            String agentId, String hfUser, BucketId bucket, String submissionPrefix, String runPrefix) {
        String runId = runId(bucket, runPrefix);
        Map<String, String> labels = new LinkedHashMap<>(baseLabels(runId));
        labels.put("task", JobSpec.labelValue(collabSlug + "-benchmark"));
        labels.put("submission", slug(submissionPrefix));
        labels.put("agent_id", JobSpec.labelValue(agentId));
        labels.put("via", "bucket-sync-api");
        JobSpec spec = new JobSpec(
                config.image(),
                command(false),
                config.flavor(),
                config.timeout(),
                labels,
                List.of(
                        new JobVolume(bucket, submissionPrefix, "/submission", true),
                        new JobVolume(central, config.harnessPrefix(), "/harness", true),
                        new JobVolume(bucket, runPrefix, "/state", false)));
        Map<String, Object> fixed = new LinkedHashMap<>();
        fixed.put("run_id", runId);
        fixed.put("agent_id", agentId);
        fixed.put("hf_user", hfUser);
        fixed.put("submission_prefix", submissionPrefix);
        fixed.put("timeout_minutes", config.timeout().toMinutes());
        RunStatusFile status = new RunStatusFile(store, bucket, runPrefix, fixed);
        Instant at = clock.instant();
        JobHandle handle = launch(spec, status, "benchmark", at);
        Optional<CompletableFuture<JobOutcome>> adopted = finished(handle.id());
        if (adopted.isPresent()) {
            return new Run(handle, adopted.get()); // reconcile() found the job while its launch was answered
        }
        // the launched_at of the running status, so that the run folder keeps one launch time to the job's end
        CompletableFuture<JobOutcome> finished = supervise(handle, status, at, false);
        return new Run(handle, finished);
    }

    /**
     * Writes {@code scheduling}, launches, records the job in the ledger and only then writes {@code running}: a
     * status that says {@code running} always has a ledger record that settles it after a crash.
     */
    private JobHandle launch(JobSpec spec, RunStatusFile status, String kind, Instant at) {
        status.write("scheduling", Map.of("requested_at", Stamps.iso(at)));
        JobHandle handle;
        try {
            handle = runner.launch(spec);
        } catch (RuntimeException e) {
            Map<String, Object> failed = new LinkedHashMap<>();
            failed.put("requested_at", Stamps.iso(at));
            failed.put("message", "the job could not be launched: " + e.getMessage());
            status.writeBestEffort("launch_failed", failed);
            throw e;
        }
        boolean claimed;
        synchronized (claims) {
            claimed = watched.add(handle.id(), handle.id());
        }
        if (claimed) {
            Map<String, Object> doc = running(handle, at);
            openInLedger(handle, kind, status, doc);
            status.writeBestEffort("running", doc);
        }
        return handle;
    }

    private static Map<String, Object> running(JobHandle handle, Instant launchedAt) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("stage", handle.stage().name());
        doc.put("job_id", handle.id());
        doc.put("job_url", handle.url());
        doc.put("launched_at", Stamps.iso(launchedAt));
        return doc;
    }

    /** The status message of a watched job the platform cannot find right now (it is still watched). */
    static String lostMessage(RuntimeException last) {
        return "the jobs platform cannot find the job right now (" + last.getMessage()
                + "); still watching it until its time cap";
    }

    /** Watches a job; a benchmark's logs and final status land in its run folder when it ends. */
    private CompletableFuture<JobOutcome> supervise(
            JobHandle handle, RunStatusFile status, Instant launchedAt, boolean adopted) {
        JobSupervisor.Listener listener = new JobSupervisor.Listener() {
            @Override
            public void lost(RuntimeException last) {
                Map<String, Object> doc = running(handle, launchedAt);
                doc.put("stage", null);
                doc.put("message", lostMessage(last));
                status.writeBestEffort("unknown", doc);
            }

            @Override
            public void found(JobState state) {
                Map<String, Object> doc = running(handle, launchedAt);
                doc.put("stage", state.stage().name());
                status.writeBestEffort("running", doc);
            }
        };
        CompletableFuture<JobOutcome> finished = supervisor
                .watchSince(handle.id(), launchedAt, config.timeout(), listener)
                .thenApply(outcome -> {
                    store(status, handle, outcome, launchedAt, adopted);
                    closeUnlessStopped(handle.id(), outcome);
                    return outcome;
                });
        runs.put(handle.id(), finished);
        finished.whenComplete((o, e) -> {
            runs.ended(handle.id(), finished);
            watched.ended(handle.id(), handle.id());
        });
        return finished;
    }

    private void store(
            RunStatusFile status, JobHandle handle, JobOutcome outcome, Instant launchedAt, boolean adopted) {
        writeBestEffort(status.bucket(), status.runPrefix() + "/job_logs.txt", logs(handle.id()));
        Map<String, Object> end = running(handle, launchedAt);
        end.put("stage", outcome.stage().map(Enum::name).orElse(null));
        end.put("finished_at", Stamps.iso(clock.instant()));
        end.put("message", outcome.message());
        if (adopted) {
            end.put("adopted", true);
        }
        status.writeBestEffort(outcome.status(), end);
    }

    /**
     * The outcome of a benchmark launched by this instance, for embedders that wait for a job (tests, the CLI):
     * kept while it runs and until {@link RecentRuns#KEEP_ENDED} later benchmarks have ended.
     *
     * @param jobId the job
     * @return completes after the final status was written; empty for an unknown job
     */
    public Optional<CompletableFuture<JobOutcome>> finished(String jobId) {
        return runs.get(jobId);
    }

    /**
     * Whether a job counts as watched by this instance (running, or among the newest ended).
     *
     * @param jobId the job
     * @return {@code true} when {@link #reconcile()} would leave it alone
     */
    boolean watches(String jobId) {
        return watched.contains(jobId);
    }

    /**
     * Keeps fewer ended jobs than {@link RecentRuns#KEEP_ENDED} (tests).
     *
     * @param n how many ended benchmarks and watched jobs are kept, at least 1
     */
    void keepEnded(int n) {
        runs.keepEnded(n);
        watched.keepEnded(n);
    }

    /**
     * Launches a private-set verification run: like a benchmark, plus the private data set read-only at
     * {@code /private}, with the state folder in the (private) audit bucket. {@code job_status.json} is written
     * there with {@code status: scheduling} before the launch and {@code running} after it; the caller supervises
     * with {@link #watch(JobHandle)} and writes the final status.
     *
     * @param submissionBucket the bucket holding the submission
     * @param submissionPrefix the submission folder
     * @param audit the audit bucket
     * @param privatePrefix the private data set folder in the audit bucket
     * @param runPrefix the verification run folder in the audit bucket
     * @param label the result filename, for the job's labels
     * @return the launched job
     */
    public JobHandle launchVerification(
            BucketId submissionBucket,
            String submissionPrefix,
            BucketId audit,
            String privatePrefix,
            String runPrefix,
            String label) {
        String runId = runId(audit, runPrefix);
        Map<String, String> labels = new LinkedHashMap<>(baseLabels(runId));
        labels.put("task", JobSpec.labelValue(collabSlug + "-verification"));
        labels.put("result", JobSpec.labelValue(label));
        labels.put("via", "bucket-sync-verifier");
        JobSpec spec = new JobSpec(
                config.image(),
                command(true),
                config.flavor(),
                config.timeout(),
                labels,
                List.of(
                        new JobVolume(submissionBucket, submissionPrefix, "/submission", true),
                        new JobVolume(central, config.harnessPrefix(), "/harness", true),
                        new JobVolume(audit, privatePrefix, "/private", true),
                        new JobVolume(audit, runPrefix, "/state", false)));
        Map<String, Object> fixed = new LinkedHashMap<>();
        fixed.put("run_id", runId);
        fixed.put("filename", label);
        return launch(spec, new RunStatusFile(store, audit, runPrefix, fixed), "verification", clock.instant());
    }

    /**
     * The labels every job of this collaboration carries: {@code collab} (the slug) and {@code run_id} (unique per
     * launch), by which a launch timeout or a restart finds it again.
     */
    private Map<String, String> baseLabels(String runId) {
        return Map.of(COLLAB_LABEL, JobSpec.labelValue(collabSlug), RUN_ID_LABEL, runId);
    }

    private String runId(BucketId bucket, String runPrefix) {
        String seed = bucket + "/" + runPrefix + "@" + clock.instant() + "#" + launches.incrementAndGet() + "/"
                + System.identityHashCode(this);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * What {@link #reconcile()} did.
     *
     * @param adopted the jobs now watched again
     * @param canceled the jobs canceled because no run folder records them
     * @param skipped the jobs left alone because their run folder could not be read (their time cap bounds them)
     */
    public record Reconciliation(List<String> adopted, List<String> canceled, List<String> skipped) {
        /** Copies the lists. */
        public Reconciliation {
            adopted = List.copyOf(adopted);
            canceled = List.copyOf(canceled);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Finds this collaboration's live jobs that no watcher of this instance follows (after a restart, or a launch
     * whose answer was lost) and adopts or cancels each. A job is adopted when the {@code job_status.json} of its
     * {@code /state} folder names it (its {@code job_id}, or the {@code run_id} label it carries): it is watched
     * again, its cap counted from its recorded launch, and its logs and final status are written when it ends (an
     * adopted verification gets its status and logs but no verdict). Any other job is canceled, and its status
     * file, if it has a run folder, says so. A job whose run folder cannot be read right now is left alone. Runners
     * that cannot list jobs have nothing to reconcile.
     *
     * @return what was adopted and canceled
     * @throws dev.agentcollab.api.error.CollabException a retryable code when the platform cannot list jobs
     */
    public Reconciliation reconcile() {
        OrphanJobs.Result r = new OrphanJobs(runner, store)
                .reconcile(
                        Map.of(COLLAB_LABEL, JobSpec.labelValue(collabSlug)),
                        watched::contains,
                        (job, status, launchedAt) -> {
                            synchronized (claims) {
                                if (!watched.add(job.handle().id(), job.handle().id())) {
                                    return false; // launched or re-watched meanwhile
                                }
                                Map<String, Object> doc = running(job.handle(), launchedAt);
                                doc.put("adopted", true);
                                status.writeBestEffort("running", doc);
                                supervise(job.handle(), status, launchedAt, true);
                                return true;
                            }
                        },
                        clock.instant());
        return new Reconciliation(r.adopted(), r.canceled(), r.skipped());
    }

    /** Runs {@link #reconcile()} on a virtual thread, logging its outcome; for start-up. */
    public void reconcileInBackground() {
        Thread.ofVirtual().name("collab-job-reconcile").start(() -> {
            try {
                Reconciliation r = reconcile();
                if (!r.adopted().isEmpty()
                        || !r.canceled().isEmpty()
                        || !r.skipped().isEmpty()) {
                    LOG.info("job reconciliation: adopted " + r.adopted() + ", canceled " + r.canceled()
                            + ", left alone (unreadable run folder) " + r.skipped());
                }
            } catch (RuntimeException e) {
                LOG.warn("job reconciliation failed; unwatched jobs stop at their time cap", e);
            }
        });
    }

    /**
     * Supervises a job launched with {@link #launchVerification}.
     *
     * @param handle the job
     * @return completes with the outcome
     */
    public CompletableFuture<JobOutcome> watch(JobHandle handle) {
        synchronized (claims) {
            watched.add(handle.id(), handle.id());
            Optional<CompletableFuture<JobOutcome>> adopted = runs.get(handle.id());
            if (adopted.isPresent()) {
                return adopted.get(); // reconcile() found the job while its launch was answered
            }
        }
        CompletableFuture<JobOutcome> outcome = supervisor.watch(handle.id(), config.timeout());
        outcome.whenComplete((o, e) -> {
            closeUnlessStopped(handle.id(), o);
            watched.ended(handle.id(), handle.id());
        });
        return outcome;
    }

    /**
     * Watches a job again after a restart ({@link JobReconciler}), with what is left of its runtime cap. The job
     * counts as watched, so {@link #reconcile()} neither adopts nor cancels it.
     *
     * @param jobId the job
     * @param remaining the time left before the cap (the supervisor's grace comes on top)
     * @param listener hears when the job is lost and found again, as a job launched by this instance does
     * @return completes with the outcome
     */
    CompletableFuture<JobOutcome> rewatch(String jobId, java.time.Duration remaining, JobSupervisor.Listener listener) {
        synchronized (claims) {
            watched.add(jobId, jobId);
        }
        CompletableFuture<JobOutcome> outcome = supervisor.watch(jobId, remaining, listener);
        outcome.whenComplete((o, e) -> watched.ended(jobId, jobId));
        return outcome;
    }

    /**
     * The job's log tail; a failure to read becomes a placeholder line rather than an error.
     *
     * @param jobId the job
     * @return the log text
     */
    public String logs(String jobId) {
        try {
            String text = runner.logs(jobId, config.logTailLines());
            return text.isEmpty() ? "(no logs returned)" : text;
        } catch (RuntimeException e) {
            return "(failed to fetch logs: " + e.getMessage() + ")";
        }
    }

    /**
     * The job settings.
     *
     * @return the configuration
     */
    public JobsConfig config() {
        return config;
    }

    /**
     * The runner in use.
     *
     * @return the runner
     */
    public JobRunner runner() {
        return runner;
    }

    /** Records a launched job in the ledger; {@code running} is the status document it would carry now. */
    private void openInLedger(JobHandle handle, String kind, RunStatusFile file, Map<String, Object> running) {
        if (ledger == null) {
            return;
        }
        Map<String, Object> status = file.fields();
        status.putAll(running);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("job_id", handle.id());
        record.put("kind", kind);
        record.put("runner", runner.name());
        record.put("bucket", file.bucket().toString());
        record.put("run_prefix", file.runPrefix());
        record.put("launched_at", Stamps.iso(clock.instant()));
        record.put("deadline", Stamps.iso(clock.instant().plus(config.timeout()).plus(config.grace())));
        record.put("status", status);
        ledger.open(record);
    }

    /**
     * Removes a job from the ledger once it ended; a job whose watcher only stopped (the service is shutting down)
     * may still run, so its record stays for {@link JobReconciler} to settle at the next start.
     */
    private void closeUnlessStopped(String jobId, JobOutcome outcome) {
        if (outcome == null || !JobSupervisor.stoppedWatching(outcome)) {
            closeInLedger(jobId);
        }
    }

    private void closeInLedger(String jobId) {
        if (ledger != null) {
            ledger.close(jobId);
        }
    }

    private List<String> command(boolean privateSet) {
        List<String> cmd = new ArrayList<>(config.interpreter());
        cmd.add("/harness/" + config.entrypoint());
        cmd.addAll(List.of("--submission-dir", "/submission", "--state-dir", "/state"));
        if (privateSet) {
            cmd.addAll(List.of("--private-dir", "/private"));
        }
        cmd.addAll(config.extraArgs());
        return cmd;
    }

    private void writeBestEffort(BucketId bucket, String path, String text) {
        try {
            store.put(bucket, BucketPath.of(path), text.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.warn("could not write " + bucket + "/" + path, e);
        }
    }

    static String slug(String prefix) {
        String s = prefix.replace('/', '-').replace('_', '-').replaceAll("[^A-Za-z0-9-]", "");
        s = s.length() > 80 ? s.substring(0, 80) : s;
        return s.isEmpty() ? "submission" : s;
    }

    /** Stops the watcher thread. The runner is closed by its owner. */
    @Override
    public void close() {
        supervisor.close();
    }
}
