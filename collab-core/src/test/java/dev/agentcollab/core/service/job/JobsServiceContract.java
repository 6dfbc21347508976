package dev.agentcollab.core.service.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.job.JobLaunch;
import dev.agentcollab.api.job.JobRun;
import dev.agentcollab.api.job.JobRunRequest;
import dev.agentcollab.api.job.JobsOverview;
import dev.agentcollab.api.job.ResultRuns;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.result.ResultsConfig;
import dev.agentcollab.core.service.result.ResultsHarness;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobs:run} through the service with the local-process runner, on each backend. */
abstract class JobsServiceContract {
    static final String HARNESS =
            """
            sub=""; state=""
            while [ $# -gt 0 ]; do
              case "$1" in
                --submission-dir) sub="$2"; shift 2;;
                --state-dir) state="$2"; shift 2;;
                *) shift;;
              esac
            done
            if [ -f "$sub/wait-for" ]; then
              gate=$(cat "$sub/wait-for"); i=0
              while [ ! -e "$gate" ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done
            fi
            echo "benchmarking $(cat "$sub/model.txt")"
            printf '{"score": 42.5}' > "$state/summary.json"
            """;

    @TempDir
    Path tmp;

    MutableClock clock;
    ResultsHarness h;

    abstract BucketStore newStore(Path dir, MutableClock clock);

    ResultsHarness harness(BucketStore store, int perAgent, int perUser) {
        return harness(store, perAgent, perUser, List.of("sh"));
    }

    ResultsHarness harness(BucketStore store, int perAgent, int perUser, List<String> interpreter) {
        JobsConfig jobs = JobsConfig.custom()
                .enabled(true)
                .interpreter(interpreter)
                .entrypoint("run.sh")
                .pollInterval(Duration.ofMillis(20))
                .perAgentPerDay(perAgent)
                .perUserPerDay(perUser)
                .build();
        return new ResultsHarness(
                store,
                clock,
                ResultsConfig.ofDefaults(),
                jobs,
                s -> Optional.<JobRunner>of(new LocalProcessJobRunner(s, tmp.resolve("work"), new Random(5))));
    }

    @BeforeEach
    void start() {
        clock = MutableClock.at("2026-06-01T10:00:00Z");
        h = harness(newStore(tmp, clock), 2, 3);
        h.store.put(
                h.config.centralBucket(),
                BucketPath.of("shared_resources/harness/run.sh"),
                HARNESS.getBytes(StandardCharsets.UTF_8));
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 1);
        h.put("agent-1", "submissions/v1/model.txt", "tiny");
        h.put("agent-2", "submissions/v1/model.txt", "tiny");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private JobLaunch run(String token, String agent) {
        return h.as(token).jobs().run(new JobRunRequest(agent, "submissions/v1/", "runs/r1"));
    }

    @Test
    void launchesTheHarnessAndRecordsStatusLogsAndSummaryInTheRunFolder() throws Exception {
        JobLaunch launch = run("tok-owner1", "agent-1");
        assertEquals("launched", launch.status());
        assertEquals("owner1", launch.hfUser());
        assertEquals("org/collab-agent-1", launch.submissionBucket());
        assertEquals("submissions/v1", launch.submissionPrefix());
        assertEquals("runs/r1", launch.runPrefix());
        assertEquals(40, launch.timeoutMinutes());
        assertEquals("hf://buckets/org/collab-agent-1/runs/r1/job_status.json", launch.statusFile());
        assertEquals("hf://buckets/org/collab-agent-1/runs/r1/job_logs.txt", launch.logsFile());
        assertEquals(new JobLaunch.Quota(1, 2), launch.quota());

        JobOutcome outcome = h.service
                .results()
                .harness()
                .orElseThrow()
                .finished(launch.jobId())
                .orElseThrow()
                .get(60, TimeUnit.SECONDS);
        assertEquals("completed", outcome.status());
        JsonNode status = Json.mapper()
                .readTree(h.store
                        .read(h.bucketOf("agent-1"), BucketPath.of("runs/r1/job_status.json"))
                        .orElseThrow());
        assertEquals("completed", status.path("status").asText());
        assertEquals(launch.jobId(), status.path("job_id").asText());
        assertEquals(
                "benchmarking tiny",
                h.store
                        .readString(h.bucketOf("agent-1"), BucketPath.of("runs/r1/job_logs.txt"))
                        .orElseThrow());
        assertEquals(
                "{\"score\": 42.5}",
                h.store
                        .readString(h.bucketOf("agent-1"), BucketPath.of("runs/r1/summary.json"))
                        .orElseThrow());
        String audit = String.join("\n", h.service.context().audit().lines("202606"));
        assertTrue(audit.contains("\"route\":\"/v1/jobs:run\"") && audit.contains(launch.jobId()), audit);
    }

