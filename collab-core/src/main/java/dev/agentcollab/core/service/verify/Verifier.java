package dev.agentcollab.core.service.verify;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.job.spi.JobHandle;
import dev.agentcollab.api.result.Verification;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.RecentRuns;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.internal.StoredDoc;
import dev.agentcollab.core.service.job.HarnessJobs;
import dev.agentcollab.core.service.job.JobOutcome;
import dev.agentcollab.core.service.leaderboard.LeaderboardRanker;
import dev.agentcollab.core.service.leaderboard.RankedResults;
import dev.agentcollab.core.service.result.ResultStore;
import dev.agentcollab.core.service.result.ResultsConfig;
import dev.agentcollab.core.service.result.ResultsContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The automated verifier (reference §8). After a result is promoted it checks, cheaply and in the request: the
 * result is {@code agent-run} with a positive score, not already {@code valid}/{@code invalid}, not in flight, and
 * strictly better than the best {@code valid} result (or there is none yet). It then locates the submission (see
 * {@link SubmissionResolver}); when none can be found it says so on the board and launches nothing. Otherwise it
 * writes {@code verification_request.json} into {@code <runs>/<filename>/} of the audit bucket and launches the
 * harness on the private data set through the job runner.
 *
 * <p>When the job ends, its logs and status are stored next to the request; a completed run's
 * {@code summary.json} is judged by {@link VerdictRules}, written through the index's compare-and-set (a human
 * verdict always wins) and, when written, announced on the board as the verifier agent with the metric table.
 * Failed, timed-out or undecidable runs leave the result {@code pending} silently. Nothing here ever fails or
 * delays the promotion. Thread safe.
 */
