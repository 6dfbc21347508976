package dev.agentcollab.core.service.job;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.api.job.JobLaunch;
import dev.agentcollab.api.job.JobRunRequest;
import dev.agentcollab.api.job.Jobs;
import dev.agentcollab.api.job.JobsOverview;
import dev.agentcollab.api.job.ResultRuns;
import dev.agentcollab.core.service.internal.AuditEvent;
import dev.agentcollab.core.service.internal.BucketCommands;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.result.DefaultResults;
import dev.agentcollab.core.service.result.ResultsContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/jobs:run} (reference §7) for one caller. Because a launch spends the organisation's credits,
 * identity is proven, not assumed: the bearer token's user must be the one the agent is registered to, and the
 * agent's scratch bucket must hold that user's handshake. The quota check, launch and ledger record happen under
 * the ledger's lock; a failed launch is not counted. The reads ({@link #overview}, {@link #runs}, {@link #runFile})
 * go through {@link JobViews}. Thread safe.
 */
public final class DefaultJobs implements Jobs {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultJobs.class);

    private static final String ROUTE = "/v1/jobs:run";
    private static final String HANDSHAKE = ".bucket-sync-handshake";

    private final ResultsContext results;
    private final ServiceContext ctx;
    private final CallContext caller;

    /**
     * Creates the feature for one caller.
     *
     * @param results the results context (jobs settings, quota, launcher)
     * @param caller the caller
     */
    public DefaultJobs(ResultsContext results, CallContext caller) {
        this.results = Objects.requireNonNull(results, "results");
        this.ctx = results.service();
        this.caller = Objects.requireNonNull(caller, "caller");
    }

    @Override
    public JobLaunch run(JobRunRequest request) {
        Objects.requireNonNull(request, "request");
        return ctx.idempotency().run(caller, "jobs.run", request, JobLaunch.class, () -> runOnce(request));
    }

    @Override
    public JobsOverview overview(int limit, Optional<String> pageToken) {
        Objects.requireNonNull(pageToken, "pageToken");
        return views().overview(limit, pageToken);
    }

    @Override
    public ResultRuns runs(String filename) {
        Objects.requireNonNull(filename, "filename");
        return views().runs(filename);
    }

    @Override
    public byte[] runFile(String filename, String name) {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(name, "name");
        return views().runFile(filename, name);
    }

    private JobViews views() {
        return new JobViews(results, caller, new DefaultResults(results, caller)::get);
    }

    /**
     * Refuses a submission prefix with no file under it before the quota is spent: the job would only fail (the
     * reference launches it; docs/deviations.md).
     */
    private void requireSubmission(BucketId bucket, String submission) {
        String prefix = submission.endsWith("/") ? submission : submission + "/";
        if (!ctx.store().hasAny(bucket, prefix)) {
            throw CollabException.of(
                    ErrorCode.SOURCE_NOT_FOUND,
                    "no submission under " + prefix + " in your bucket " + bucket,
                    "upload the submission folder there first: "
                            + BucketCommands.of(ctx.store())
                                    .copyFolder("<folder>", "hf://buckets/" + bucket + "/" + submission));
        }
    }

    private JobLaunch runOnce(JobRunRequest request) {
        JobsConfig config = results.jobsConfig();
        if (!config.enabled() || results.harness().isEmpty()) {
            throw CollabException.of(
                    ErrorCode.JOBS_DISABLED,
                    "benchmark jobs are not enabled for this challenge",
                    "the organizers can enable them: jobs.runner (COLLAB_JOBS_RUNNER) local or hf-jobs for collab serve,"
                            + " JOBS_ENABLED=true for a service configured from the reference's variables");
        }
        String agentId = Names.agentId(request.agentId());
        String submission =
                BucketPath.validateUserPath(request.submissionPrefix()).value();
        String run = BucketPath.validateUserPath(request.runPrefix()).value();
        String hfUser = registeredUser(agentId);
        HfIdentity user = ctx.whoami(caller, "pass your HF token so we can verify you own this agent");
        BucketId bucket = ctx.config().agentBucket(agentId);
        checkHandshake(bucket, user);
        if (!user.name().equals(hfUser)) {
            throw CollabException.of(
                    ErrorCode.IDENTITY_MISMATCH,
                    "agent '" + agentId + "' is registered to '" + hfUser + "', not caller '" + user.name() + "'");
        }
        requireSubmission(bucket, submission);
        HarnessJobs harness = results.harness().orElseThrow();
        JobQuotaLedger.Launched<HarnessJobs.Run> launched = results.quota()
                .launchWithinQuota(agentId, hfUser, () -> launch(harness, agentId, hfUser, bucket, submission, run));
        HarnessJobs.Run job = launched.result();
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("job_id", job.handle().id());
        extras.put("hf_user", hfUser);
        String base = "hf://buckets/" + bucket + "/" + run + "/";
        long minutes = config.timeout().toMinutes();
        JobLaunch launch = new JobLaunch(
                agentId,
                hfUser,
                bucket.toString(),
                submission,
                bucket.toString(),
                run,
                job.handle().id(),
                job.handle().url(),
                "launched",
                minutes,
                base + "job_status.json",
                base + "job_logs.txt",
                new JobLaunch.Quota(launched.agentRemaining(), launched.userRemaining()),
                "benchmark launched (capped at " + minutes + " min). Poll job_status.json / job_logs.txt in your"
                        + " run_prefix, or view the job at job_url; you can read it but cannot manage it.");
        AuditEvent event =
                new AuditEvent(agentId, ROUTE, "job", "hf://buckets/" + bucket + "/" + submission, run, 0, 202, extras);
        // one transaction for every try: a try reported failed may have landed, and the next replaces its record
        String txn = ctx.commits().newTransaction();
        try {
            commitLaunch(event, launch, txn);
        } catch (RuntimeException e) {
            // the job runs and the quota is charged: a retry with the key answers this launch, not a second one
            ctx.idempotency().keepUnfinished(caller, () -> {
                ctx.commits().commit(List.of(), event, caller, launch, txn);
                return launch;
            });
            throw e;
        }
        return launch;
    }

    /** How often the commit of a launched job is tried, and the wait before the second try (then doubled). */
    static final int COMMIT_ATTEMPTS = 4;

    static final Duration COMMIT_BACKOFF = Duration.ofMillis(100);

    /**
     * Commits a launched job's audit row and idempotency record. The job already runs and its launch is charged,
     * so a transient failure of the central bucket is retried here (bounded, with backoff) rather than answered:
     * the row is what lists the job in {@code GET /v1/jobs}. Every try commits under the same transaction, so a try
     * that landed although it was reported failed leaves no second audit row.
     */
    private void commitLaunch(AuditEvent event, JobLaunch launch, String txn) {
        Duration wait = COMMIT_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                ctx.commits().commit(List.of(), event, caller, launch, txn);
                return;
            } catch (CollabException e) {
                if (attempt == COMMIT_ATTEMPTS || !(e.retryable() || e.code() == ErrorCode.BATCH_PARTIALLY_APPLIED)) {
                    throw e;
                }
                LOG.warn("commit of launched job " + launch.jobId() + " failed (" + e.getMessage() + "); retrying");
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw CollabException.of(ErrorCode.UNAVAILABLE, "interrupted while committing a launched job");
            }
            wait = wait.multipliedBy(2);
        }
    }

    private String registeredUser(String agentId) {
        String user = ctx.agents()
                .registration(agentId)
                .map(d -> d.doc().text("hf_user"))
                .orElse("");
        if (user.isEmpty()) {
            throw CollabException.of(
                    ErrorCode.NOT_REGISTERED,
                    "agent '" + agentId + "' is not registered",
                    "register first via POST /v1/agents/register");
        }
        return user;
    }

    private void checkHandshake(BucketId bucket, HfIdentity user) {
        String hint = BucketCommands.of(ctx.store()).handshake(user.name(), bucket, HANDSHAKE);
        String content;
        try {
            content = ctx.store().readString(bucket, BucketPath.of(HANDSHAKE)).orElse(null);
        } catch (CollabException e) {
            content = null;
        }
        if (content == null) {
            throw CollabException.of(
                    ErrorCode.BUCKET_NOT_OWNED_BY_CALLER, "handshake file missing in scratch bucket", hint);
        }
        if (!content.strip().equals(user.name())) {
            throw CollabException.of(
                    ErrorCode.BUCKET_NOT_OWNED_BY_CALLER,
                    "handshake content '" + content.strip() + "' does not match caller hf_user '" + user.name() + "'");
        }
    }

    private static HarnessJobs.Run launch(
            HarnessJobs harness, String agentId, String hfUser, BucketId bucket, String submission, String run) {
        try {
            return harness.launchBenchmark(agentId, hfUser, bucket, submission, run);
        } catch (CollabException e) {
            if (e.code() != ErrorCode.JOB_LAUNCH_FAILED) {
                throw e;
            }
            throw new CollabException(
                    ErrorCode.JOB_LAUNCH_FAILED,
                    "could not launch the benchmark job: " + e.getMessage(),
                    "this is a server/credits/permission issue, not your submission; retry shortly or contact the"
                            + " organizers",
                    null,
                    e);
        }
    }
}
