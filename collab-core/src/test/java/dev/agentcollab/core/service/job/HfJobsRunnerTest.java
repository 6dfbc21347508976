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
import dev.agentcollab.api.job.spi.JobStage;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HfJobsRunnerTest {
    private static final BucketId CENTRAL = BucketId.parse("org/collab-main-bucket");
    private static final BucketId SCRATCH = BucketId.parse("org/collab-agent-1");

    private FakeJobsEndpoint hub;
    private HfJobsRunner runner;
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");

    @BeforeEach
    void start() throws Exception {
        hub = new FakeJobsEndpoint();
        runner = new HfJobsRunner(
                HttpClient.newHttpClient(), hub.uri(), "org", () -> "hf_admin", Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HarnessJobs jobs(BucketStore store) {
        JobsConfig config = JobsConfig.custom()
                .pollInterval(Duration.ofMillis(10))
                .grace(Duration.ZERO)
                .build();
        return new HarnessJobs(config, runner, store, CENTRAL, "collab", clock);
    }

    @Test
    void launchPostsTheHarnessSpecWithBucketVolumesAndNoSecrets() throws Exception {
        BucketStore store = InMemoryBucketStore.create(clock);
        store.create(SCRATCH, true);
        try (HarnessJobs jobs = jobs(store)) {
            HarnessJobs.Run run = jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r1");
            assertEquals("job-1", run.handle().id());
            assertEquals(hub.uri() + "/jobs/org/job-1", run.handle().url());

            FakeJobsEndpoint.Request launch = hub.requests.get(0);
            assertEquals("POST", launch.method());
            assertEquals("/api/jobs/org", launch.path());
            assertEquals("Bearer hf_admin", launch.authorization());
            JsonNode spec = Json.mapper().readTree(launch.body());
            assertEquals("python:3.12", spec.path("dockerImage").asText());
            assertEquals("a10g-small", spec.path("flavor").asText());
            assertEquals(2400, spec.path("timeoutSeconds").asInt());
            assertEquals(
                    List.of("python3", "/harness/run.py", "--submission-dir", "/submission", "--state-dir", "/state"),
                    Json.mapper().convertValue(spec.path("command"), List.class));
            assertEquals(0, spec.path("environment").size());
            assertFalse(spec.has("secrets"));
            assertEquals("collab-benchmark", spec.path("labels").path("task").asText());
            assertEquals(
                    "submissions-v1", spec.path("labels").path("submission").asText());
            JsonNode volumes = spec.path("volumes");
            assertEquals(3, volumes.size());
            assertVolume(volumes.get(0), "org/collab-agent-1", "submissions/v1", "/submission", true);
            assertVolume(volumes.get(1), "org/collab-main-bucket", "shared_resources/harness", "/harness", true);
            assertVolume(volumes.get(2), "org/collab-agent-1", "runs/r1", "/state", false);

            hub.finishAs("COMPLETED");
            JobOutcome outcome = run.finished().get(30, TimeUnit.SECONDS);
            assertEquals("completed", outcome.status());
            assertEquals(
                    "loading model\nscore 41.0",
                    store.readString(SCRATCH, BucketPath.of("runs/r1/job_logs.txt"))
                            .orElseThrow());
            JsonNode status = Json.mapper()
                    .readTree(store.read(SCRATCH, BucketPath.of("runs/r1/job_status.json"))
                            .orElseThrow());
            assertEquals("completed", status.path("status").asText());
            assertEquals(hub.uri() + "/jobs/org/job-1", status.path("job_url").asText());
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
    void aHubErrorOnLaunchIsJobLaunchFailed() {
        hub.failLaunchesWith(402);
        BucketStore store = InMemoryBucketStore.create(clock);
        store.create(SCRATCH, true);
        try (HarnessJobs jobs = jobs(store)) {
            CollabException e = assertThrows(
                    CollabException.class,
                    () -> jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r1"));
            assertEquals(ErrorCode.JOB_LAUNCH_FAILED, e.code());
            assertTrue(e.getMessage().contains("402"), e.getMessage());
            assertTrue(store.read(SCRATCH, BucketPath.of("runs/r1/job_status.json"))
                    .isEmpty());
        }
    }

    @Test
    void inspectCancelAndErrorMessages() {
        JobHandle handle = runner.launch(new dev.agentcollab.api.job.spi.JobSpec(
                "img", List.of("true"), "cpu-basic", Duration.ofMinutes(1), java.util.Map.of(), List.of()));
        assertEquals(JobStage.RUNNING, runner.inspect(handle.id()).stage());
        hub.finishAs("ERROR");
        assertEquals(
                "job ended in error: OOM",
                JobSupervisor.outcomeOf(runner.inspect(handle.id())).message());
        hub.finishAs("RUNNING");
        runner.cancel(handle.id());
        assertEquals(1, hub.cancels());
        assertEquals(JobStage.CANCELED, runner.inspect(handle.id()).stage());
        assertEquals(JobStage.DELETED, runner.inspect("missing").stage());
    }

    @Test
    void aLogStreamThatStaysOpenIsCutAtTheRequestTimeout() {
        hub.hangLogs();
        HfJobsRunner quick = new HfJobsRunner(
                HttpClient.newHttpClient(), hub.uri(), "org", () -> "hf_admin", Duration.ofMillis(300));
        assertEquals("partial", quick.logs("job-1", 100));
    }

    @Test
    void aJobRunningPastItsCapIsCanceledByTheWatcher() throws Exception {
        BucketStore store = InMemoryBucketStore.create(clock);
        store.create(SCRATCH, true);
        try (HarnessJobs jobs = jobs(store)) {
            HarnessJobs.Run run = jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r1");
            clock.advance(Duration.ofMinutes(45));
            JobOutcome outcome = run.finished().get(30, TimeUnit.SECONDS);
            assertEquals("timed_out", outcome.status());
            assertEquals(1, hub.cancels());
        }
    }
}
