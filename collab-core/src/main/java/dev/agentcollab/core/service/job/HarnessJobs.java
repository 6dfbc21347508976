package dev.agentcollab.core.service.job;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.job.spi.JobHandle;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.api.job.spi.JobSpec;
import dev.agentcollab.api.job.spi.JobVolume;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.verify.PrettyJson;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Launches the challenge harness as a job and supervises it (reference §7). The command is
 * {@code <interpreter> /harness/<entrypoint> --submission-dir /submission --state-dir /state [--private-dir /private]
 * <extra args>}; the submission is mounted read-only, the harness read-only from the central bucket, and the state
 * folder read-write. A participant run writes {@code job_status.json} ({@code status: running}) at launch, and
 * {@code job_logs.txt} plus the final {@code job_status.json} when the job ends, into the run folder of the
 * agent's bucket.
 *
 * <p>Thread safe.
 */
public final class HarnessJobs implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HarnessJobs.class.getName());

    private final JobsConfig config;
    private final JobRunner runner;
    private final JobSupervisor supervisor;
    private final BucketStore store;
    private final BucketId central;
    private final String collabSlug;
    private final InstantSource clock;
    private final Map<String, CompletableFuture<JobOutcome>> runs = new ConcurrentHashMap<>();
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
     * Launches a participant's benchmark and starts its watcher.
     *
     * @param agentId the agent
     * @param hfUser the agent's user
     * @param bucket the agent's scratch bucket (submission and run folder)
     * @param submissionPrefix the submission folder, no leading or trailing slash
     * @param runPrefix the run folder, no leading or trailing slash
     * @return the run
     * @throws dev.agentcollab.api.error.CollabException {@code JOB_LAUNCH_FAILED} from the runner
     */
    public Run launchBenchmark(
            String agentId, String hfUser, BucketId bucket, String submissionPrefix, String runPrefix) {
        JobSpec spec = new JobSpec(
                config.image(),
                command(false),
                config.flavor(),
                config.timeout(),
                Map.of(
                        "task",
                        collabSlug + "-benchmark",
                        "submission",
                        slug(submissionPrefix),
                        "agent_id",
                        agentId,
                        "via",
                        "bucket-sync-api"),
                List.of(
                        new JobVolume(bucket, submissionPrefix, "/submission", true),
                        new JobVolume(central, config.harnessPrefix(), "/harness", true),
                        new JobVolume(bucket, runPrefix, "/state", false)));
        JobHandle handle = runner.launch(spec);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("status", "running");
        status.put("stage", handle.stage().name());
        status.put("job_id", handle.id());
        status.put("job_url", handle.url());
        status.put("agent_id", agentId);
        status.put("hf_user", hfUser);
        status.put("submission_prefix", submissionPrefix);
        status.put("timeout_minutes", config.timeout().toMinutes());
        status.put("launched_at", Stamps.iso(clock.instant()));
        openInLedger(handle, "benchmark", bucket, runPrefix, status); // first: "running" is written only when settled
        writeBestEffort(bucket, runPrefix + "/job_status.json", PrettyJson.write(status));
        CompletableFuture<JobOutcome> finished = supervisor
                .watch(handle.id(), config.timeout())
                .thenApply(outcome -> {
                    writeBestEffort(bucket, runPrefix + "/job_logs.txt", logs(handle.id()));
                    Map<String, Object> end = new LinkedHashMap<>();
                    end.put("status", outcome.status());
                    end.put("stage", outcome.stage().map(Enum::name).orElse(null));
                    end.put("job_id", handle.id());
                    end.put("job_url", handle.url());
                    end.put("agent_id", agentId);
                    end.put("hf_user", hfUser);
                    end.put("submission_prefix", submissionPrefix);
                    end.put("timeout_minutes", config.timeout().toMinutes());
                    end.put("finished_at", Stamps.iso(clock.instant()));
                    end.put("message", outcome.message());
                    writeBestEffort(bucket, runPrefix + "/job_status.json", PrettyJson.write(end));
                    closeInLedger(handle.id());
                    return outcome;
                });
        runs.put(handle.id(), finished);
        return new Run(handle, finished);
    }

    /**
     * The outcome of a benchmark launched by this instance, for embedders that wait for a job (tests, the CLI).
     * Entries are kept for the life of the instance (launches are capped by the quota).
     *
     * @param jobId the job
     * @return completes after the final status was written; empty for an unknown job
     */
    public Optional<CompletableFuture<JobOutcome>> finished(String jobId) {
        return Optional.ofNullable(runs.get(jobId));
    }

    /**
     * Launches a private-set verification run: like a benchmark, plus the private data set read-only at
     * {@code /private}, with the state folder in the (private) audit bucket. No status files are written; the
     * caller supervises with {@link #watch(JobHandle)}.
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
        JobSpec spec = new JobSpec(
                config.image(),
                command(true),
                config.flavor(),
                config.timeout(),
                Map.of(
                        "task",
                        collabSlug + "-verification",
                        "result",
                        label.replaceAll("[^A-Za-z0-9_=-]", "-"),
                        "via",
                        "bucket-sync-verifier"),
                List.of(
                        new JobVolume(submissionBucket, submissionPrefix, "/submission", true),
                        new JobVolume(central, config.harnessPrefix(), "/harness", true),
                        new JobVolume(audit, privatePrefix, "/private", true),
                        new JobVolume(audit, runPrefix, "/state", false)));
        JobHandle handle = runner.launch(spec);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("job_id", handle.id());
        status.put("job_url", handle.url());
        status.put("filename", label);
        openInLedger(handle, "verification", audit, runPrefix, status);
        return handle;
    }

    /**
     * Supervises a job launched with {@link #launchVerification}.
     *
     * @param handle the job
     * @return completes with the outcome
     */
    public CompletableFuture<JobOutcome> watch(JobHandle handle) {
        CompletableFuture<JobOutcome> outcome = supervisor.watch(handle.id(), config.timeout());
        outcome.whenComplete((o, e) -> closeInLedger(handle.id()));
        return outcome;
    }

    /**
     * Watches a job again after a restart, with what is left of its runtime cap.
     *
     * @param jobId the job
     * @param remaining the time left before the cap (the supervisor's grace comes on top)
     * @return completes with the outcome
     */
    CompletableFuture<JobOutcome> rewatch(String jobId, java.time.Duration remaining) {
        return supervisor.watch(jobId, remaining);
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

    private void openInLedger(
            JobHandle handle, String kind, BucketId bucket, String runPrefix, Map<String, Object> status) {
        if (ledger == null) {
            return;
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("job_id", handle.id());
        record.put("kind", kind);
        record.put("runner", runner.name());
        record.put("bucket", bucket.toString());
        record.put("run_prefix", runPrefix);
        record.put("launched_at", Stamps.iso(clock.instant()));
        record.put("deadline", Stamps.iso(clock.instant().plus(config.timeout()).plus(config.grace())));
        record.put("status", status);
        ledger.open(record);
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
            LOG.log(Level.WARNING, "could not write " + bucket + "/" + path, e);
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
