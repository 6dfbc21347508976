package dev.agentcollab.core.service.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.job.spi.JobStage;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(180)
class LocalProcessJobRunnerTest {
    private static final BucketId CENTRAL = BucketId.parse("org/collab-main-bucket");
    private static final BucketId SCRATCH = BucketId.parse("org/collab-agent-1");

    /** A POSIX-shell harness: reads the submission, prints a log line, writes summary.json into the state dir. */
    private static final String HARNESS =
            """
            sub=""; state=""
            while [ $# -gt 0 ]; do
              case "$1" in
                --submission-dir) sub="$2"; shift 2;;
                --state-dir) state="$2"; shift 2;;
                *) shift;;
              esac
            done
            echo "harness sees $(cat "$sub/model.txt")"
            if [ "$(cat "$sub/model.txt")" = "crash" ]; then echo "boom" >&2; exit 3; fi
            if [ "$(cat "$sub/model.txt")" = "hang" ]; then sleep 600; fi
            printf '{"score": 42.5}' > "$state/summary.json"
            """;

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");

    private HarnessJobs jobs(BucketStore store, LocalProcessJobRunner runner) {
        JobsConfig config = JobsConfig.custom()
                .enabled(true)
                .interpreter(List.of("sh"))
                .entrypoint("run.sh")
                .pollInterval(Duration.ofMillis(20))
                .grace(Duration.ZERO)
                .build();
        return new HarnessJobs(config, runner, store, CENTRAL, "collab", clock);
    }

    private BucketStore seed(TestStores.Backend backend, String model) {
        BucketStore store = backend.open().apply(dir.resolve("store"), clock);
        store.create(CENTRAL, true);
        store.create(SCRATCH, true);
        store.put(CENTRAL, BucketPath.of("shared_resources/harness/run.sh"), HARNESS.getBytes(StandardCharsets.UTF_8));
        store.put(SCRATCH, BucketPath.of("submissions/v1/model.txt"), model.getBytes(StandardCharsets.UTF_8));
        return store;
    }

    private static JsonNode json(BucketStore store, String path) throws Exception {
        return Json.mapper().readTree(store.read(SCRATCH, BucketPath.of(path)).orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("dev.agentcollab.core.service.job.TestStores#backends")
    void runsTheHarnessAsAChildProcessAndRecordsStatusLogsAndState(TestStores.Backend backend) throws Exception {
        BucketStore store = seed(backend, "tiny-model");
        try (LocalProcessJobRunner runner = new LocalProcessJobRunner(store, dir.resolve("work"), new Random(1));
                HarnessJobs jobs = jobs(store, runner)) {
            HarnessJobs.Run run = jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r1");
            JobOutcome outcome = run.finished().get(60, TimeUnit.SECONDS);
            assertEquals("completed", outcome.status());
            JsonNode status = json(store, "runs/r1/job_status.json");
            assertEquals("completed", status.path("status").asText());
            assertEquals("COMPLETED", status.path("stage").asText());
            assertEquals(
                    "benchmark completed; see summary.json",
                    status.path("message").asText());
            assertEquals("alice", status.path("hf_user").asText());
            assertEquals("submissions/v1", status.path("submission_prefix").asText());
            String logs = store.readString(SCRATCH, BucketPath.of("runs/r1/job_logs.txt"))
                    .orElseThrow();
            assertEquals("harness sees tiny-model", logs);
            assertEquals(42.5, json(store, "runs/r1/summary.json").path("score").asDouble());
            // the job's folder keeps its log and state, not its copies of the submission and the harness
            Path folder = dir.resolve("work").resolve(run.handle().id());
            try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(folder)) {
                assertEquals(
                        List.of("job.log", "state"),
                        left.map(p -> p.getFileName().toString()).sorted().toList());
            }
            assertEquals("harness sees tiny-model", runner.logs(run.handle().id(), 10));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.agentcollab.core.service.job.TestStores#backends")
    void aRestartedRunnerNeverReusesAnEarlierJobFolder(TestStores.Backend backend) throws Exception {
        BucketStore store = seed(backend, "tiny-model");
        String first;
        try (LocalProcessJobRunner runner = new LocalProcessJobRunner(store, dir.resolve("work"), new Random(9));
                HarnessJobs jobs = jobs(store, runner)) {
            HarnessJobs.Run run = jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/a");
            run.finished().get(60, TimeUnit.SECONDS);
            first = run.handle().id();
        }
        try (LocalProcessJobRunner runner = new LocalProcessJobRunner(store, dir.resolve("work"), new Random(9));
                HarnessJobs jobs = jobs(store, runner)) {
            HarnessJobs.Run run = jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/b");
            assertTrue(!run.handle().id().equals(first), "same seed, new folder");
            assertEquals("completed", run.finished().get(60, TimeUnit.SECONDS).status());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.agentcollab.core.service.job.TestStores#backends")
    void aFailingHarnessEndsInErrorWithItsExitCodeAndLogs(TestStores.Backend backend) throws Exception {
        BucketStore store = seed(backend, "crash");
        try (LocalProcessJobRunner runner = new LocalProcessJobRunner(store, dir.resolve("work"), new Random(2));
                HarnessJobs jobs = jobs(store, runner)) {
            HarnessJobs.Run run = jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r2");
            JobOutcome outcome = run.finished().get(60, TimeUnit.SECONDS);
            assertEquals("error", outcome.status());
            assertEquals("job ended in error: exit code 3", outcome.message());
            String logs = store.readString(SCRATCH, BucketPath.of("runs/r2/job_logs.txt"))
                    .orElseThrow();
            assertTrue(logs.contains("harness sees crash") && logs.contains("boom"), logs);
            assertEquals(
                    "error",
                    json(store, "runs/r2/job_status.json").path("status").asText());
            assertTrue(
                    store.read(SCRATCH, BucketPath.of("runs/r2/summary.json")).isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.agentcollab.core.service.job.TestStores#backends")
    void aJobPastItsCapIsCanceledAndReportedTimedOut(TestStores.Backend backend) throws Exception {
        BucketStore store = seed(backend, "hang");
        try (LocalProcessJobRunner runner = new LocalProcessJobRunner(store, dir.resolve("work"), new Random(3));
                HarnessJobs jobs = jobs(store, runner)) {
            HarnessJobs.Run run = jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r3");
            JsonNode launched = json(store, "runs/r3/job_status.json"); // the harness hangs until canceled
            assertEquals("running", launched.path("status").asText());
            assertEquals(run.handle().id(), launched.path("job_id").asText());
            assertEquals(
                    "2026-06-01T10:00:00.000Z", launched.path("launched_at").asText());
            assertEquals(40, launched.path("timeout_minutes").asInt());
            clock.advance(Duration.ofMinutes(41));
            JobOutcome outcome = run.finished().get(60, TimeUnit.SECONDS);
            assertEquals("timed_out", outcome.status());
            JsonNode status = json(store, "runs/r3/job_status.json");
            assertEquals("timed_out", status.path("status").asText());
            assertTrue(status.path("message").asText().startsWith("job did not finish within 40 minutes"));
            // the runner itself ends the process as canceled
            String id = run.handle().id();
            assertEquals(JobStage.CANCELED, LocalProcessJobRunnerSlotsTest.awaitTerminal(runner, id));
        }
    }
}
