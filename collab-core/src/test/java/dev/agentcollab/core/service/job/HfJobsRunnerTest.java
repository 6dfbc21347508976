package dev.agentcollab.core.service.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.job.spi.JobHandle;
import dev.agentcollab.api.job.spi.JobSpec;
import dev.agentcollab.api.job.spi.JobStage;
import dev.agentcollab.api.job.spi.JobVolume;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.hub.FakeHfHub;
import dev.agentcollab.testkit.hub.RecordedRequest;
import dev.agentcollab.testkit.time.MutableClock;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HF Jobs runner and the harness launcher against the fake Hub's Jobs API, which checks the token and the run
 * body against the official clients' shapes. Every wait is a condition with a deadline; no request timeout here is
 * short enough to trip on a loaded machine.
 */
@Timeout(120)
class HfJobsRunnerTest {
    private static final BucketId CENTRAL = BucketId.parse("org/collab-main-bucket");
    private static final BucketId SCRATCH = BucketId.parse("org/collab-agent-1");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private FakeHfHub hub;
    private HfJobsRunner runner;
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final BucketStore store = InMemoryBucketStore.create(clock);

    @BeforeEach
    void start() {
        hub = FakeHfHub.start().addUser("admin", "hf_admin", Map.of("org", "admin"));
        runner = runner(Duration.ofSeconds(20));
        store.create(SCRATCH, true);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HfJobsRunner runner(Duration requestTimeout) {
        return new HfJobsRunner(HttpClient.newHttpClient(), hub.endpoint(), "org", () -> "hf_admin", requestTimeout);
    }

    private HarnessJobs jobs(HfJobsRunner r) {
        JobsConfig config = JobsConfig.custom()
                .pollInterval(Duration.ofMillis(10))
                .grace(Duration.ZERO)
                .build();
        return new HarnessJobs(config, r, store, CENTRAL, "collab", clock);
    }

    private JsonNode status(String runPrefix) throws Exception {
        return Json.mapper()
                .readTree(store.read(SCRATCH, BucketPath.of(runPrefix + "/job_status.json"))
                        .orElseThrow());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private String statusWord(String runPrefix) {
        try {
            return status(runPrefix).path("status").asText();
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void launchPostsTheHarnessSpecWithBucketVolumesLabelsAndNoSecrets() throws Exception {
        try (HarnessJobs jobs = jobs(runner)) {
            HarnessJobs.Run run = jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r1");
            String id = hub.jobs().jobIds().get(0);
            assertEquals(id, run.handle().id());
            assertEquals(hub.endpoint() + "/jobs/org/" + id, run.handle().url());
            assertEquals(JobStage.SCHEDULING, run.handle().stage());

            RecordedRequest launch = hub.requests().stream()
                    .filter(r -> r.method().equals("POST"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("/api/jobs/org", launch.rawPath());
            JsonNode spec = Json.mapper().readTree(launch.body());
            assertEquals("python:3.12", spec.path("dockerImage").asText());
            assertFalse(spec.has("spaceId"));
            assertEquals("a10g-small", spec.path("flavor").asText());
            assertEquals(2400, spec.path("timeoutSeconds").asInt());
            assertEquals(
                    List.of("python3", "/harness/run.py", "--submission-dir", "/submission", "--state-dir", "/state"),
                    Json.mapper().convertValue(spec.path("command"), List.class));
            assertEquals(0, spec.path("arguments").size());
            assertEquals(0, spec.path("environment").size());
            assertFalse(spec.has("secrets"));
            JsonNode labels = spec.path("labels");
            assertEquals("collab-benchmark", labels.path("task").asText());
            assertEquals("submissions-v1", labels.path("submission").asText());
            assertEquals("agent-1", labels.path("agent_id").asText());
            assertEquals("collab", labels.path("collab").asText());
            assertEquals(20, labels.path("run_id").asText().length());
            JsonNode volumes = spec.path("volumes");
            assertEquals(3, volumes.size());
            assertVolume(volumes.get(0), "org/collab-agent-1", "submissions/v1", "/submission", true);
            assertVolume(volumes.get(1), "org/collab-main-bucket", "shared_resources/harness", "/harness", true);
            assertVolume(volumes.get(2), "org/collab-agent-1", "runs/r1", "/state", false);

            JsonNode running = status("runs/r1");
            assertEquals("running", running.path("status").asText());
            assertEquals(labels.path("run_id").asText(), running.path("run_id").asText());
            assertEquals(id, running.path("job_id").asText());

            hub.jobs().setStage(id, "COMPLETED", null);
            JobOutcome outcome = run.finished().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals("completed", outcome.status());
            assertEquals(
                    "loading model\nscore 41.0",
                    store.readString(SCRATCH, BucketPath.of("runs/r1/job_logs.txt"))
                            .orElseThrow());
            JsonNode status = status("runs/r1");
            assertEquals("completed", status.path("status").asText());
            assertEquals(
                    hub.endpoint() + "/jobs/org/" + id, status.path("job_url").asText());
        }
    }

    private static void assertVolume(JsonNode v, String source, String path, String mount, boolean ro) {
        assertEquals("bucket", v.path("type").asText());
        assertEquals(source, v.path("source").asText());
        assertEquals(path, v.path("path").asText());
        assertEquals(mount, v.path("mountPath").asText());
        assertEquals(ro, v.path("readOnly").asBoolean());
    }

    @Test
    void everyJobKindFindsItsStatusFileInTheRunFolderAtLaunch() {
        store.create(BucketId.parse("org/collab-audit"), true);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.agentcollab.api.job.spi.JobRunner recorder = new RecordingRunner(runner, spec -> {
            JobVolume state = spec.volumes().stream()
                    .filter(v -> v.mountPath().equals("/state"))
                    .findFirst()
                    .orElseThrow();
            seen.add(store.readString(state.bucket(), BucketPath.of(state.prefix() + "/job_status.json"))
                    .map(t -> t.contains("\"scheduling\"") ? "scheduling" : "other")
                    .orElse("missing"));
        });
        JobsConfig config =
                JobsConfig.custom().pollInterval(Duration.ofMillis(10)).build();
        try (HarnessJobs jobs = new HarnessJobs(config, recorder, store, CENTRAL, "collab", clock)) {
            jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/fresh");
            jobs.launchVerification(
                    SCRATCH, "submissions/v1", BucketId.parse("org/collab-audit"), "private", "verify/r1", "a=b.md");
        }
        assertEquals(List.of("scheduling", "scheduling"), seen);
    }

    @Test
    void aHubErrorOnLaunchIsJobLaunchFailedAndTheRunFolderSaysSo() throws Exception {
        hub.jobs().failLaunches(402, "no credits");
        try (HarnessJobs jobs = jobs(runner)) {
            CollabException e = assertThrows(
                    CollabException.class,
                    () -> jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r1"));
            assertEquals(ErrorCode.JOB_LAUNCH_FAILED, e.code());
            assertTrue(e.getMessage().contains("402"), e.getMessage());
            JsonNode status = status("runs/r1");
            assertEquals("launch_failed", status.path("status").asText());
            assertTrue(status.path("message").asText().contains("no credits"), status.toString());
            assertTrue(hub.jobs().jobIds().isEmpty());
        }
    }

    @Test
    void inspectCancelAndErrorMessages() {
        JobHandle handle = runner.launch(
                new JobSpec("img", List.of("true"), "cpu-basic", Duration.ofMinutes(1), Map.of(), List.of()));
        assertEquals(JobStage.SCHEDULING, runner.inspect(handle.id()).stage());
        hub.jobs().setStage(handle.id(), "RUNNING", null);
        assertEquals(JobStage.RUNNING, runner.inspect(handle.id()).stage());
        hub.jobs().setStage(handle.id(), "ERROR", "OOM");
        assertEquals(
                "job ended in error: OOM",
                JobSupervisor.outcomeOf(runner.inspect(handle.id())).message());
        hub.jobs().setStage(handle.id(), "RUNNING", null);
        runner.cancel(handle.id());
        assertEquals(1, hub.jobs().cancels(handle.id()));
        assertEquals(JobStage.CANCELED, runner.inspect(handle.id()).stage());
        CollabException missing = assertThrows(CollabException.class, () -> runner.inspect("0123456789abcdef01234567"));
        assertEquals(ErrorCode.UPSTREAM_ERROR, missing.code());
        assertTrue(missing.retryable());
    }

    @Test
    void theFakeRefusesWhatTheHubWouldRefuse() {
        HfJobsRunner stranger = new HfJobsRunner(
                HttpClient.newHttpClient(), hub.endpoint(), "org", () -> "hf_nobody", Duration.ofSeconds(20));
        JobSpec ok = new JobSpec("img", List.of("true"), "cpu-basic", Duration.ofMinutes(1), Map.of(), List.of());
        CollabException e = assertThrows(CollabException.class, () -> stranger.launch(ok));
        assertTrue(e.getMessage().contains("401"), e.getMessage());
        JobSpec badFlavor =
                new JobSpec("img", List.of("true"), "a10g-tiny", Duration.ofMinutes(1), Map.of(), List.of());
        e = assertThrows(CollabException.class, () -> runner.launch(badFlavor));
        assertTrue(e.getMessage().contains("400") && e.getMessage().contains("flavor"), e.getMessage());
        IllegalArgumentException config =
                assertThrows(IllegalArgumentException.class, () -> runner.checkFlavor("a10g-tiny"));
        assertTrue(config.getMessage().contains("a10g-small"), config.getMessage());
        runner.checkFlavor("a10g-small");
    }

    @Test
    void aLogStreamThatStaysOpenEndsAfterTheIdleTimeoutNotTheRequestTimeout() {
        hub.jobs().hangLogs();
        JobHandle handle = runner.launch(
                new JobSpec("img", List.of("true"), "cpu-basic", Duration.ofMinutes(1), Map.of(), List.of()));
        HfJobsRunner idle = new HfJobsRunner(
                HttpClient.newHttpClient(),
                hub.endpoint(),
                "org",
                () -> "hf_admin",
                Duration.ofSeconds(60),
                Duration.ofSeconds(1));
        long start = System.nanoTime();
        assertEquals("loading model\nscore 41.0", idle.logs(handle.id(), 100));
        // the stream stays open for 60 s with a keep-alive every 30 s; the read ends on the first silence
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(29)) < 0);
    }

    @Test
    void aJobRunningPastItsCapIsCanceledByTheWatcher() throws Exception {
        try (HarnessJobs jobs = jobs(runner)) {
            HarnessJobs.Run run = jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r1");
            clock.advance(Duration.ofMinutes(45));
            JobOutcome outcome = run.finished().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals("timed_out", outcome.status());
            assertEquals(1, hub.jobs().cancels(run.handle().id()));
        }
    }

    @Test
    void aTransient404WhilePollingIsReportedUnknownAndTheJobIsStillWatched() throws Exception {
        try (HarnessJobs jobs = jobs(runner)) {
            HarnessJobs.Run run = jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r1");
            String id = run.handle().id();
            hub.jobs().answer404(id, Integer.MAX_VALUE);
            await("status unknown", () -> statusWord("runs/r1").equals("unknown"));
            assertFalse(run.finished().isDone());
            hub.jobs().answer404(id, 0);
            await("status running again", () -> statusWord("runs/r1").equals("running"));
            hub.jobs().setStage(id, "COMPLETED", null);
            assertEquals(
                    "completed",
                    run.finished().get(WAIT.toSeconds(), TimeUnit.SECONDS).status());
            assertEquals(0, hub.jobs().cancels(id));
        }
    }

    @Test
    void aJobThatStaysInvisibleIsCanceledAtTheCap() throws Exception {
        try (HarnessJobs jobs = jobs(runner)) {
            HarnessJobs.Run run = jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r1");
            hub.jobs().answer404(run.handle().id(), Integer.MAX_VALUE);
            await("status unknown", () -> statusWord("runs/r1").equals("unknown"));
            clock.advance(Duration.ofMinutes(45));
            JobOutcome outcome = run.finished().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals("timed_out", outcome.status());
            assertEquals(1, hub.jobs().cancels(run.handle().id()));
            assertEquals("timed_out", status("runs/r1").path("status").asText());
        }
    }

    @Test
    void aLaunchWhoseAnswerIsLostAdoptsTheJobTheHubStarted() throws Exception {
        // the answer is held far longer than the request timeout, which is long enough for every other call
        hub.jobs().stallNextLaunchAnswer(Duration.ofSeconds(110));
        try (HarnessJobs jobs = jobs(runner(Duration.ofSeconds(8)))) {
            HarnessJobs.Run run = jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r1");
            assertEquals(hub.jobs().jobIds(), List.of(run.handle().id()));
            assertEquals(run.handle().id(), status("runs/r1").path("job_id").asText());
            hub.jobs().setStage(run.handle().id(), "COMPLETED", null);
            assertEquals(
                    "completed",
                    run.finished().get(WAIT.toSeconds(), TimeUnit.SECONDS).status());
        }
    }

    @Test
    void aLostLaunchAnswerIsNotAdoptedWithoutARunIdThatMakesTheMatchExact() {
        hub.jobs().stallNextLaunchAnswer(Duration.ofSeconds(110));
        JobSpec noRunId = new JobSpec(
                "python:3.12",
                List.of("true"),
                "cpu-basic",
                Duration.ofMinutes(40),
                Map.of(HarnessJobs.COLLAB_LABEL, "collab"),
                List.of());
        CollabException e = assertThrows(
                CollabException.class, () -> runner(Duration.ofSeconds(8)).launch(noRunId));
        assertEquals(ErrorCode.JOB_LAUNCH_FAILED, e.code());
        assertEquals(1, hub.jobs().jobIds().size()); // the Hub did start it: start-up reconciliation will find it
    }

    @Test
    void aThrottledLaunchIsRateLimitedWithTheHubsDelayAndLaunchesNothing() throws Exception {
        hub.jobs().failLaunches(429, "Too many job launches, slow down", Duration.ofSeconds(7));
        try (HarnessJobs jobs = jobs(runner)) {
            CollabException e = assertThrows(
                    CollabException.class,
                    () -> jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r1"));
            assertEquals(ErrorCode.RATE_LIMITED, e.code());
            assertTrue(e.retryable());
            assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
            assertTrue(e.getMessage().contains("nothing was launched"), e.getMessage());
            assertTrue(e.getMessage().contains("Too many job launches, slow down"), e.getMessage());
            assertEquals("launch_failed", status("runs/r1").path("status").asText());
            assertTrue(hub.jobs().jobIds().isEmpty());
        }
        hub.jobs().failLaunches(429, "throttled");
        CollabException noDelay = assertThrows(CollabException.class, () -> runner.launch(plainSpec()));
        assertEquals(Optional.of(Duration.ofSeconds(30)), noDelay.retryAfter(), "a 429 without Retry-After");
    }

    @Test
    void aRefusedLaunchCarriesTheHubsMessageNotItsRawBody() {
        hub.jobs().failLaunches(402, "no credits");
        CollabException e = assertThrows(CollabException.class, () -> runner.launch(plainSpec()));
        assertEquals(ErrorCode.JOB_LAUNCH_FAILED, e.code());
        assertEquals("jobs API, launch: HTTP 402: no credits", e.getMessage());
        assertTrue(e.retryAfter().isEmpty());
    }

    private static JobSpec plainSpec() {
        return new JobSpec("img", List.of("true"), "cpu-basic", Duration.ofMinutes(1), Map.of(), List.of());
    }

    @Test
    void aLostLaunchAnswerWithNoJobOnTheHubIsAFailedLaunch() {
        hub.jobs().failLaunches(503, "busy");
        try (HarnessJobs jobs = jobs(runner)) {
            CollabException e = assertThrows(
                    CollabException.class,
                    () -> jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r1"));
            assertEquals(ErrorCode.JOB_LAUNCH_FAILED, e.code());
            assertTrue(e.getMessage().contains("no job was started"), e.getMessage());
        }
    }

    @Test
    void startUpReconciliationAdoptsRecordedJobsAndCancelsTheOthers() throws Exception {
        String recorded;
        try (HarnessJobs before = jobs(runner)) {
            recorded = before.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r1")
                    .handle()
                    .id();
        }
        String orphan = runner.launch(new JobSpec(
                        "python:3.12",
                        List.of("true"),
                        "cpu-basic",
                        Duration.ofMinutes(40),
                        Map.of(HarnessJobs.COLLAB_LABEL, "collab", HarnessJobs.RUN_ID_LABEL, "nobody-knows-me"),
                        List.of(new JobVolume(SCRATCH, "runs/unrecorded", "/state", false))))
                .id();
        String otherCollab = runner.launch(new JobSpec(
                        "python:3.12",
                        List.of("true"),
                        "cpu-basic",
                        Duration.ofMinutes(40),
                        Map.of(HarnessJobs.COLLAB_LABEL, "another"),
                        List.of()))
                .id();
        try (HarnessJobs after = jobs(runner)) {
            HarnessJobs.Reconciliation r = after.reconcile();
            assertEquals(List.of(recorded), r.adopted());
            assertEquals(List.of(orphan), r.canceled());
            assertEquals(1, hub.jobs().cancels(orphan));
            assertEquals(0, hub.jobs().cancels(otherCollab));
            assertEquals(0, hub.jobs().cancels(recorded));
            assertTrue(status("runs/r1").path("adopted").asBoolean());
            hub.jobs().setStage(recorded, "COMPLETED", null);
            JobOutcome outcome = after.finished(recorded).orElseThrow().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals("completed", outcome.status());
            assertEquals("completed", status("runs/r1").path("status").asText());
            assertEquals(List.of(), after.reconcile().adopted());
        }
    }

    @Test
    void aJobWhoseRunFolderCannotBeReadIsNeitherAdoptedNorCanceled() throws Exception {
        String id = runner.launch(new JobSpec(
                        "python:3.12",
                        List.of("true"),
                        "cpu-basic",
                        Duration.ofMinutes(40),
                        Map.of(HarnessJobs.COLLAB_LABEL, "collab", HarnessJobs.RUN_ID_LABEL, "r-unreadable"),
                        List.of(new JobVolume(SCRATCH, "runs/r9", "/state", false))))
                .id();
        ((InMemoryBucketStore) store)
                .faults()
                .inject(new dev.agentcollab.testkit.bucket.Fault.FailNext(
                        dev.agentcollab.testkit.bucket.StoreOp.READ,
                        1,
                        ErrorCode.UNAVAILABLE,
                        java.util.Optional.empty()));
        try (HarnessJobs after = jobs(runner)) {
            HarnessJobs.Reconciliation r = after.reconcile();
            assertEquals(List.of(id), r.skipped());
            assertEquals(List.of(), r.canceled());
            assertEquals(0, hub.jobs().cancels(id));
            assertEquals(List.of(id), after.reconcile().canceled()); // readable now, and nothing records it
        }
    }

    @Test
    void theLabelPassNeitherCancelsNorWatchesTwiceWhatTheLedgerPassWatchesAgain() throws Exception {
        BucketId audit = BucketId.parse("org/collab-audit");
        store.create(audit, true);
        JobLedger ledger = new JobLedger(store, audit);
        JobsConfig config = JobsConfig.custom()
                .pollInterval(Duration.ofMillis(10))
                .grace(Duration.ZERO)
                .build();
        String id;
        List<Map<String, Object>> open;
        try (HarnessJobs before = new HarnessJobs(config, runner, store, CENTRAL, "collab", clock, ledger)) {
            id = before.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r1")
                    .handle()
                    .id();
            open = ledger.records();
            assertEquals(1, open.size(), "the launch is in the ledger");
            assertEquals("running", statusWord("runs/r1"));
        }
        open.forEach(ledger::open); // a crash leaves the record behind; a clean stop removes it
        try (HarnessJobs after = new HarnessJobs(config, runner, store, CENTRAL, "collab", clock, ledger)) {
            List<JobReconciler.Settled> settled = new JobReconciler(after, ledger, store, clock).run(f -> {});
            assertEquals(
                    List.of(id),
                    settled.stream().map(JobReconciler.Settled::jobId).toList());
            assertEquals("running", settled.getFirst().status());
            HarnessJobs.Reconciliation r = after.reconcile();
            assertEquals(List.of(), r.adopted(), "already watched by the ledger pass");
            assertEquals(List.of(), r.canceled());
            assertEquals(0, hub.jobs().cancels(id));
            hub.jobs().setStage(id, "COMPLETED", null);
            await("the re-watched job's final status", () -> statusWord("runs/r1")
                    .equals("completed"));
            assertTrue(status("runs/r1").path("reconciled").asBoolean());
            await("the ledger to empty", () -> ledger.records().isEmpty());
        }
    }
}
