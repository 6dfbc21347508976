package dev.agentcollab.core.service.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.job.JobLaunch;
import dev.agentcollab.api.job.JobRun;
import dev.agentcollab.api.job.JobRunRequest;
import dev.agentcollab.api.job.JobsOverview;
import dev.agentcollab.api.job.spi.JobHandle;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.api.job.spi.JobSpec;
import dev.agentcollab.api.job.spi.JobStage;
import dev.agentcollab.api.job.spi.JobState;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.internal.AuditLog;
import dev.agentcollab.core.service.result.ResultsConfig;
import dev.agentcollab.core.service.result.ResultsHarness;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/jobs} lists a launch as soon as it is answered, without waiting for the audit writer: real
 * launches through the service (a runner that starts nothing) over file buckets whose audit segment writes can be
 * held, pages across a restart equal to the audit log, and launches racing pages each listed exactly once.
 */
@Timeout(120)
class JobIndexLaunchTest {
    private static final long WAIT_S = 30;

    @TempDir
    Path tmp;

    private final AuditGate gate = new AuditGate();
    private final AtomicInteger jobIds = new AtomicInteger();
    private MutableClock clock;
    private ResultsHarness h;

    @BeforeEach
    void start() {
        clock = MutableClock.at("2026-06-01T10:00:00Z");
        BucketId[] audit = new BucketId[1];
        ForwardingBucketStore store = new ForwardingBucketStore(FileSystemBucketStore.open(tmp, clock)) {
            @Override
            public void apply(BucketId bucket, List<? extends BatchOp> ops) {
                if (bucket.equals(audit[0])
                        && ops.stream().anyMatch(o -> o.path().value().startsWith("audit/"))) {
                    gate.pass();
                }
                super.apply(bucket, ops);
            }
        };
        h = harness(store);
        audit[0] = h.config.auditBucket();
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 2);
        for (String agent : List.of("agent-1", "agent-2")) {
            store.put(
                    h.config.agentBucket(agent),
                    BucketPath.of("submissions/v1/decoding.json"),
                    "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @AfterEach
    void stop() {
        gate.open();
        h.close();
    }

    private ResultsHarness harness(ForwardingBucketStore store) {
        JobsConfig jobs = JobsConfig.custom()
                .enabled(true)
                .pollInterval(Duration.ofHours(1))
                .perAgentPerDay(10_000)
                .perUserPerDay(10_000)
                .build();
        return new ResultsHarness(
                store, clock, ResultsConfig.ofDefaults(), jobs, s -> Optional.of(new IdleRunner(jobIds)));
    }

    @Test
    void aLaunchIsOnTheNextPageWhileTheAuditWriterIsHeld() throws Exception {
        String before = launch(1, "runs/before");
        clock.advance(Duration.ofSeconds(1));
        h = h.restart(); // the next page is the first after start: it reads the log, and must not wait for it
        gate.hold();

        String answered = launch(1, "runs/held");
        assertTrue(gate.entered.await(WAIT_S, TimeUnit.SECONDS), "the audit writer reached the held write");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<JobsOverview> page = pool.submit(() -> overview(10, Optional.empty()));
            assertEquals(List.of(answered, before), ids(page.get(WAIT_S, TimeUnit.SECONDS)));
            assertEquals(1, gate.held.getCount(), "the audit write is still held");
        } finally {
            pool.shutdownNow();
        }

        gate.open();
        h.service.context().audit().flush();
        assertEquals(List.of(answered, before), jobIdsInAuditLog());
        assertEquals(List.of(answered, before), ids(overview(10, Optional.empty())), "listed once");
    }

    @Test
    void pagesAcrossARestartEqualTheAuditLog() throws Exception {
        for (int i = 0; i < 11; i++) {
            launch(1 + i % 2, "runs/r" + i);
            if (i % 3 != 0) {
                clock.advance(Duration.ofMillis(250)); // some launches share their request time
            }
        }
        List<String> live = allPages(4);
        h = h.restart();
        List<String> restarted = allPages(4);

        assertEquals(11, live.size(), live::toString);
        assertEquals(live, restarted, "same jobs, times and tokens");
        assertEquals(jobIdsInAuditLog(), live.stream().map(s -> s.split(" ")[0]).toList());
    }

    @Test
    void launchesRacingPagesAreEachListedExactlyOnce() throws Exception {
        Set<String> answered = ConcurrentHashMap.newKeySet();
        int launchers = 4;
        int each = 15;
        ExecutorService pool = Executors.newFixedThreadPool(launchers);
        List<Future<?>> running = new ArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        for (int t = 0; t < launchers; t++) {
            int owner = 1 + t % 2;
            running.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    answered.add(launch(owner, "runs/c" + runs.incrementAndGet()));
                    if (i % 5 == 0) {
                        clock.advance(Duration.ofMillis(1));
                    }
                }
                return null;
            }));
        }
        try {
            int traversals = 0;
            while (running.stream().anyMatch(f -> !f.isDone()) || traversals == 0) {
                Set<String> before = Set.copyOf(answered);
                List<String> seen =
                        allPages(3).stream().map(s -> s.split(" ")[0]).toList();
                assertEquals(seen.size(), new HashSet<>(seen).size(), "a job was listed twice: " + seen);
                Set<String> missing = new HashSet<>(before);
                seen.forEach(missing::remove);
                assertTrue(missing.isEmpty(), "answered before the pages but not listed: " + missing);
                traversals++;
            }
            for (Future<?> f : running) {
                f.get(WAIT_S, TimeUnit.SECONDS);
            }
            assertTrue(traversals > 1, "pages raced the launches");
        } finally {
            pool.shutdownNow();
        }
        List<String> all = allPages(7).stream().map(s -> s.split(" ")[0]).toList();
        assertEquals(launchers * each, answered.size());
        assertEquals(answered, new HashSet<>(all));
        assertEquals(all.size(), answered.size(), "each launch once");
        h.service.context().audit().flush();
        assertEquals(all, jobIdsInAuditLog());
    }

    private String launch(int owner, String runPrefix) {
        JobLaunch l =
                h.as("tok-owner" + owner).jobs().run(new JobRunRequest("agent-" + owner, "submissions/v1/", runPrefix));
        return l.jobId();
    }

    /** Every page from the first: one line per job, {@code "<job id> <launched at> <run folder> <token of its page>"}. */
    private List<String> allPages(int limit) {
        List<String> out = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            JobsOverview page = overview(limit, token);
            for (JobRun run : page.jobs()) {
                out.add(run.jobId() + " " + run.launchedAt() + " " + run.runFolder() + " " + token.orElse("-"));
            }
            token = page.nextPageToken();
        } while (token.isPresent());
        return out;
    }

    /** The job ids of the audit log's launch rows, in the order of a page: newest request first, then by id. */
    private List<String> jobIdsInAuditLog() throws java.io.IOException {
        AuditLog audit = h.service.context().audit();
        List<JsonNode> rows = new ArrayList<>();
        for (String month : audit.months()) {
            for (String line : audit.lines(month)) {
                JsonNode row = Json.mapper().readTree(line);
                if (row.path("route").asText().equals("/v1/jobs:run")) {
                    rows.add(row);
                }
            }
        }
        rows.sort(Comparator.comparing((JsonNode r) -> r.path("ts").asText())
                .reversed()
                .thenComparing(r -> r.path("job_id").asText()));
        return rows.stream().map(r -> r.path("job_id").asText()).toList();
    }

    private JobsOverview overview(int limit, Optional<String> token) {
        return h.as("tok-alice").jobs().overview(limit, token);
    }

    private static List<String> ids(JobsOverview o) {
        return o.jobs().stream().map(JobRun::jobId).toList();
    }

    /** Holds the audit log's segment writes on demand. */
    private static final class AuditGate {
        volatile CountDownLatch held = new CountDownLatch(0);
        volatile CountDownLatch entered = new CountDownLatch(1);

        void hold() {
            entered = new CountDownLatch(1);
            held = new CountDownLatch(1);
        }

        void open() {
            held.countDown();
        }

        void pass() {
            entered.countDown();
            try {
                if (!held.await(WAIT_S, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the audit gate was never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A runner whose jobs start nothing and run until canceled. */
    private static final class IdleRunner implements JobRunner {
        private final AtomicInteger ids;

        IdleRunner(AtomicInteger ids) {
            this.ids = ids;
        }

        @Override
        public JobHandle launch(JobSpec spec) {
            String id = String.format("job-%04d", ids.incrementAndGet());
            return new JobHandle(id, "https://jobs.example/" + id, JobStage.RUNNING);
        }

        @Override
        public JobState inspect(String jobId) {
            return JobState.of(JobStage.RUNNING);
        }

        @Override
        public void cancel(String jobId) {}

        @Override
        public String logs(String jobId, int tailLines) {
            return "";
        }

        @Override
        public String name() {
            return "idle";
        }
    }
}
