package dev.agentcollab.core.service.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.internal.AuditLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs of {@code GET /v1/jobs}, kept so that a page costs what it shows rather than the collaboration's
 * history. Every job since the collaboration began is in one sorted index, newest launch request first:
 *
 * <ul>
 *   <li><b>Benchmarks</b> come from the audit log's {@code POST /v1/jobs:run} rows: the durable rows are read a
 *       file at a time, newest first, as far back as the pages asked for reach, each file once
 *       ({@link AuditLog#durableParts}; the first page after a start reads the newest files only, not the whole
 *       history nor the whole month), and every row this
 *       service hands to its audit log from its construction on is indexed in memory when it is handed over
 *       ({@link AuditLog#subscribeQueued}), that is before the launch is answered, while the row itself is written
 *       behind the answer. So a page lists every launch answered before it without waiting for the audit writer,
 *       and a launch seen both ways is listed once (by job id). Launches of another process over the same buckets
 *       are listed after a restart. The status of a job on a page
 *       is read from its run folder's {@code job_status.json} only while the job is not final; a final status
 *       ({@link #FINAL}) is kept and never read again.
 *   <li><b>Verification runs</b> are the folders of {@code <runs prefix>/} in the audit bucket. The folder is listed
 *       whole (metadata only) at the first page and at most every {@link #RELIST}; between, a page lists only the
 *       folders of runs that can still change (not final, or written by this service's verifier since the last
 *       page, {@link #written}), so a poll's cost follows the runs in flight, not every run ever verified. A run's
 *       four small files are re-read only when one of their content hashes changed; a run an operator rewrote or
 *       removed by hand shows within {@link #RELIST}.
 * </ul>
 *
 * <p>A page continues strictly after the job its token names ({@link #page}); the order is by the immutable time
 * of the launch request, so jobs launched meanwhile land in front of the first page and never shift a later one.
 * Thread safe.
 */
public final class JobIndex {
    /** The statuses after which a job's {@code job_status.json} no longer changes. */
    public static final Set<String> FINAL =
            Set.of("completed", "canceled", "error", "deleted", "timed_out", "failed", "launch_failed");

    /** How often, at most, pages list the verification runs' whole folder ({@link #refreshVerifications}). */
    static final Duration RELIST = Duration.ofSeconds(60);

    /**
     * How many final benchmark statuses are kept, least recently shown first out (a few hundred bytes each); a job
     * whose status was dropped has it read again when a page shows it.
     */
    static final int MAX_KEPT_STATUSES = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(JobIndex.class);
    private static final List<String> SHOWN_FIELDS = List.of(
            "job_id", "job_url", "status", "stage", "message", "launched_at", "requested_at", "finished_at", "hf_user");
    private static final String RUN_ROUTE = "/v1/jobs:run";
    private static final String STATUS = "job_status.json";
    private static final List<String> RUN_FILES =
            List.of("verification_request.json", STATUS, "verdict.json", "summary.json");

    private final BucketStore store;
    private final AuditLog audit;
    private final BucketId auditBucket;
    private final Function<String, BucketId> agentBucket;
    private final String runsPrefix;
    private final NavigableMap<Key, Job> index = new ConcurrentSkipListMap<>();
    private final Map<String, Benchmark> benchmarks = new ConcurrentHashMap<>();
    private final Map<String, Verification> verifications = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> finalStatuses =
            Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
                    return size() > MAX_KEPT_STATUSES;
                }
            });
    private final Object loadLock = new Object();
    private final Object refreshLock = new Object();
    private final InstantSource clock;
    /** Runs this service wrote to since the last page ({@link #written}). */
    private final java.util.concurrent.ConcurrentLinkedQueue<String> touched =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Runs written to that had no status file yet at the last page. Guarded by refreshLock. */
    private final Set<String> waiting = new HashSet<>();
    /** When the verification runs' folder was last listed whole; null before the first page. Guarded by refreshLock. */
    private Instant listedAt;
    /** The audit months not listed yet, newest first; null until the first page. Guarded by loadLock. */
    private Deque<String> unread;
    /** The month whose files are being read; null until the first page. Guarded by loadLock. */
    private String month;
    /** The files of {@link #month} not read yet, newest rows first. Guarded by loadLock. */
    private Deque<AuditLog.Part> parts = new ArrayDeque<>();
    /** Every launch requested at or after this instant is indexed (rows read, or handed over live). */
    private volatile Instant indexedFrom = Instant.MAX;
    /** Whether every file of every audit month listed at the first page is read. */
    private volatile boolean allRead;

    /**
     * Creates the index and subscribes it to the rows handed to the audit log from now on; nothing is read until
     * the first {@link #page}.
     *
     * @param store the store holding the audit and agent buckets
     * @param audit the service's audit log
     * @param auditBucket the private audit bucket (verification runs)
     * @param agentBucket an agent's bucket, where its benchmarks' run folders are
     * @param runsPrefix the folder of verification runs in the audit bucket, e.g. {@code verification_runs}
     * @param clock when the runs' folder was last listed whole ({@link #RELIST})
     */
    public JobIndex(
            BucketStore store,
            AuditLog audit,
            BucketId auditBucket,
            Function<String, BucketId> agentBucket,
            String runsPrefix,
            InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = Objects.requireNonNull(store, "store");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.auditBucket = Objects.requireNonNull(auditBucket, "auditBucket");
        this.agentBucket = Objects.requireNonNull(agentBucket, "agentBucket");
        String p = Objects.requireNonNull(runsPrefix, "runsPrefix").replaceAll("^/+|/+$", "");
        this.runsPrefix = p.isEmpty() ? "" : p + "/";
        audit.subscribeQueued(this::onRow);
    }

    /**
     * Where a job sorts: by the time of its launch request, newest first, then by kind and id.
     *
     * @param at when the launch was requested
     * @param kind {@code benchmark} or {@code verification}
     * @param id the job id (benchmarks) or the result's filename (verification runs)
     */
    public record Key(Instant at, String kind, String id) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::at, Comparator.reverseOrder())
                .thenComparing(Key::kind)
                .thenComparing(Key::id);

        /** Validates the fields. */
        public Key {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(id, "id");
        }

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }

        String token() {
            String raw = at + "\n" + kind + "\n" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Key ofToken(String token) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                String[] parts = raw.split("\n", 3);
                if (parts.length == 3 && (parts[1].equals("benchmark") || parts[1].equals("verification"))) {
                    return new Key(Instant.parse(parts[0]), parts[1], parts[2]);
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                // reported below
            }
            throw CollabException.of(
                    ErrorCode.INVALID_QUERY,
                    "`page_token` is not one this server issued",
                    "pass the next_page_token of the previous page, or none for the first page");
        }
    }

    /** An indexed job. */
    public sealed interface Job permits Benchmark, Verification {
        /**
         * Where the job sorts.
         *
         * @return its key
         */
        Key key();
    }

    /**
     * A benchmark launched through {@code POST /v1/jobs:run}, as its audit row recorded it.
     *
     * @param key its place in the index
     * @param jobId the job id
     * @param agentId the launching agent
     * @param hfUser the agent's user
     * @param bucket the agent's bucket
     * @param runPrefix the run folder inside it
     * @param requestedAt the audit row's {@code ts}
     */
    public record Benchmark(
            Key key, String jobId, String agentId, String hfUser, BucketId bucket, String runPrefix, String requestedAt)
            implements Job {
        /** Validates the fields. */
        public Benchmark {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(hfUser, "hfUser");
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(runPrefix, "runPrefix");
            Objects.requireNonNull(requestedAt, "requestedAt");
        }
    }

    /**
     * A verification run's folder as it was when last read.
     *
     * @param key its place in the index
     * @param filename the verified result
     * @param folder the run folder in the audit bucket
     * @param request {@code verification_request.json}, or a missing node
     * @param status {@code job_status.json}
     * @param verdict {@code verdict.json}, or a missing node
     * @param summary {@code summary.json}, or a missing node
     * @param signature the content hashes the files were read at
     */
    public record Verification(
            Key key,
            String filename,
            String folder,
            JsonNode request,
            JsonNode status,
            JsonNode verdict,
            JsonNode summary,
            String signature)
            implements Job {
        /** Validates the fields. */
        public Verification {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(signature, "signature");
        }
    }

    /**
     * One page of the index.
     *
     * @param jobs the jobs, newest first
     * @param nextPageToken the token of the page after this one, empty when this is the last
     */
    public record Slice(List<Job> jobs, Optional<String> nextPageToken) {
        /** Copies the list. */
        public Slice {
            jobs = List.copyOf(jobs);
            Objects.requireNonNull(nextPageToken, "nextPageToken");
        }
    }

    /**
     * The jobs after a token, newest first, including every launch answered before the call by this service. The
     * audit log's durable rows are read file by file, newest first, as far back as pages reach, each file once;
     * no call waits for the audit writer.
     *
     * @param limit at most this many jobs, {@code >= 1}
     * @param pageToken a {@link Slice#nextPageToken()}, or empty for the first page
     * @return the page
     * @throws CollabException {@code INVALID_QUERY} for a token this index did not issue
     */
    public Slice page(int limit, Optional<String> pageToken) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, but was " + limit);
        }
        Optional<Key> after = pageToken.map(Key::ofToken);
        refreshVerifications();
        readMonthsFor(after, limit);
        NavigableMap<Key, Job> view = after.map(k -> index.tailMap(k, false)).orElse(index);
        List<Job> out = new ArrayList<>(limit);
        Optional<String> next = Optional.empty();
        for (Job job : view.values()) {
            if (out.size() == limit) {
                next = Optional.of(out.get(limit - 1).key().token());
                break;
            }
            out.add(job);
        }
        return new Slice(out, next);
    }

    /**
     * A benchmark's {@code job_status.json} now: the kept final status, or the run folder's file. A final status
     * that names this job (or no job) is kept (its shown fields, the {@value #MAX_KEPT_STATUSES} most recently
     * shown) and not read again; a later launch into the same run folder does not change what this job shows.
     *
     * @param job the benchmark
     * @return the status object, or a missing node when there is none (yet)
     */
    public JsonNode status(Benchmark job) {
        JsonNode kept = finalStatuses.get(job.jobId());
        if (kept != null) {
            return kept;
        }
        JsonNode status = readJson(job.bucket(), job.runPrefix() + "/" + STATUS);
        String owner = status.path("job_id").asText("");
        if (FINAL.contains(status.path("status").asText("")) && (owner.isEmpty() || owner.equals(job.jobId()))) {
            ObjectNode shown = Json.mapper().createObjectNode();
            for (String field : SHOWN_FIELDS) {
                if (status.has(field)) {
                    shown.set(field, status.get(field));
                }
            }
            finalStatuses.put(job.jobId(), shown);
            return shown;
        }
        return status;
    }

    /**
     * Reads the audit log's durable rows, newest files first ({@link AuditLog#durableParts}, month by month), until
     * the page after {@code after} is complete: until the job after its last one was requested at or after
     * {@link #indexedFrom} (every older launch sorts after it), or every file is read. Once the files of a month up
     * to one are read, every launch of that month requested at or after the next file's
     * {@link AuditLog.Part#rowsBefore()} is indexed; once a month is read, every launch from its first instant on. So
     * the first page after a start reads the newest files of the newest month only, and older ones are read when a
     * page reaches them, each once.
     */
    private void readMonthsFor(Optional<Key> after, int limit) {
        if (allRead) {
            return;
        }
        synchronized (loadLock) {
            if (unread == null) {
                unread = new ArrayDeque<>(audit.monthsNewestFirst());
            }
            while (!complete(after, limit)) {
                if (parts.isEmpty()) {
                    if (unread.isEmpty()) {
                        break;
                    }
                    month = unread.removeFirst();
                    parts = new ArrayDeque<>(listParts(month));
                    LOG.debug("job index: audit month {} has {} files", month, parts.size());
                } else {
                    AuditLog.Part part = parts.removeFirst();
                    int rows = readPart(part);
                    LOG.debug("job index: audit file {} read, {} benchmark launches", part.path(), rows);
                }
                Instant monthStart = AuditLog.monthStart(month);
                indexedFrom = !parts.isEmpty()
                        ? latest(monthStart, parts.peekFirst().rowsBefore())
                        : unread.isEmpty() ? Instant.MIN : monthStart;
            }
            allRead = parts.isEmpty() && unread.isEmpty();
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Whether the jobs after {@code after} up to one past the page are all requested at or after indexedFrom. */
    private boolean complete(Optional<Key> after, int limit) {
        NavigableMap<Key, Job> view = after.map(k -> index.tailMap(k, false)).orElse(index);
        int n = 0;
        for (Key k : view.keySet()) {
            if (++n > limit) {
                return !k.at().isBefore(indexedFrom);
            }
        }
        return false; // fewer than a page and one: older files may hold more
    }

    /** The files of one audit month; a month that cannot be listed is logged and skipped. */
    private List<AuditLog.Part> listParts(String month) {
        try {
            return audit.durableParts(month);
        } catch (RuntimeException e) {
            LOG.warn("audit month " + month + " unreadable; its jobs are not listed", e);
            return List.of();
        }
    }

    /** Indexes the launch rows of one audit file; a file that cannot be read is logged and skipped. */
    private int readPart(AuditLog.Part part) {
        List<String> lines;
        try {
            lines = audit.durableLines(part);
        } catch (RuntimeException e) {
            LOG.warn("audit file " + part.path() + " unreadable; its jobs are not listed", e);
            return 0;
        }
        int rows = 0;
        for (String line : lines) {
            if (!line.contains(RUN_ROUTE)) {
                continue;
            }
            try {
                JsonNode row = Json.mapper().readTree(line);
                Map<String, Object> fields = new HashMap<>();
                row.properties()
                        .forEach(e -> fields.put(e.getKey(), e.getValue().asText("")));
                rows += onRow(fields) ? 1 : 0;
            } catch (IOException | RuntimeException e) {
                LOG.debug("skipping an unreadable job row", e);
            }
        }
        return rows;
    }

    /** Indexes a benchmark launch row; other rows are ignored. */
    private boolean onRow(Map<String, Object> row) {
        String jobId = text(row.get("job_id"));
        if (!RUN_ROUTE.equals(text(row.get("route"))) || jobId.isEmpty() || benchmarks.containsKey(jobId)) {
            return false;
        }
        String ts = text(row.get("ts"));
        String agent = text(row.get("agent_id"));
        try {
            Benchmark b = new Benchmark(
                    new Key(Instant.parse(ts), "benchmark", jobId),
                    jobId,
                    agent,
                    text(row.get("hf_user")),
                    agentBucket.apply(agent),
                    text(row.get("target_path")),
                    ts);
            if (benchmarks.putIfAbsent(jobId, b) == null) {
                index.put(b.key(), b);
                return true;
            }
        } catch (RuntimeException e) {
            LOG.debug("skipping an unusable job row of " + agent, e);
        }
        return false;
    }

    /**
     * Notes that a file of the audit bucket was written by this service (the verifier): when it is in a
     * verification run's folder, the next page reads that run again without waiting for the next full listing.
     *
     * @param path the written file's path in the audit bucket
     */
    public void written(String path) {
        if (path.startsWith(runsPrefix)) {
            int slash = path.indexOf('/', runsPrefix.length());
            if (slash > runsPrefix.length()) {
                touched.add(path.substring(runsPrefix.length(), slash));
            }
        }
    }

    /**
     * Brings the verification runs up to date. The whole folder is listed at the first page and then at most every
     * {@link #RELIST} (a run an operator edited or removed by hand shows within that); between, a page lists only
     * the folders of the runs that can still change: those not final yet (their job writes its status), those this
     * service wrote to ({@link #written}) and those written to that had no status yet. A run is re-read only when one
     * of its files' content hashes changed.
     */
    private void refreshVerifications() {
        synchronized (refreshLock) {
            Instant now = clock.instant();
            boolean full = listedAt == null || !now.isBefore(listedAt.plus(RELIST));
            Set<String> check = new HashSet<>(waiting);
            for (String name; (name = touched.poll()) != null; ) {
                check.add(name);
            }
            if (!full) {
                verifications.values().stream()
                        .filter(v -> !FINAL.contains(v.status().path("status").asText("")))
                        .forEach(v -> check.add(v.filename()));
                if (check.isEmpty()) {
                    return;
                }
            }
            Map<String, String> hashes = new HashMap<>();
            Map<String, Instant> statusTimes = new HashMap<>();
            try {
                if (store.exists(auditBucket)) {
                    if (full) {
                        collect(store.listAll(auditBucket, runsPrefix), hashes, statusTimes);
                    } else {
                        for (String filename : check) {
                            collect(store.listAll(auditBucket, runsPrefix + filename + "/"), hashes, statusTimes);
                        }
                    }
                }
            } catch (RuntimeException e) {
                touched.addAll(check);
                LOG.warn("could not list the verification runs; the last listing is shown", e);
                return;
            }
            Set<String> seen = full ? Set.copyOf(verifications.keySet()) : check;
            for (String filename : seen) {
                if (!statusTimes.containsKey(filename)) {
                    Verification gone = verifications.remove(filename);
                    if (gone != null) {
                        index.remove(gone.key());
                    }
                }
            }
            waiting.clear();
            if (!full) {
                check.stream().filter(f -> !statusTimes.containsKey(f)).forEach(waiting::add);
            }
            statusTimes.forEach((filename, modified) -> reread(filename, modified, hashes));
            if (full) {
                listedAt = now;
            }
        }
    }

    /** Adds listed run files' content signatures, and the runs' status files' times. */
    private void collect(List<BucketEntry> entries, Map<String, String> hashes, Map<String, Instant> statusTimes) {
        for (BucketEntry e : entries) {
            String p = e.path().value();
            hashes.put(p, e.contentHash() + "/" + e.size() + "/" + e.modified());
            if (p.endsWith("/" + STATUS)) {
                statusTimes.put(p.substring(runsPrefix.length(), p.length() - STATUS.length() - 1), e.modified());
            }
        }
    }

    /** Reads a run's files again when one of their signatures changed since it was last read. */
    private void reread(String filename, Instant modified, Map<String, String> hashes) {
        String folder = runsPrefix + filename;
        StringBuilder signature = new StringBuilder();
        for (String f : RUN_FILES) {
            signature.append(hashes.getOrDefault(folder + "/" + f, "-")).append(';');
        }
        Verification old = verifications.get(filename);
        if (old != null && old.signature().contentEquals(signature)) {
            return;
        }
        JsonNode status = readJson(auditBucket, folder + "/" + STATUS);
        if (status.isMissingNode()) {
            return; // unreadable now; listed once it can be read
        }
        JsonNode request = readJson(auditBucket, folder + "/verification_request.json");
        Instant at = firstInstant(request.path("requested_at"), status.path("launched_at"), status.path("requested_at"))
                .orElse(modified);
        Verification v = new Verification(
                new Key(at, "verification", filename),
                filename,
                folder,
                request,
                status,
                readJson(auditBucket, folder + "/verdict.json"),
                readJson(auditBucket, folder + "/summary.json"),
                signature.toString());
        if (old != null) {
            index.remove(old.key());
        }
        verifications.put(filename, v);
        index.put(v.key(), v);
    }

    private static Optional<Instant> firstInstant(JsonNode... candidates) {
        for (JsonNode n : candidates) {
            try {
                if (n.isTextual()) {
                    return Optional.of(Instant.parse(n.asText()));
                }
            } catch (DateTimeParseException e) {
                // try the next one
            }
        }
        return Optional.empty();
    }

    private JsonNode readJson(BucketId bucket, String path) {
        try {
            Optional<byte[]> raw = store.read(bucket, BucketPath.of(path));
            if (raw.isEmpty()) {
                return MissingNode.getInstance();
            }
            JsonNode n = Json.mapper().readTree(raw.get());
            return n == null || !n.isObject() ? MissingNode.getInstance() : n;
        } catch (IOException | RuntimeException e) {
            LOG.debug("unreadable " + bucket + "/" + path, e);
            return MissingNode.getInstance();
        }
    }

    private static String text(Object o) {
        return o == null ? "" : String.valueOf(o);
    }
}