public final class Verifier {
    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);

    private final ServiceContext ctx;
    private final ResultsContext results;
    private final HarnessJobs harness;
    private final SubmissionResolver resolver;
    private final BoardAnnouncer announcer;
    private final Map<String, CompletableFuture<Optional<String>>> inFlight = new ConcurrentHashMap<>();
    /** The verifications running, and the newest ended ones. */
    private final RecentRuns<CompletableFuture<Optional<String>>> launched = new RecentRuns<>();

    /**
     * Creates the verifier.
     *
     * @param ctx the service infrastructure
     * @param results the results context (settings and index)
     * @param harness the harness launcher
     */
    public Verifier(ServiceContext ctx, ResultsContext results, HarnessJobs harness) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.results = Objects.requireNonNull(results, "results");
        this.harness = Objects.requireNonNull(harness, "harness");
        this.resolver = new SubmissionResolver(ctx.store(), ctx.config().centralBucket(), ctx.config()::agentBucket);
        this.announcer = new BoardAnnouncer(ctx);
    }

    /**
     * The hook called after a result is promoted. Never throws.
     *
     * @param filename the result's filename
     * @param fm its stamped frontmatter
     * @return the verdict to come ({@code valid}, {@code invalid}, or empty when the run could not decide), or empty
     *     when no verification was launched
     */
    public Optional<CompletableFuture<Optional<String>>> maybeTrigger(String filename, Map<String, Object> fm) {
        try {
            return trigger(filename, fm);
        } catch (RuntimeException e) {
            LOG.warn("verification trigger failed for " + filename, e);
            CompletableFuture<Optional<String>> pending = inFlight.remove(filename);
            if (pending != null) {
                pending.complete(Optional.empty());
                launched.ended(filename, pending);
            }
            return Optional.empty();
        }
    }

    /**
     * The latest verification this verifier launched for a result, running or finished (for embedders and tests
     * that wait for a verdict): kept while it runs and until {@link RecentRuns#KEEP_ENDED} later verifications have
     * ended.
     *
     * @param filename the result's filename
     * @return completes with the verdict written, or empty when none was written
     */
    public Optional<CompletableFuture<Optional<String>>> verification(String filename) {
        return launched.get(filename);
    }

    /**
     * Whether a promoted result claims a new best and should be re-run.
     *
     * @param filename the result's filename
     * @param fm its frontmatter
     * @return {@code true} when it should be verified
     */
    public boolean shouldVerify(String filename, Map<String, Object> fm) {
        ResultsConfig config = results.config();
        OptionalDouble score = LeaderboardRanker.positiveNumber(fm.get(config.scoreField()));
        if (!"agent-run".equals(fm.get("status")) || score.isEmpty() || inFlight.containsKey(filename)) {
            return false;
        }
        RankedResults.States verdicts = results.verdicts();
        String state = verdicts.index().get(filename);
        if (Verification.VALID.equals(state) || Verification.INVALID.equals(state)) {
            return false;
        }
        OptionalDouble champion = results.ranked()
                .champion(verdicts)
                .orElseGet(() ->
                        VerdictRules.championScore(ResultStore.rankInputs(ctx.reads()), verdicts.index(), config));
        return champion.isEmpty() || config.scoreOrder().better(score.getAsDouble(), champion.getAsDouble());
    }

    private Optional<CompletableFuture<Optional<String>>> trigger(String filename, Map<String, Object> fm) {
        if (!shouldVerify(filename, fm)) {
            return Optional.empty();
        }
        ResultsConfig config = results.config();
        String owner = Names.agentFromFilename(filename);
        VerdictRules.Claim claim = VerdictRules.Claim.of(fm, config).orElseThrow();
        double reported = claim.score();
        Optional<SubmissionResolver.Location> submission = resolver.resolve(fm, owner);
        if (submission.isEmpty()) {
            announce(filename, VerifierMessages.unreproducible(owner, filename));
            return Optional.empty();
        }
        CompletableFuture<Optional<String>> verdict = new CompletableFuture<>();
        if (inFlight.putIfAbsent(filename, verdict) != null) {
            return Optional.empty();
        }
        launched.put(filename, verdict);
        BucketId audit = ctx.config().auditBucket();
        String runPrefix = config.verificationRunsPrefix() + "/" + filename;
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("filename", filename);
        request.put("reported_score", reported);
        claim.ratio().ifPresent(r -> request.put("reported_ratio", r));
        request.put("submission_bucket", submission.get().bucket().toString());
        request.put("submission_prefix", submission.get().prefix());
        request.put("requested_at", Stamps.iso(ctx.now()));
        request.put("by", config.verifierAgent());
        put(audit, runPrefix + "/verification_request.json", PrettyJson.write(request));
        JobHandle job = harness.launchVerification(
                submission.get().bucket(),
                submission.get().prefix(),
                audit,
                config.privateDatasetPrefix(),
                runPrefix,
                filename);
        LOG.info("verification launched for " + filename + ": job " + job.id());
        harness.watch(job).whenComplete((outcome, error) -> {
            Optional<String> written = Optional.empty();
            try {
                if (outcome != null) {
                    written = finish(filename, owner, claim, runPrefix, job, outcome);
                }
            } catch (RuntimeException e) {
                LOG.warn("verification watcher failed for " + filename + "; leaving pending", e);
            } finally {
                inFlight.remove(filename);
                verdict.complete(written);
                launched.ended(filename, verdict);
            }
        });
        return Optional.of(verdict);
    }

    private Optional<String> finish(
            String filename,
            String owner,
            VerdictRules.Claim claim,
            String runPrefix,
            JobHandle job,
            JobOutcome outcome) {
        BucketId audit = ctx.config().auditBucket();
        putQuietly(audit, runPrefix + "/job_logs.txt", harness.logs(job.id()));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("status", outcome.status());
        status.put("stage", outcome.stage().map(Enum::name).orElse(null));
        status.put("message", outcome.message());
        status.put("job_id", job.id());
        status.put("job_url", job.url());
        status.put("filename", filename);
        status.put("finished_at", Stamps.iso(ctx.now()));
        putQuietly(audit, runPrefix + "/job_status.json", PrettyJson.write(status));
        if (!outcome.completed()) {
            LOG.warn("verification job " + job.id() + " for " + filename + " ended " + outcome.status()
                    + "; leaving pending");
            return Optional.empty();
        }
        Optional<byte[]> summary = ctx.store().read(audit, BucketPath.of(runPrefix + "/summary.json"));
        if (summary.isEmpty()) {
            LOG.warn("verification job for " + filename + " wrote no summary.json; leaving pending");
            return Optional.empty();
        }
        Map<String, Object> parsed;
        try {
            parsed = Json.mapper().readValue(summary.get(), new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            LOG.warn("summary.json of " + filename + " is not a JSON object; leaving pending");
            return Optional.empty();
        }
        return recordVerdict(filename, owner, claim, parsed, job.id());
    }

    /**
     * Heals verification runs whose watcher was lost (a restart while a Hub job ran on): every run folder in the
     * audit bucket with a {@code verification_request.json} and a {@code summary.json} but no verdict in the private
     * ledger is judged and recorded exactly as the watcher would have (compare-and-set, announcement); a verdict the
     * index already holds with the verifier's announcement of it on the board (a stop before its ledger record) is
     * recorded in the ledger as the verifier's own and not announced again. Runs still in flight in this instance
     * are skipped. Safe to call at any time, e.g. at startup or from an operator command.
     *
     * @return the filenames whose verdict was written, with the verdict
     */
    public Map<String, String> reconcile() {
        BucketId audit = ctx.config().auditBucket();
        String prefix = results.config().verificationRunsPrefix() + "/";
        Map<String, String> written = new LinkedHashMap<>();
        for (var entry : ctx.store().listAll(audit, prefix)) {
            String path = entry.path().value();
            if (!path.endsWith("/verification_request.json")) {
                continue;
            }
            String runPrefix = path.substring(0, path.length() - "/verification_request.json".length());
            String filename = runPrefix.substring(prefix.length());
            if (filename.contains("/")
                    || inFlight.containsKey(filename)
                    || results.index().ledgerState(filename).isPresent()) {
                continue;
            }
            try {
                Optional<Map<String, Object>> request = readJson(audit, path);
                Optional<Map<String, Object>> summary = readJson(audit, runPrefix + "/summary.json");
                if (request.isEmpty() || summary.isEmpty()) {
                    continue;
                }
                Optional<VerdictRules.Claim> claim = request.get().containsKey("reported_score")
                        ? VerdictRules.Claim.of(request.get(), results.config())
                        : Optional.empty();
                if (claim.isEmpty()) {
                    continue;
                }
                if (adoptAnnounced(filename, claim.get(), summary.get(), request.get())) {
                    LOG.info("recorded the announced verdict of " + filename + " in the ledger");
                    continue;
                }
                recordVerdict(
                                filename,
                                Names.agentFromFilename(filename),
                                claim.get(),
                                summary.get(),
                                String.valueOf(request.get().getOrDefault("job_id", "")))
                        .ifPresent(v -> written.put(filename, v));
            } catch (RuntimeException e) {
                LOG.warn("could not reconcile the verification of " + filename, e);
            }
        }
        return written;
    }

    /**
     * After a restart settled a verification job: judges the run when its summary arrived meanwhile, otherwise
     * launches the verification again (when the result still needs one).
     *
     * @param filename the result's filename
     */
    public void afterRestart(String filename) {
        if (reconcile().containsKey(filename)
                || results.index().ledgerState(filename).isPresent()) {
            return;
        }
        try {
            ResultStore.document(ctx.reads(), filename)
                    .ifPresent(d -> maybeTrigger(filename, d.doc().frontmatter()));
        } catch (RuntimeException e) {
            LOG.warn("could not launch the verification of " + filename + " again", e);
        }
    }

    private Optional<Map<String, Object>> readJson(BucketId bucket, String path) {
        Optional<byte[]> bytes = ctx.store().read(bucket, BucketPath.of(path));
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(bytes.get(), new TypeReference<Map<String, Object>>() {}));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Judges a completed re-run, writes the verdict through the compare-and-set and announces it.
     *
     * @param filename the result's filename
     * @param owner the result's author
     * @param reported the claimed score
     * @param summary the re-run's summary
     * @param jobId the job, for the ledger
     * @return the verdict written, or empty when undecidable, deferred to a human, or skipped
     */
    public Optional<String> recordVerdict(
            String filename, String owner, double reported, Map<String, Object> summary, String jobId) {
        return recordVerdict(filename, owner, new VerdictRules.Claim(reported, OptionalDouble.empty()), summary, jobId);
    }

    /**
     * Judges a completed re-run against a claim (score and, when judged, ratio), writes the verdict through the
     * compare-and-set and announces it with its reason.
     *
     * @param filename the result's filename
     * @param owner the result's author
     * @param claim what the result claims
     * @param summary the re-run's summary
     * @param jobId the job, for the ledger
     * @return the verdict written, or empty when undecidable, deferred to a human, or skipped
     */
    public Optional<String> recordVerdict(
            String filename, String owner, VerdictRules.Claim claim, Map<String, Object> summary, String jobId) {
        ResultsConfig config = results.config();
        double reported = claim.score();
        Optional<VerdictRules.Verdict> verdict = VerdictRules.verdict(claim, summary, config);
        if (verdict.isEmpty()) {
            LOG.warn("summary for " + filename + " lacks usable numbers; leaving pending");
            return Optional.empty();
        }
        Map<String, Object> details = ledgerDetails(verdict.get(), config, reported, jobId);
        String body = VerifierMessages.verdict(config, owner, filename, reported, verdict.get());
        // the index's new content and the announcement are one batch: a verdict is never written unannounced
        VerificationIndex.Outcome outcome;
        try {
            outcome = results.index()
                    .setVerdict(
                            filename,
                            verdict.get().state(),
                            config.verifierAgent(),
                            details,
                            ops -> announcer.post(
                                    config.verifierAgent(),
                                    "verification",
                                    body,
                                    List.of(filename),
                                    new BoardAnnouncer.Audit("/v1/messages", 201, Map.of()),
                                    CallContext.anonymous(),
                                    f -> f,
                                    ops));
        } catch (RuntimeException e) {
            LOG.warn("verdict for " + filename + " could not be written with its announcement; leaving pending", e);
            return Optional.empty();
        }
        if (outcome != VerificationIndex.Outcome.WRITTEN) {
            return Optional.empty();
        }
        LOG.info(filename + " verified " + verdict.get().state() + ": " + details.get("reason"));
        return Optional.of(verdict.get().state());
    }

    /**
     * Whether the index holds the verdict a run judges and the board carries the verifier's announcement of it (a
     * stop after their batch, before the ledger record): then the ledger record is written, and nothing announced
     * again.
     */
    private boolean adoptAnnounced(
            String filename, VerdictRules.Claim claim, Map<String, Object> summary, Map<String, Object> request) {
        ResultsConfig config = results.config();
        Optional<VerdictRules.Verdict> verdict = VerdictRules.verdict(claim, summary, config);
        if (verdict.isEmpty()
                || !verdict.get().state().equals(results.index().read().get(filename))) {
            return false;
        }
        String body = VerifierMessages.verdict(
                config, Names.agentFromFilename(filename), filename, claim.score(), verdict.get());
        String since = Optional.ofNullable(request.get("requested_at"))
                .flatMap(t -> {
                    try {
                        return Optional.of(Stamps.filename(Instant.parse(t.toString())));
                    } catch (RuntimeException e) {
                        return Optional.empty();
                    }
                })
                .orElse("");
        String suffix = "_" + config.verifierAgent() + ".md";
        List<BucketEntry> board = ctx.reads().list("message_board/");
        boolean announced = false;
        for (int i = board.size() - 1; i >= 0 && !announced; i--) {
            String path = board.get(i).path().value();
            String leaf = path.substring("message_board/".length());
            if (leaf.compareTo(since) < 0) {
                break; // older than the run's request
            }
            if (!leaf.endsWith(suffix)) {
                continue;
            }
            announced = ctx.reads()
                    .document(path)
                    .map(StoredDoc::doc)
                    .filter(d -> "verification".equals(d.frontmatter().get("type"))
                            && config.verifierAgent().equals(d.frontmatter().get("agent"))
                            && List.of(filename).equals(d.frontmatter().get("refs"))
                            && body.strip().equals(d.body().strip()))
                    .isPresent();
        }
        if (!announced) {
            return false;
        }
        return results.index()
                .recordOwnVerdict(
                        filename,
                        verdict.get().state(),
                        config.verifierAgent(),
                        ledgerDetails(
                                verdict.get(),
                                config,
                                claim.score(),
                                String.valueOf(request.getOrDefault("job_id", ""))));
    }

    /** What the private ledger records of a verifier's verdict: the rules' figures, the claim, the reason, the job. */
    private static Map<String, Object> ledgerDetails(
            VerdictRules.Verdict verdict, ResultsConfig config, double reported, String jobId) {
        Map<String, Object> details = new LinkedHashMap<>(verdict.details());
        details.put("reported_score", reported);
        details.put("reason", verdict.reason(config, reported));
        details.put("job_id", jobId);
        return details;
    }

    private void announce(String filename, String body) {
        try {
            announcer.post(results.config().verifierAgent(), "verification", body, List.of(filename));
        } catch (RuntimeException e) {
            LOG.warn("verification announcement failed for " + filename, e);
        }
    }

    private void put(BucketId bucket, String path, String text) {
        ctx.store().put(bucket, BucketPath.of(path), text.getBytes(StandardCharsets.UTF_8));
        if (bucket.equals(ctx.config().auditBucket())) {
            results.jobIndex().written(path); // the jobs page shows the run's new state at once
        }
    }

    private void putQuietly(BucketId bucket, String path, String text) {
        try {
            put(bucket, path, text);
        } catch (RuntimeException e) {
            LOG.warn("could not write " + path, e);
        }
    }
}
