package dev.agentcollab.core.service.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.job.JobRun;
import dev.agentcollab.api.job.JobsOverview;
import dev.agentcollab.api.job.ResultRuns;
import dev.agentcollab.api.result.ResultRecord;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.result.ResultsContext;
import dev.agentcollab.core.service.verify.SubmissionResolver;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of jobs for the dashboard (extensions of the reference API): the organizers' list of benchmark
 * and verification jobs with the quota use ({@code GET /v1/jobs}), a result's verification runs
 * ({@code GET /v1/results/{filename}/runs}) and the files of a run folder. The list is a page of the
 * {@link JobIndex} (every job since the collaboration began, read once and kept up to date), with each job's
 * status as its run folder holds it now (final statuses are kept); quota use comes from the {@link JobQuotaLedger}
 * (its 24 h window). Unreadable records are skipped and logged. Thread safe.
 */
public final class JobViews {
    /** The largest {@code limit} of {@link #overview}. */
    public static final int MAX_LIMIT = 500;

    private static final Logger LOG = LoggerFactory.getLogger(JobViews.class);
    private static final int MAX_FILES = 200;

    private final ResultsContext results;
    private final ServiceContext ctx;
    private final CallContext caller;
    private final Function<String, ResultRecord> resultOf;

    /**
     * Creates the views for one caller.
     *
     * @param results the results context (settings, quota ledger)
     * @param caller the caller
     * @param resultOf reads a result by filename ({@code NOT_FOUND} when unknown)
     */
    public JobViews(ResultsContext results, CallContext caller, Function<String, ResultRecord> resultOf) {
        this.results = Objects.requireNonNull(results, "results");
        this.ctx = results.service();
        this.caller = Objects.requireNonNull(caller, "caller");
        this.resultOf = Objects.requireNonNull(resultOf, "resultOf");
    }

