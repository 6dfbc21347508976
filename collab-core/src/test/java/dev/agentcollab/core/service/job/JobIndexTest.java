package dev.agentcollab.core.service.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketListing;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.ListRequest;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.job.JobRun;
import dev.agentcollab.api.job.JobsOverview;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.result.ResultsHarness;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /v1/jobs} through the service over the {@link JobIndex}: every job since the collaboration began, a
 * launch listed at once, polls that read neither the audit log nor final statuses again, and pages that stay
 * stable while jobs are launched.
 */
@Timeout(60)
class JobIndexTest {
    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");

    private final CountingStore store = new CountingStore(InMemoryBucketStore.create());
    private MutableClock clock;
    private ResultsHarness h;

    @BeforeEach
    void start() {
        clock = MutableClock.at(START.toString());
        h = new ResultsHarness(store, clock);
        store.create(h.bucketOf("agent-1"), true);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void jobsOlderThanTwoMonthsAreListedAfterARestart() {
        launch("old-1", START.minus(Duration.ofDays(200)), "completed");
        launch("old-2", START.minus(Duration.ofDays(90)), "error");
        launch("new-1", START.minus(Duration.ofHours(1)), "running");
        h = h.restart();

        JobsOverview o = overview(10, Optional.empty());

        assertEquals(List.of("new-1", "old-2", "old-1"), ids(o));
        assertEquals(
                List.of("running", "error", "completed"),
                o.jobs().stream().map(JobRun::status).toList());
        assertEquals(Optional.empty(), o.nextPageToken());
    }

    @Test
    void theFirstPageAfterARestartReadsOnlyTheNewestMonthsAndLaterPagesTheRestEachOnce() {
        for (int m = 0; m < 12; m++) {
            for (int j = 0; j < 3; j++) {
                launch("m" + m + "-" + j, START.minus(Duration.ofDays(31L * m + j)), "completed");
            }
        }
        h = h.restart();
        store.auditPrefixes.clear();

        JobsOverview first = overview(4, Optional.empty());
        assertEquals(List.of("m0-0", "m0-1", "m0-2", "m1-0"), ids(first));
        assertEquals(
                List.of("audit/", "audit/202607", "audit/202606", "audit/202605", "audit/202604"),
                store.auditPrefixes,
                "the oldest month's probe, then the months from the next one back until the job after the page is"
                        + " older than them");

        List<String> all = pagedToTheEnd(first, 4);
        assertEquals(36, all.size());
        assertEquals(36, new HashSet<>(all).size(), "each job once, in order: " + all);
        assertEquals("m11-2", all.getLast());
        assertEquals(
                store.auditPrefixes.size(),
                new HashSet<>(store.auditPrefixes).size(),
                "each month read once: " + store.auditPrefixes);
    }

    @Test
    void theFirstPageAfterARestartReadsOnlyTheNewestFilesOfAMonth() {
        int launches = 40;
        for (int i = 0; i < launches; i++) { // eleven minutes apart: each launch's row in a segment of its own
            launch(String.format("j%02d", i), clock.instant(), "completed");
            clock.advance(Duration.ofMinutes(11));
        }
        h = h.restart();
        Set<String> segments = auditFiles();
        assertEquals(launches, segments.size(), "one segment per launch: " + segments);
        store.reads.clear();

        JobsOverview first = overview(4, Optional.empty());

        assertEquals(List.of("j39", "j38", "j37", "j36"), ids(first));
        Set<String> read = auditReads();
        assertEquals(
                6,
                read.size(),
                "the newest files until the job after the page is newer than every row of the rest (a segment's"
                        + " rows are at most 20 minutes younger than its name): " + read);

        List<String> all = pagedToTheEnd(first, 4);
        List<String> expected = new ArrayList<>();
        for (int i = launches - 1; i >= 0; i--) {
            expected.add(String.format("j%02d", i));
        }
        assertEquals(expected, all, "each job once, newest first");
        assertEquals(segments, auditReads(), "every file read by the end");
        assertTrue(
                store.reads.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("audit/"))
                        .allMatch(e -> e.getValue() == 1),
                () -> "each file read once: " + store.reads);
    }

