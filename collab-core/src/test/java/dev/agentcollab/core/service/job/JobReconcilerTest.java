package dev.agentcollab.core.service.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.job.spi.JobHandle;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.api.job.spi.JobStage;
import dev.agentcollab.api.job.spi.JobState;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Start-up reconciliation of the jobs a stopped server left unfinished. */
@Timeout(60)
class JobReconcilerTest {
    private static final BucketId CENTRAL = BucketId.parse("org/collab-main-bucket");
    private static final BucketId AUDIT = BucketId.parse("org/collab-audit");
    private static final BucketId SCRATCH = BucketId.parse("org/collab-agent-1");

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final BucketStore store = InMemoryBucketStore.create(clock);
    private final JobLedger ledger = new JobLedger(store, AUDIT);
    private final List<String> verificationsEnded = new ArrayList<>();

    JobReconcilerTest() {
        store.create(CENTRAL, true);
        store.create(AUDIT, true);
        store.create(SCRATCH, true);
    }

    private static JobsConfig config() {
        return JobsConfig.custom()
                .enabled(true)
                .pollInterval(Duration.ofMillis(20))
                .grace(Duration.ZERO)
                .build();
    }

    private Map<String, Object> record(String jobId, String runner, String kind, String runPrefix) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("job_id", jobId);
        r.put("kind", kind);
        r.put("runner", runner);
        r.put("bucket", kind.equals("verification") ? AUDIT.toString() : SCRATCH.toString());
        r.put("run_prefix", runPrefix);
        r.put("launched_at", "2026-06-01T09:59:00Z");
        r.put("deadline", "2026-06-01T10:30:00Z");
        r.put(
                "status",
                kind.equals("verification")
                        ? Map.of("job_id", jobId, "filename", "20260601-095900-000_agent-1.md")
                        : Map.of("job_id", jobId, "agent_id", "agent-1", "hf_user", "alice"));
        return r;
    }

    private JsonNode status(BucketId bucket, String runPrefix) throws Exception {
        return Json.mapper()
                .readTree(store.read(bucket, BucketPath.of(runPrefix + "/job_status.json"))
                        .orElseThrow());
    }

    @Test
    void aLocalJobWhoseProcessIsGoneFailsAndOneStillRunningIsStopped() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        Process orphan = new ProcessBuilder("sleep", "120").start();
        try {
            Map<String, Object> a = record("local-aa", "local-process", "benchmark", "runs/a");
            a.put("pid", gone.pid());
            ledger.open(a);
            Map<String, Object> b = record("local-bb", "local-process", "verification", "verification_runs/x");
            ledger.open(b);
            ledger.started("local-bb", orphan.toHandle());
            Map<String, Object> c = record("local-cc", "local-process", "benchmark", "runs/c"); // never started
            ledger.open(c);

            try (LocalProcessJobRunner runner = new LocalProcessJobRunner(
                            store, java.nio.file.Files.createTempDirectory("jobs"), new Random(1));
                    HarnessJobs jobs = new HarnessJobs(config(), runner, store, CENTRAL, "collab", clock, ledger)) {
                List<JobReconciler.Settled> settled =
                        new JobReconciler(jobs, ledger, store, clock).run(verificationsEnded::add);
                assertEquals(3, settled.size());
            }
            assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "the orphaned process was stopped");
            JsonNode sa = status(SCRATCH, "runs/a");
            assertEquals("failed", sa.path("status").asText());
            assertEquals(JobReconciler.GONE, sa.path("message").asText());
            assertEquals("alice", sa.path("hf_user").asText());
            assertTrue(sa.path("reconciled").asBoolean());
            assertEquals(
                    JobReconciler.STOPPED,
                    status(AUDIT, "verification_runs/x").path("message").asText());
            assertEquals("failed", status(SCRATCH, "runs/c").path("status").asText());
            assertEquals(List.of("20260601-095900-000_agent-1.md"), verificationsEnded);
            assertTrue(ledger.records().isEmpty(), "nothing stays open");
        } finally {
            orphan.destroyForcibly();
        }
    }

    @Test
    void aHubJobIsPolledFinishedJobsSettleAtOnceRunningOnesAreWatchedToTheirEnd() throws Exception {
        JobRunner hub = mock(JobRunner.class);
        when(hub.name()).thenReturn("hf-jobs");
        when(hub.inspect("done")).thenReturn(JobState.of(JobStage.COMPLETED));
        when(hub.inspect("busy"))
                .thenReturn(JobState.of(JobStage.RUNNING), JobState.of(JobStage.RUNNING), JobState.of(JobStage.ERROR));
        when(hub.logs(anyString(), anyInt())).thenReturn("");
        ledger.open(record("done", "hf-jobs", "benchmark", "runs/done"));
        ledger.open(record("busy", "hf-jobs", "benchmark", "runs/busy"));
        ledger.open(record("other", "local-process", "benchmark", "runs/other"));
        try (HarnessJobs jobs = new HarnessJobs(config(), hub, store, CENTRAL, "collab", clock, ledger)) {
            List<JobReconciler.Settled> settled = new JobReconciler(jobs, ledger, store, clock).run(f -> {});
            assertEquals(2, settled.size());
            assertEquals(
                    "completed", status(SCRATCH, "runs/done").path("status").asText());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!status(SCRATCH, "runs/busy").path("finished_at").isTextual() && System.nanoTime() < deadline) {
                Thread.sleep(20); // shown running while watched again, until it ends
            }
            assertEquals("error", status(SCRATCH, "runs/busy").path("status").asText());
        }
        List<Map<String, Object>> left = ledger.records();
        assertEquals(1, left.size(), "a job of a runner this server does not use is left alone");
        assertEquals("other", left.getFirst().get("job_id"));
        assertFalse(
                store.read(SCRATCH, BucketPath.of("runs/other/job_status.json")).isPresent());
    }

    @Test
    void aHubJobStillRunningWhenTheServiceStopsStaysInTheLedgerAndIsSettledAtTheNextStart() throws Exception {
        JobRunner hub = hubRunningOneJob("hub-1");
        try (HarnessJobs jobs = new HarnessJobs(config(), hub, store, CENTRAL, "collab", clock, ledger)) {
            jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/s1", "runs/r1");
        }
        assertEquals("unknown", status(SCRATCH, "runs/r1").path("status").asText());
        assertEquals(
                List.of("hub-1"),
                ledger.records().stream().map(r -> r.get("job_id")).toList(),
                "a job the Hub still runs stays in the ledger when only its watcher stopped");

        // the job finished while the service was down: the Hub no longer lists it as live
        when(hub.inspect("hub-1")).thenReturn(JobState.of(JobStage.COMPLETED));
        try (HarnessJobs jobs = new HarnessJobs(config(), hub, store, CENTRAL, "collab", clock, ledger)) {
            new JobReconciler(jobs, ledger, store, clock).run(f -> {});
        }
        assertEquals("completed", status(SCRATCH, "runs/r1").path("status").asText());
        assertTrue(ledger.records().isEmpty());
    }

    @Test
    void aHubBenchmarkSettledFromTheLedgerGetsItsLogs() throws Exception {
        JobRunner hub = mock(JobRunner.class);
        when(hub.name()).thenReturn("hf-jobs");
        when(hub.inspect("done")).thenReturn(new JobState(JobStage.ERROR, java.util.Optional.of("exit code 1")));
        when(hub.inspect("busy")).thenReturn(JobState.of(JobStage.RUNNING), JobState.of(JobStage.ERROR));
        when(hub.logs("done", 2000)).thenReturn("Traceback: boom");
        when(hub.logs("busy", 2000)).thenReturn("score 41.0");
        ledger.open(record("done", "hf-jobs", "benchmark", "runs/done"));
        ledger.open(record("busy", "hf-jobs", "benchmark", "runs/busy"));
        try (HarnessJobs jobs = new HarnessJobs(config(), hub, store, CENTRAL, "collab", clock, ledger)) {
            new JobReconciler(jobs, ledger, store, clock).run(f -> {});
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!ledger.records().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertEquals("error", status(SCRATCH, "runs/done").path("status").asText());
        assertEquals(
                "Traceback: boom",
                store.readString(SCRATCH, BucketPath.of("runs/done/job_logs.txt"))
                        .orElse("(none)"));
        assertEquals("error", status(SCRATCH, "runs/busy").path("status").asText());
        assertEquals(
                "score 41.0",
                store.readString(SCRATCH, BucketPath.of("runs/busy/job_logs.txt"))
                        .orElse("(none)"));
    }

    @Test
    void aJobWatchedAgainAfterARestartIsShownRunningNotAsLeftByTheStop() throws Exception {
        JobRunner hub = hubRunningOneJob("hub-2");
        try (HarnessJobs jobs = new HarnessJobs(config(), hub, store, CENTRAL, "collab", clock, ledger)) {
            jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/s2", "runs/r2");
        }
        assertEquals("unknown", status(SCRATCH, "runs/r2").path("status").asText(), "as the stop left it");

        try (HarnessJobs jobs = new HarnessJobs(config(), hub, store, CENTRAL, "collab", clock, ledger)) {
            new JobReconciler(jobs, ledger, store, clock).run(f -> {});
            var running = status(SCRATCH, "runs/r2");
            assertEquals("running", running.path("status").asText(), running.toString());
            assertEquals("RUNNING", running.path("stage").asText());
            assertEquals("hub-2", running.path("job_id").asText());
            assertEquals(
                    "https://huggingface.co/jobs/org/hub-2",
                    running.path("job_url").asText());
            assertTrue(running.path("finished_at").isMissingNode(), running.toString());
        }
    }

    /** A Hub runner whose one launch is job {@code id}, running until the test ends, with empty logs. */
    private static JobRunner hubRunningOneJob(String id) {
        JobRunner hub = mock(JobRunner.class);
        when(hub.name()).thenReturn("hf-jobs");
        when(hub.launch(any()))
                .thenReturn(new JobHandle(id, "https://huggingface.co/jobs/org/" + id, JobStage.RUNNING));
        when(hub.inspect(id)).thenReturn(JobState.of(JobStage.RUNNING));
        when(hub.logs(anyString(), anyInt())).thenReturn("");
        return hub;
    }
}