    /**
     * See {@link dev.agentcollab.api.job.Jobs#overview(int, Optional)}.
     *
     * @param limit at most this many jobs
     * @param pageToken the token of an earlier page, or empty for the first
     * @return the overview
     */
    public JobsOverview overview(int limit, Optional<String> pageToken) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw CollabException.of(
                    ErrorCode.INVALID_QUERY, "`limit` must be in [1, " + MAX_LIMIT + "], got " + limit);
        }
        requireOrganizer();
        JobIndex.Slice slice = results.jobIndex().page(limit, pageToken);
        List<JobRun> jobs = new ArrayList<>();
        for (JobIndex.Job job : slice.jobs()) {
            jobs.add(
                    switch (job) {
                        case JobIndex.Benchmark b -> benchmark(b);
                        case JobIndex.Verification v -> verification(v, false);
                    });
        }
        JobsConfig jc = results.jobsConfig();
        List<JobQuotaLedger.Entry> window = results.quota().inWindow();
        return new JobsOverview(
                jc.enabled(),
                results.config().verifierEnabled(),
                jc.quotaWindow().toSeconds(),
                jobs,
                quotas(window, JobQuotaLedger.Entry::agentId, jc.perAgentPerDay(), jc.quotaWindow()),
                quotas(window, JobQuotaLedger.Entry::hfUser, jc.perUserPerDay(), jc.quotaWindow()),
                slice.nextPageToken());
    }

    /**
     * See {@link dev.agentcollab.api.job.Jobs#runs(String)}.
     *
     * @param filename the result
     * @return the runs
     */
    public ResultRuns runs(String filename) {
        ResultRecord r = resultOf.apply(filename);
        String owner = String.valueOf(r.frontmatter().getOrDefault("agent", ""));
        Optional<SubmissionResolver.Location> submission = Optional.empty();
        try {
            submission = new SubmissionResolver(ctx.store(), ctx.config().centralBucket(), ctx.config()::agentBucket)
                    .resolve(r.frontmatter(), owner);
        } catch (RuntimeException e) {
            LOG.debug("no submission resolved for " + filename, e);
        }
        List<JobRun.RunFile> files = submission
                .map(s -> listFiles(s.bucket(), s.prefix(), name -> ""))
                .orElse(List.of());
        return new ResultRuns(
                r.filename(),
                r.verification(),
                submission
                        .map(s -> "hf://buckets/" + s.bucket() + "/" + s.prefix())
                        .orElse(""),
                files,
                verificationRuns(r.filename()));
    }

    /**
     * See {@link dev.agentcollab.api.job.Jobs#runFile(String, String)}.
     *
     * @param filename the result
     * @param name the file inside the run folder
     * @return the bytes
     */
    public byte[] runFile(String filename, String name) {
        requireOrganizer();
        String rel = BucketPath.validateUserPath(name).value();
        ResultRecord r = resultOf.apply(filename);
        return ctx.store()
                .read(ctx.config().auditBucket(), BucketPath.of(runFolder(r.filename()) + "/" + rel))
                .orElseThrow(() -> CollabException.notFound(runFolder(r.filename()) + "/" + rel));
    }

    private void requireOrganizer() {
        ctx.requireOrganizer(caller, "the jobs overview is for organizers; pass an organizer's token");
    }

    /** A benchmark launch with the status its run folder holds now (kept once final). */
    private JobRun benchmark(JobIndex.Benchmark b) {
        return job(
                b.jobId(),
                "benchmark",
                b.agentId(),
                b.hfUser(),
                "",
                results.jobIndex().status(b),
                b.requestedAt(),
                "hf://buckets/" + b.bucket() + "/" + b.runPrefix(),
                "",
                "",
                Map.of(),
                List.of());
    }

    /** One result's verification run, read from its folder now, with its files. */
    private List<JobRun> verificationRuns(String filename) {
        BucketId audit = ctx.config().auditBucket();
        if (!ctx.store().exists(audit)) {
            return List.of();
        }
        String folder = runFolder(filename);
        JsonNode status = readJson(audit, folder + "/job_status.json");
        if (status.isMissingNode()) {
            return List.of();
        }
        JobIndex.Verification v = new JobIndex.Verification(
                new JobIndex.Key(Instant.EPOCH, "verification", filename),
                filename,
                folder,
                readJson(audit, folder + "/verification_request.json"),
                status,
                readJson(audit, folder + "/verdict.json"),
                readJson(audit, folder + "/summary.json"),
                "");
        return List.of(verification(v, true));
    }

    private JobRun verification(JobIndex.Verification v, boolean withFiles) {
        BucketId audit = ctx.config().auditBucket();
        JsonNode status = v.status();
        boolean sameJob = v.verdict()
                .path("job_id")
                .asText("")
                .equals(status.path("job_id").asText(""));
        String base = "/v1/results/" + enc(v.filename()) + "/runs/files/";
        return job(
                status.path("job_id").asText(""),
                "verification",
                agentOf(v.filename()),
                "",
                v.filename(),
                status,
                v.request().path("requested_at").asText(""),
                "hf://buckets/" + audit + "/" + v.folder(),
                sameJob ? v.verdict().path("state").asText("") : "",
                sameJob ? v.verdict().path("reason").asText("") : "",
                measured(v.summary()),
                withFiles ? listFiles(audit, v.folder(), name -> base + encPath(name)) : List.of());
    }

    private String agentOf(String filename) {
        try {
            return String.valueOf(resultOf.apply(filename).frontmatter().getOrDefault("agent", ""));
        } catch (CollabException e) {
            return "";
        }
    }

    private JobRun job(
            String jobId,
            String kind,
            String agent,
            String hfUser,
            String filename,
            JsonNode status,
            String requestedAt,
            String runFolder,
            String verdict,
            String reason,
            Map<String, Object> measured,
            List<JobRun.RunFile> files) {
        String launched =
                status.path("launched_at").asText(status.path("requested_at").asText(requestedAt));
        String finished = status.path("finished_at").asText("");
        return new JobRun(
                jobId.isEmpty() ? status.path("job_id").asText("") : jobId,
                status.path("job_url").asText(""),
                kind,
                agent,
                hfUser.isEmpty() ? status.path("hf_user").asText("") : hfUser,
                filename,
                status.path("status").asText(status.isMissingNode() ? "unknown" : ""),
                text(status.path("stage")),
                text(status.path("message")),
                launched,
                finished,
                runtime(launched, finished),
                runFolder,
                verdict,
                reason,
                measured,
                files);
    }

    private long runtime(String launched, String finished) {
        try {
            Instant from = Instant.parse(launched);
            Instant to = finished.isEmpty() ? ctx.now() : Instant.parse(finished);
            return Math.max(0, Duration.between(from, to).toSeconds());
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "" : n.asText();
    }

    /** The scalar figures at the top level of a summary, in key order. */
    private static Map<String, Object> measured(JsonNode summary) {
        Map<String, Object> out = new TreeMap<>();
        summary.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isNumber()) {
                out.put(e.getKey(), v.numberValue());
            } else if (v.isTextual() || v.isBoolean()) {
                out.put(e.getKey(), v.isBoolean() ? v.booleanValue() : v.asText());
            }
        });
        return out;
    }

    private List<JobRun.RunFile> listFiles(BucketId bucket, String prefix, Function<String, String> url) {
        List<JobRun.RunFile> out = new ArrayList<>();
        try {
            if (!ctx.store().exists(bucket)) {
                return out;
            }
            for (BucketEntry e : ctx.store().listAll(bucket, prefix + "/")) {
                if (out.size() >= MAX_FILES) {
                    break;
                }
                String name = e.path().value().substring(prefix.length() + 1);
                out.add(new JobRun.RunFile(name, Math.max(0, e.size()), url.apply(name)));
            }
        } catch (RuntimeException e) {
            LOG.warn("could not list " + bucket + "/" + prefix, e);
        }
        return out;
    }

    private JsonNode readJson(BucketId bucket, String path) {
        try {
            Optional<byte[]> raw = ctx.store().read(bucket, BucketPath.of(path));
            if (raw.isEmpty()) {
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
            JsonNode n = Json.mapper().readTree(raw.get());
            return n == null || !n.isObject() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : n;
        } catch (IOException | RuntimeException e) {
            LOG.debug("unreadable " + bucket + "/" + path, e);
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    private static List<JobsOverview.QuotaUse> quotas(
            List<JobQuotaLedger.Entry> window, Function<JobQuotaLedger.Entry, String> key, int limit, Duration length) {
        Map<String, List<Instant>> by = new TreeMap<>();
        for (JobQuotaLedger.Entry e : window) {
            by.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e.ts());
        }
        List<JobsOverview.QuotaUse> out = new ArrayList<>();
        by.forEach((name, stamps) -> {
            Instant oldest = stamps.stream().min(Instant::compareTo).orElseThrow();
            out.add(new JobsOverview.QuotaUse(
                    name, stamps.size(), limit, Math.max(0, limit - stamps.size()), Stamps.iso(oldest.plus(length))));
        });
        return out;
    }

    private String runsPrefix() {
        String p = results.config().verificationRunsPrefix();
        return p.isEmpty() ? "" : p + "/";
    }

    private String runFolder(String filename) {
        return runsPrefix() + filename;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encPath(String s) {
        List<String> parts = new ArrayList<>();
        for (String p : s.split("/", -1)) {
            parts.add(enc(p));
        }
        return String.join("/", parts);
    }
}