    @Test
    void theReferencesSingleFileOfAMonthIsReadBeforeItsSegments() {
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofMinutes(11));
            launch("seg-" + i, clock.instant(), "completed");
        }
        // The reference's single file of June, whose rows may be of any time of the month
        audit(
                "audit/202606.jsonl",
                line(row("legacy-new", START.plus(Duration.ofDays(20))))
                        + line(row("legacy-old", START.plus(Duration.ofMinutes(1)))));
        h.put("agent-1", "runs/legacy-new/job_status.json", status("legacy-new", START, "completed"));
        h.put("agent-1", "runs/legacy-old/job_status.json", status("legacy-old", START, "completed"));
        h = h.restart();

        assertEquals(List.of("legacy-new", "seg-5"), ids(overview(2, Optional.empty())));
        assertEquals(
                List.of("legacy-new", "seg-5", "seg-4", "seg-3", "seg-2", "seg-1", "seg-0", "legacy-old"),
                ids(overview(10, Optional.empty())));
    }

    @Test
    void theFirstPageListsOneEntryOfTheLogToFindItsOldestMonthNotTheWholeLog() {
        for (int m = 0; m < 6; m++) {
            launch("m" + m, START.minus(Duration.ofDays(31L * m)), "completed");
            for (int i = 0; i < 40; i++) { // other files under audit/: the log's other months' segments
                audit(String.format("audit/2025%02d/20250101T000000-other-%06d.jsonl", 1 + m, i), "");
            }
        }
        h = h.restart();
        store.auditPrefixes.clear();
        store.auditEntries.set(0);

        assertEquals(List.of("m0", "m1"), ids(overview(2, Optional.empty())));

        assertTrue(
                store.auditEntries.get() < 40,
                "entries listed under audit/: " + store.auditEntries.get() + " via " + store.auditPrefixes);
    }

    @Test
    void aLaunchedJobIsListedWithoutARestart() {
        launch("first", START.minus(Duration.ofMinutes(5)), "completed");
        assertEquals(List.of("first"), ids(overview(10, Optional.empty())));

        launch("second", START, "running");

        assertEquals(List.of("second", "first"), ids(overview(10, Optional.empty())));
    }

    @Test
    void aPollReadsNeitherTheAuditLogNorAFinalStatusAgain() {
        for (int i = 0; i < 30; i++) {
            launch("done-" + i, START.minus(Duration.ofDays(i)), "completed");
        }
        launch("live", START.plusSeconds(1), "running");
        overview(5, Optional.empty()); // the first page after start reads the log once

        store.reads.clear();
        store.auditListings.set(0);
        JobsOverview o = overview(5, Optional.empty());
        overview(5, Optional.empty());

        assertEquals(List.of("live", "done-0", "done-1", "done-2", "done-3"), ids(o));
        assertEquals(0, store.auditListings.get(), "audit log listed");
        assertTrue(store.reads.keySet().stream().noneMatch(p -> p.startsWith("audit/")), store.reads.toString());
        assertEquals(2, store.reads.getOrDefault("runs/live/job_status.json", 0), "the running job, once a poll");
        assertTrue(store.reads.keySet().stream().noneMatch(p -> p.startsWith("runs/done-")), store.reads.toString());

        store.reads.clear();
        overview(5, o.nextPageToken());
        assertEquals(
                5,
                store.reads.keySet().stream().filter(p -> p.startsWith("runs/")).count(),
                "page two's jobs");
    }

    @Test
    void finalStatusesAreKeptUpToABoundAndTheLeastRecentlyShownAreReadAgain() {
        int n = JobIndex.MAX_KEPT_STATUSES + 4;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("job-%05d", i);
            Instant ts = START.minusSeconds(i);
            rows.add(row(id, ts));
            h.put("agent-1", "runs/" + id + "/job_status.json", status(id, ts, "completed"));
        }
        assertTrue(h.service.context().audit().appendRows(rows));
        Optional<String> token = Optional.empty();
        int shown = 0;
        do {
            JobsOverview page = overview(JobViews.MAX_LIMIT, token);
            shown += page.jobs().size();
            token = page.nextPageToken();
        } while (token.isPresent());
        assertEquals(n, shown);

        store.reads.clear();
        overview(4, Optional.empty()); // the four shown first were the least recently shown: dropped
        assertEquals(
                4,
                store.reads.keySet().stream().filter(p -> p.startsWith("runs/")).count(),
                store.reads::toString);
        assertTrue(store.reads.keySet().stream()
                .allMatch(p -> !p.startsWith("runs/") || p.compareTo("runs/job-00004") < 0));

        store.reads.clear();
        overview(4, Optional.empty());
        assertEquals(
                0,
                store.reads.keySet().stream().filter(p -> p.startsWith("runs/")).count(),
                "kept again");
    }

    @Test
    void pagesAreStableWhileJobsAreLaunched() throws Exception {
        List<String> seeded = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = String.format("seed-%02d", i);
            launch(id, START.minus(Duration.ofMinutes(100 - i)), "completed");
            seeded.add(0, id);
        }
        AtomicBoolean paging = new AtomicBoolean(true);
        AtomicInteger launched = new AtomicInteger();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> launcher = pool.submit(() -> {
                while (paging.get() && launched.get() < 500) {
                    int n = launched.incrementAndGet();
                    launch("live-" + n, START.plusMillis(n), "running");
                }
            });
            List<String> seen = new ArrayList<>();
            Optional<String> token = Optional.empty();
            int pages = 0;
            do {
                JobsOverview page = overview(7, token);
                seen.addAll(ids(page));
                token = page.nextPageToken();
                pages++;
            } while (token.isPresent() && pages < 200);
            paging.set(false);
            launcher.get(30, TimeUnit.SECONDS);

            assertEquals(seen.size(), new HashSet<>(seen).size(), "a job was listed twice: " + seen);
            assertEquals(
                    seeded, seen.stream().filter(id -> id.startsWith("seed-")).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTokenTheServerDidNotIssueIsRefused() {
        launch("a", START, "running");
        for (String bad : List.of("nope", "bm90IGEgdG9rZW4", "")) {
            CollabException e = assertThrows(CollabException.class, () -> overview(5, Optional.of(bad)));
            assertEquals(ErrorCode.INVALID_QUERY, e.code(), bad);
        }
    }

    @Test
    void verificationRunsAreMergedByTheirRequestTimeAndRereadWhenRewritten() {
        launch("bench", START.minus(Duration.ofMinutes(10)), "completed");
        audit("verification_runs/r.md/verification_request.json", "{\"requested_at\":\"2026-06-01T09:55:00Z\"}");
        audit("verification_runs/r.md/job_status.json", "{\"status\":\"running\",\"job_id\":\"v-1\"}");
        JobsOverview first = overview(10, Optional.empty());
        assertEquals(List.of("v-1", "bench"), ids(first));
        assertEquals("running", first.jobs().get(0).status());

        audit(
                "verification_runs/r.md/job_status.json",
                "{\"status\":\"completed\",\"job_id\":\"v-1\",\"finished_at\":\"2026-06-01T10:00:00Z\"}");
        audit("verification_runs/r.md/verdict.json", "{\"state\":\"valid\",\"reason\":\"ok\",\"job_id\":\"v-1\"}");
        JobRun run = overview(10, Optional.empty()).jobs().get(0);

        assertEquals("completed", run.status());
        assertEquals("valid", run.verdict());
        assertEquals("ok", run.reason());
        store.reads.clear();
        overview(10, Optional.empty());
        assertTrue(store.reads.keySet().stream().noneMatch(p -> p.startsWith("verification_runs/")), "unchanged");
    }

    @Test
    void betweenFullListingsAPollListsOnlyTheRunsThatCanStillChange() {
        for (int i = 0; i < 30; i++) { // verified long ago: final, with a verdict
            String folder = "verification_runs/old-" + i + ".md/";
            audit(folder + "verification_request.json", "{\"requested_at\":\"2026-05-01T10:00:00Z\"}");
            audit(folder + "job_status.json", "{\"status\":\"completed\",\"job_id\":\"v-old-" + i + "\"}");
            audit(folder + "verdict.json", "{\"state\":\"valid\",\"job_id\":\"v-old-" + i + "\"}");
        }
        audit("verification_runs/live.md/job_status.json", "{\"status\":\"running\",\"job_id\":\"v-live\"}");
        assertEquals(31, overview(50, Optional.empty()).jobs().size(), "the first page lists the folder whole");
        store.runPrefixes.clear();

        overview(50, Optional.empty());
        assertEquals(List.of("verification_runs/live.md/"), store.runPrefixes, "only the run still in flight");

        // the verifier writes a new run: shown on the next page, its folder listed with the one in flight
        store.runPrefixes.clear();
        writtenByTheVerifier(
                "verification_runs/new.md/verification_request.json", "{\"requested_at\":\"2026-06-01T10:00:01Z\"}");
        writtenByTheVerifier(
                "verification_runs/new.md/job_status.json", "{\"status\":\"running\",\"job_id\":\"v-new\"}");
        assertTrue(ids(overview(50, Optional.empty())).contains("v-new"), "shown without a full listing");
        assertEquals(Set.of("verification_runs/live.md/", "verification_runs/new.md/"), Set.copyOf(store.runPrefixes));

        // the job in flight finishes: read again, then no longer listed
        audit("verification_runs/live.md/job_status.json", "{\"status\":\"completed\",\"job_id\":\"v-live\"}");
        writtenByTheVerifier(
                "verification_runs/new.md/job_status.json", "{\"status\":\"completed\",\"job_id\":\"v-new\"}");
        JobsOverview after = overview(50, Optional.empty());
        assertTrue(
                after.jobs().stream().allMatch(j -> j.status().equals("completed")),
                after.jobs().toString());
        store.runPrefixes.clear();
        overview(50, Optional.empty());
        assertEquals(List.of(), store.runPrefixes, "every run final: nothing to list");

        // a run removed by an operator disappears at the next full listing
        store.delete(h.config.auditBucket(), BucketPath.of("verification_runs/old-0.md/job_status.json"));
        assertEquals(32, overview(50, Optional.empty()).jobs().size());
        clock.advance(JobIndex.RELIST);
        assertEquals(31, overview(50, Optional.empty()).jobs().size());
        assertEquals(
                List.of("verification_runs/"),
                store.runPrefixes.subList(store.runPrefixes.size() - 1, store.runPrefixes.size()));
    }

    private void writtenByTheVerifier(String path, String text) {
        audit(path, text);
        h.service.results().jobIndex().written(path);
    }

    private void launch(String jobId, Instant ts, String status) {
        h.put("agent-1", "runs/" + jobId + "/job_status.json", status(jobId, ts, status));
        assertTrue(h.service.context().audit().appendRows(List.of(row(jobId, ts))));
    }

    private static String status(String jobId, Instant ts, String status) {
        return "{\"status\":\"" + status + "\",\"job_id\":\"" + jobId + "\",\"launched_at\":\"" + ts + "\"}";
    }

    private static Map<String, Object> row(String jobId, Instant ts) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ts", ts.toString());
        row.put("agent_id", "agent-1");
        row.put("route", "/v1/jobs:run");
        row.put("via", "job");
        row.put("source", "hf://buckets/org/collab-agent-1/submissions/v1");
        row.put("target_path", "runs/" + jobId);
        row.put("bytes", 0);
        row.put("status_code", 202);
        row.put("job_id", jobId);
        row.put("hf_user", "owner1");
        return row;
    }

    private void audit(String path, String text) {
        store.put(h.config.auditBucket(), BucketPath.of(path), text.getBytes(StandardCharsets.UTF_8));
    }

    /** The ids of a first page and of every page after it. */
    private List<String> pagedToTheEnd(JobsOverview first, int limit) {
        List<String> all = new ArrayList<>(ids(first));
        Optional<String> token = first.nextPageToken();
        while (token.isPresent()) {
            JobsOverview page = overview(limit, token);
            all.addAll(ids(page));
            token = page.nextPageToken();
        }
        return all;
    }

    private static String line(Map<String, Object> row) {
        return Json.mapper().valueToTree(row).toString() + "\n";
    }

    private Set<String> auditFiles() {
        return store.listAll(h.config.auditBucket(), "audit/").stream()
                .map(e -> e.path().value())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> auditReads() {
        return store.reads.keySet().stream()
                .filter(p -> p.startsWith("audit/"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private JobsOverview overview(int limit, Optional<String> token) {
        return h.as("tok-alice").jobs().overview(limit, token);
    }

    private static List<String> ids(JobsOverview o) {
        return o.jobs().stream().map(JobRun::jobId).toList();
    }

    /** Counts the reads per path and the listings of the audit log's folder. */
    private static final class CountingStore extends ForwardingBucketStore {
        final Map<String, Integer> reads = new ConcurrentHashMap<>();
        final AtomicInteger auditListings = new AtomicInteger();
        final List<String> auditPrefixes = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger auditEntries = new AtomicInteger();
        final List<String> runPrefixes = java.util.Collections.synchronizedList(new ArrayList<>());

        CountingStore(BucketStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<byte[]> read(BucketId bucket, BucketPath path) {
            reads.merge(path.value(), 1, Integer::sum);
            return super.read(bucket, path);
        }

        @Override
        public BucketListing list(BucketId bucket, ListRequest request) {
            if (request.prefix().startsWith("verification_runs/")
                    && request.pageToken().isEmpty()) {
                runPrefixes.add(request.prefix());
            }
            if (request.prefix().startsWith("audit/")) {
                auditListings.incrementAndGet();
                if (request.pageToken().isEmpty()) {
                    auditPrefixes.add(request.prefix());
                }
                BucketListing page = super.list(bucket, request);
                auditEntries.addAndGet(page.entries().size());
                return page;
            }
            return super.list(bucket, request);
        }
    }
}
