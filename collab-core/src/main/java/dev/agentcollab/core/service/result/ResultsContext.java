package dev.agentcollab.core.service.result;

import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.job.HarnessJobs;
import dev.agentcollab.core.service.job.JobIndex;
import dev.agentcollab.core.service.job.JobLedger;
import dev.agentcollab.core.service.job.JobQuotaLedger;
import dev.agentcollab.core.service.job.JobReconciler;
import dev.agentcollab.core.service.job.JobsConfig;
import dev.agentcollab.core.service.leaderboard.LeaderboardCache;
import dev.agentcollab.core.service.leaderboard.RankedResults;
import dev.agentcollab.core.service.verify.OrganizerVerdicts;
import dev.agentcollab.core.service.verify.VerificationIndex;
import dev.agentcollab.core.service.verify.Verifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The state that results, the leaderboard, syncs, traces and jobs share within one service instance: their
 * settings, the verification index, the durable job quota, the harness launcher and the verifier. Built once per
 * {@code CollabService}; thread safe. {@link #close()} stops the job watchers and closes the runner.
 */
public final class ResultsContext implements AutoCloseable {
    private final ServiceContext ctx;
    private final ResultsConfig config;
    private final JobsConfig jobsConfig;
    private final VerificationIndex index;
    private final JobQuotaLedger quota;
    private final Optional<HarnessJobs> harness;
    private final JobLedger jobLedger;
    private final JobIndex jobIndex;
    private final Optional<Verifier> verifier;
    private final LeaderboardCache leaderboards = new LeaderboardCache();
    private final RankedResults ranked;
    private final OrganizerVerdicts verdicts;

    /**
     * Builds the context.
     *
     * @param ctx the shared service infrastructure
     * @param config result, leaderboard, sync and verifier settings
     * @param jobsConfig job settings
     * @param runner the job runner, or empty when neither jobs nor the verifier can run
     * @param rankedSnapshot the local file the ranked results are kept in between runs, or empty for none
     */
    public ResultsContext(
            ServiceContext ctx,
            ResultsConfig config,
            JobsConfig jobsConfig,
            Optional<JobRunner> runner,
            Optional<Path> rankedSnapshot) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.config = Objects.requireNonNull(config, "config");
        this.jobsConfig = Objects.requireNonNull(jobsConfig, "jobsConfig");
        this.index = new VerificationIndex(
                ctx.store(),
                ctx.config().centralBucket(),
                ctx.config().auditBucket(),
                config.verificationRunsPrefix(),
                ctx.clock(),
                ctx.reads()::apply);
        this.ranked = new RankedResults(ctx.reads(), config.rankingPolicy(), rankedSnapshot);
        this.quota = new JobQuotaLedger(
                ctx.store(),
                ctx.config().auditBucket(),
                BucketPath.of(jobsConfig.ledgerPath()),
                jobsConfig.perAgentPerDay(),
                jobsConfig.perUserPerDay(),
                jobsConfig.quotaWindow(),
                ctx.clock());
        this.jobLedger = new JobLedger(ctx.store(), ctx.config().auditBucket());
        this.jobIndex = new JobIndex(
                ctx.store(),
                ctx.audit(),
                ctx.config().auditBucket(),
                ctx.config()::agentBucket,
                config.verificationRunsPrefix(),
                ctx.clock());
        this.harness = runner.map(r -> new HarnessJobs(
                jobsConfig,
                r,
                ctx.store(),
                ctx.config().centralBucket(),
                ctx.config().collabSlug(),
                ctx.clock(),
                jobLedger));
        harness.ifPresent(h -> {
            if (jobsConfig.enabled() || config.verifierEnabled()) {
                checkFlavor(h.runner(), jobsConfig.flavor());
            }
        });
        if (config.verifierEnabled() && harness.isEmpty()) {
            throw new IllegalArgumentException("the verifier is enabled but no job runner is configured");
        }
        this.verifier = config.verifierEnabled() ? harness.map(h -> new Verifier(ctx, this, h)) : Optional.empty();
        this.verdicts = new OrganizerVerdicts(ctx, index, filename -> ResultStore.document(ctx.reads(), filename)
                .isPresent());
    }

    /**
     * Settles the jobs a stopped server left unfinished, in two passes. First the ledger ({@link JobReconciler}):
     * every job this collaboration launched and had not finished is failed, finished or watched again until its
     * recorded deadline, and the verifier judges re-runs that finished meanwhile and launches again those that were
     * lost. Then, on a background thread, {@link HarnessJobs#reconcile()} lists the platform's live jobs by label
     * and adopts or cancels those no watcher follows; the jobs the first pass watches again count as watched, so
     * they are neither canceled nor watched twice. Call once at start-up.
     *
     * @return what the ledger pass settled
     */
    public List<JobReconciler.Settled> reconcileJobs() {
        List<JobReconciler.Settled> settled = harness.map(h -> new JobReconciler(h, jobLedger, ctx.store(), ctx.clock())
                        .run(filename -> verifier.ifPresent(v -> v.afterRestart(filename))))
                .orElse(List.of());
        verifier.ifPresent(Verifier::reconcile);
        if (jobsConfig.enabled() || config.verifierEnabled()) {
            harness.ifPresent(HarnessJobs::reconcileInBackground);
        }
        return settled;
    }

    /**
     * The shared service infrastructure.
     *
     * @return the service context
     */
    public ServiceContext service() {
        return ctx;
    }

    /**
     * Result, leaderboard, sync and verifier settings.
     *
     * @return the settings
     */
    public ResultsConfig config() {
        return config;
    }

    /**
     * Job settings.
     *
     * @return the settings
     */
    public JobsConfig jobsConfig() {
        return jobsConfig;
    }

    /**
     * The leaderboards computed so far, kept until results, registrations or verdicts change.
     *
     * @return the cache
     */
    public LeaderboardCache leaderboards() {
        return leaderboards;
    }

    /**
     * The verification index as it stands, with its generation and its own writes' changes, as the ranked results
     * read it.
     *
     * @return the states
     */
    public RankedResults.States verdicts() {
        Map<String, String> entries = index.read();
        return new RankedResults.States(entries, index.generationOf(entries), index::changedBetween);
    }

    /**
     * The results in leaderboard order, kept as they change.
     *
     * @return the ranked results
     */
    public RankedResults ranked() {
        return ranked;
    }

    /**
     * The verification index.
     *
     * @return the index
     */
    public VerificationIndex index() {
        return index;
    }

    /**
     * The durable job quota.
     *
     * @return the ledger
     */
    public JobQuotaLedger quota() {
        return quota;
    }

    /**
     * The index of every benchmark and verification run, for the organizers' jobs list.
     *
     * @return the index
     */
    public JobIndex jobIndex() {
        return jobIndex;
    }

    /**
     * The harness launcher, when a job runner is configured.
     *
     * @return the launcher
     */
    public Optional<HarnessJobs> harness() {
        return harness;
    }

    /**
     * Organizers' verdicts on results.
     *
     * @return the feature
     */
    public OrganizerVerdicts organizerVerdicts() {
        return verdicts;
    }

    /**
     * The automated verifier, when enabled.
     *
     * @return the verifier
     */
    public Optional<Verifier> verifier() {
        return verifier;
    }

    /**
     * Stops job watchers, closes the job runner and writes the ranked results' snapshot when there is one (a
     * snapshot that cannot be written is logged: the next start then reads every result).
     */
    @Override
    public void close() {
        try {
            harness.ifPresent(h -> {
                h.close();
                h.runner().close();
            });
        } finally {
            try {
                ranked.awaitSave();
                ranked.save();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(ResultsContext.class)
                        .warn(
                                "the ranked results snapshot could not be written at shutdown; the next start reads"
                                        + " every result",
                                e);
            }
        }
    }

    /**
     * Fails the start-up when the runner does not offer the configured flavor; a runner that cannot be asked right
     * now is logged and trusted.
     */
    private static void checkFlavor(JobRunner runner, String flavor) {
        try {
            runner.checkFlavor(flavor);
        } catch (dev.agentcollab.api.error.CollabException e) {
            LoggerFactory.getLogger(ResultsContext.class)
                    .warn("could not check JOB_FLAVOR '" + flavor + "' against the runner: " + e.getMessage());
        }
    }
}