    @Test
    void onlyTheNewestEndedJobsAreKeptInMemory() throws Exception {
        HarnessJobs jobs = h.service.results().harness().orElseThrow();
        jobs.keepEnded(1);
        JobLaunch first = run("tok-owner1", "agent-1");
        jobs.finished(first.jobId()).orElseThrow().get(60, TimeUnit.SECONDS);
        Path gate = tmp.resolve("second-may-end");
        h.put("agent-2", "submissions/v1/wait-for", gate.toString()); // the second job runs until the gate opens
        JobLaunch second = run("tok-owner1", "agent-2");
        assertTrue(jobs.watches(first.jobId()) && jobs.watches(second.jobId()), "a running job and the newest ended");
        java.nio.file.Files.createFile(gate);
        jobs.finished(second.jobId()).orElseThrow().get(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (jobs.finished(first.jobId()).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(5); // the second job's end is filed just after its outcome completes
        }
        assertEquals(Optional.empty(), jobs.finished(first.jobId()), "the older ended job is forgotten");
        assertTrue(!jobs.watches(first.jobId()));
        assertEquals(
                "completed", jobs.finished(second.jobId()).orElseThrow().get().status());
        assertTrue(jobs.watches(second.jobId()));
        // what the run folder recorded does not depend on the memory: the first job's status is still there
        JsonNode status = Json.mapper()
                .readTree(h.store
                        .read(h.bucketOf("agent-1"), BucketPath.of("runs/r1/job_status.json"))
                        .orElseThrow());
        assertEquals("completed", status.path("status").asText());
    }

    @Test
    void organizersSeeTheJobsAndQuotasAndEveryoneAResultsVerificationRuns() throws Exception {
        JobLaunch launch = run("tok-owner1", "agent-1");
        h.service
                .results()
                .harness()
                .orElseThrow()
                .finished(launch.jobId())
                .orElseThrow()
                .get(60, TimeUnit.SECONDS);
        clock.advance(Duration.ofSeconds(90));

        JobsOverview overview = h.as("tok-alice").jobs().overview(10);
        assertTrue(overview.jobsEnabled());
        assertEquals(86_400, overview.windowSeconds());
        JobRun job = overview.jobs().get(0);
        assertEquals(launch.jobId(), job.jobId());
        assertEquals("benchmark", job.kind());
        assertEquals("agent-1", job.agentId());
        assertEquals("owner1", job.hfUser());
        assertEquals("completed", job.status());
        assertEquals("hf://buckets/org/collab-agent-1/runs/r1", job.runFolder());
        assertTrue(!job.launchedAt().isEmpty() && !job.finishedAt().isEmpty(), job.toString());
        assertTrue(job.runtimeSeconds() >= 0, job.toString());
        assertEquals(
                List.of(new JobsOverview.QuotaUse("agent-1", 1, 2, 1, "2026-06-02T10:00:00.000Z")), overview.agents());
        assertEquals(
                List.of(new JobsOverview.QuotaUse("owner1", 1, 3, 2, "2026-06-02T10:00:00.000Z")), overview.users());
        CollabException denied = assertThrows(
                CollabException.class, () -> h.as("tok-owner1").jobs().overview(10));
        assertEquals(ErrorCode.NOT_ORGANIZER, denied.code());
        assertEquals(
                ErrorCode.UNAUTHORIZED,
                assertThrows(CollabException.class, () -> h.as(null).jobs().overview(10))
                        .code());
        assertEquals(
                ErrorCode.INVALID_QUERY,
                assertThrows(
                                CollabException.class,
                                () -> h.as("tok-alice").jobs().overview(0))
                        .code());

        // A result with a verification run folder written the way the verifier writes it.
        h.put(
                "agent-1",
                "results/claim.md",
                "---\nscore: 42.5\nmethod: m\ndescription: d\nstatus: agent-run\nsubmission: submissions/v1\n---\nx\n");
        String filename = h.as("tok-owner1")
                .results()
                .promote("hf://buckets/org/collab-agent-1/results/claim.md")
                .filename();
        String folder = "verification_runs/" + filename + "/";
        put(
                folder + "verification_request.json",
                "{\"requested_at\":\"2026-06-01T10:05:00.000Z\",\"reported_score\":42.5}");
        put(
                folder + "job_status.json",
                "{\"status\":\"completed\",\"job_id\":\"job-v1\",\"job_url\":\"\","
                        + "\"launched_at\":\"2026-06-01T10:05:01.000Z\",\"finished_at\":\"2026-06-01T10:07:01.000Z\"}");
        put(folder + "summary.json", "{\"score\":41.9,\"note\":\"ok\",\"nested\":{\"x\":1}}");
        put(
                folder + "verdict.json",
                "{\"state\":\"valid\",\"reason\":\"41.9 is within 5% of 42.5\",\"job_id\":\"job-v1\"}");
        put(folder + "job_logs.txt", "re-ran the benchmark");

        ResultRuns runs = h.as(null).jobs().runs(filename);
        assertEquals("hf://buckets/org/collab-agent-1/submissions/v1", runs.submission());
        assertEquals(
                List.of("model.txt"),
                runs.submissionFiles().stream().map(JobRun.RunFile::name).toList());
        JobRun v = runs.runs().get(0);
        assertEquals("job-v1", v.jobId());
        assertEquals("verification", v.kind());
        assertEquals("agent-1", v.agentId());
        assertEquals(120, v.runtimeSeconds());
        assertEquals("valid", v.verdict());
        assertEquals("41.9 is within 5% of 42.5", v.reason());
        assertEquals(Map.of("score", 41.9, "note", "ok"), v.measured());
        assertTrue(
                v.files().stream()
                        .anyMatch(f -> f.name().equals("job_logs.txt")
                                && f.url().equals("/v1/results/" + filename + "/runs/files/job_logs.txt")),
                v.files().toString());
        assertEquals(
                "re-ran the benchmark",
                new String(h.as("tok-alice").jobs().runFile(filename, "job_logs.txt"), StandardCharsets.UTF_8));
        assertEquals(
                ErrorCode.NOT_ORGANIZER,
                assertThrows(
                                CollabException.class,
                                () -> h.as("tok-owner1").jobs().runFile(filename, "job_logs.txt"))
                        .code());
        assertEquals(
                ErrorCode.INVALID_PATH,
                assertThrows(
                                CollabException.class,
                                () -> h.as("tok-alice").jobs().runFile(filename, "../verdict.json"))
                        .code());
        // written here out of band (as by an operator): the jobs list shows it at its next full listing
        clock.advance(JobIndex.RELIST);
        assertTrue(h.as("tok-alice").jobs().overview(10).jobs().stream()
                .anyMatch(j -> j.jobId().equals("job-v1")));
        assertEquals(
                ErrorCode.NOT_FOUND,
                assertThrows(CollabException.class, () -> h.as(null).jobs().runs("nope.md"))
                        .code());
    }

    private void put(String path, String text) {
        h.store.put(h.config.auditBucket(), BucketPath.of(path), text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void checksRunInTheReferenceOrder() {
        assertEquals(
                ErrorCode.INVALID_PATH,
                code(() -> h.as("tok-owner1").jobs().run(new JobRunRequest("Agent-1", "/abs", "runs/r1"))));
        assertEquals(
                ErrorCode.INVALID_PATH,
                code(() -> h.as("tok-owner1").jobs().run(new JobRunRequest("agent-1", "/abs", "runs/r1"))));
        assertEquals(
                ErrorCode.INVALID_PATH,
                code(() -> h.as("tok-owner1").jobs().run(new JobRunRequest("agent-1", "submissions/v1", "runs/../x"))));
        assertEquals(ErrorCode.NOT_REGISTERED, code(() -> run(null, "agent-7")));
        CollabException noToken = assertThrows(CollabException.class, () -> run(null, "agent-1"));
        assertEquals(ErrorCode.UNAUTHORIZED, noToken.code());
        assertEquals(Optional.of("pass your HF token so we can verify you own this agent"), noToken.hint());
        assertEquals(ErrorCode.UNAUTHORIZED, code(() -> run("tok-nobody", "agent-1")));
        assertEquals(ErrorCode.BUCKET_NOT_OWNED_BY_CALLER, code(() -> run("tok-owner2", "agent-1")));
        h.put("agent-1", ".bucket-sync-handshake", "owner2");
        CollabException other = assertThrows(CollabException.class, () -> run("tok-owner2", "agent-1"));
        assertEquals(ErrorCode.IDENTITY_MISMATCH, other.code());
        assertEquals("agent 'agent-1' is registered to 'owner1', not caller 'owner2'", other.getMessage());
        // after ownership, before the quota: a prefix with no file (a typo, a forgotten upload) launches nothing
        CollabException empty = assertThrows(
                CollabException.class,
                () -> h.as("tok-owner1").jobs().run(new JobRunRequest("agent-2", "submissions/v2", "runs/r1")));
        assertEquals(ErrorCode.SOURCE_NOT_FOUND, empty.code());
        assertEquals("no submission under submissions/v2/ in your bucket org/collab-agent-2", empty.getMessage());
        assertTrue(empty.hint().orElseThrow().contains("hf://buckets/org/collab-agent-2/submissions/v2"));
        // submissions/v1/model.txt exists, but submissions/v names no folder of it
        assertEquals(
                ErrorCode.SOURCE_NOT_FOUND,
                code(() -> h.as("tok-owner1").jobs().run(new JobRunRequest("agent-2", "submissions/v", "runs/r1"))));
        assertTrue(h.service.results().quota().inWindow().isEmpty(), "no check failure spends quota");
    }

    @Test
    void exhaustedQuotasAreRateLimitedWithRetryAfterAndSurviveARestart() {
        run("tok-owner1", "agent-1");
        clock.advance(Duration.ofMinutes(10));
        run("tok-owner1", "agent-1");
        CollabException agent = assertThrows(CollabException.class, () -> run("tok-owner1", "agent-1"));
        assertEquals(ErrorCode.RATE_LIMITED, agent.code());
        long expected = Duration.ofHours(24).minusMinutes(10).toSeconds() + 1;
        assertEquals(Optional.of(Duration.ofSeconds(expected)), agent.retryAfter());

        run("tok-owner1", "agent-2"); // third launch of owner1
        CollabException user = assertThrows(CollabException.class, () -> run("tok-owner1", "agent-2"));
        assertEquals(ErrorCode.RATE_LIMITED, user.code());
        assertTrue(user.getMessage().startsWith("hf_user 'owner1' has hit its limit of 3 jobs per 24h"));

        h = h.restart();
        assertEquals(ErrorCode.RATE_LIMITED, code(() -> run("tok-owner1", "agent-1")));
        clock.advance(Duration.ofSeconds(expected));
        assertEquals("launched", run("tok-owner1", "agent-1").status());
    }

    @Test
    void concurrentLaunchesNeverExceedTheQuota() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    try {
                        run("tok-owner1", "agent-1");
                        return true;
                    } catch (CollabException e) {
                        assertEquals(ErrorCode.RATE_LIMITED, e.code());
                        return false;
                    }
                }));
            }
            go.countDown();
            int launched = 0;
            for (Future<Boolean> f : futures) {
                launched += f.get() ? 1 : 0;
            }
            assertEquals(2, launched);
            assertEquals(2, h.service.results().quota().inWindow().size());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A launch that takes time on the platform (HF Jobs answers in seconds) does not move {@code launched_at}: the
     * run folder's status says the same time while the job runs and after it ended.
     */
    @Test
    void theLaunchTimeOfAJobStaysTheSameFromRunningToItsEnd() throws Exception {
        h.close();
        JobsConfig jobs = JobsConfig.custom()
                .enabled(true)
                .interpreter(List.of("sh"))
                .entrypoint("run.sh")
                .pollInterval(Duration.ofMillis(20))
                .build();
        h = new ResultsHarness(
                h.store,
                clock,
                ResultsConfig.ofDefaults(),
                jobs,
                s -> Optional.<JobRunner>of(new RecordingRunner(
                        new LocalProcessJobRunner(s, tmp.resolve("work"), new Random(5)),
                        spec -> clock.advance(Duration.ofMillis(250)))));
        JobLaunch launch = run("tok-owner1", "agent-1");
        h.service
                .results()
                .harness()
                .orElseThrow()
                .finished(launch.jobId())
                .orElseThrow()
                .get(60, TimeUnit.SECONDS);
        JsonNode status = Json.mapper()
                .readTree(h.store
                        .read(h.bucketOf("agent-1"), BucketPath.of("runs/r1/job_status.json"))
                        .orElseThrow());
        assertEquals("completed", status.path("status").asText());
        // the time the running status gave: the launch was asked for at 10:00:00, before the platform answered
        assertEquals("2026-06-01T10:00:00.000Z", status.path("launched_at").asText(), status.toString());
    }

    @Test
    void aFailedLaunchIsReportedAndNotCounted() {
        h.close();
        h = harness(h.store, 2, 3, List.of("/nonexistent/interpreter"));
        CollabException e = assertThrows(CollabException.class, () -> run("tok-owner1", "agent-1"));
        assertEquals(ErrorCode.JOB_LAUNCH_FAILED, e.code());
        assertTrue(e.getMessage().startsWith("could not launch the benchmark job: "), e.getMessage());
        assertTrue(h.service.results().quota().inWindow().isEmpty());
    }

    @Test
    void disabledJobsAreNotFound() {
        h.close();
        h = new ResultsHarness(h.store, clock);
        CollabException e = assertThrows(CollabException.class, () -> run("tok-owner1", "agent-1"));
        assertEquals(ErrorCode.JOBS_DISABLED, e.code());
        assertEquals("benchmark jobs are not enabled for this challenge", e.getMessage());
        // the hint names the settings that do enable them: collab serve's and the reference variables'
        String hint = e.hint().orElseThrow();
        assertTrue(hint.contains("jobs.runner (COLLAB_JOBS_RUNNER)"), hint);
        assertTrue(hint.contains("JOBS_ENABLED=true"), hint);
    }

    private static ErrorCode code(Runnable r) {
        return assertThrows(CollabException.class, r::run).code();
    }
}
