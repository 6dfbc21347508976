package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.job.JobRun;
import dev.agentcollab.api.job.JobsOverview;
import dev.agentcollab.api.job.ResultRuns;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code CollabClient.jobs()}'s read methods over HTTP: the same answers and errors as the service's. */
@Timeout(60)
class JobViewsHttpTest {

    @Test
    void theClientReadsJobsRunsAndRunFilesWithTheServersRules() {
        try (LoopbackCollab env = new LoopbackCollab(InMemoryBucketStore.create());
                CollabClient alice = env.client("tok-alice");
                CollabClient bob = env.client("tok-bob");
                CollabClient anonymous = env.client(null)) {
            env.scratchBucket("agent-a", "alice");
            alice.agents().register(RegisterRequest.of("agent-a", "m", "h", List.of()));
            String filename = alice.results()
                    .promote(env.writeSource(
                            "agent-a",
                            "results/r.md",
                            "---\nscore: 3\nmethod: m\nstatus: agent-run\ndescription: d\n---\nx\n"))
                    .filename();
            String folder = "verification_runs/" + filename + "/";
            String status = "{\"status\":\"failed\",\"job_id\":\"j-1\",\"message\":\"oom\"}";
            put(env, folder + "job_status.json", status);
            put(env, folder + "logs/run 1.txt", "line");

            JobsOverview overview = alice.jobs().overview(5);
            assertEquals(
                    List.of("j-1"), overview.jobs().stream().map(JobRun::jobId).toList());
            assertEquals("failed", overview.jobs().get(0).status());
            assertEquals(
                    ErrorCode.NOT_ORGANIZER,
                    assertThrows(CollabException.class, () -> bob.jobs().overview(5))
                            .code());
            assertEquals(
                    ErrorCode.UNAUTHORIZED,
                    assertThrows(CollabException.class, () -> anonymous.jobs().overview(5))
                            .code());

            ResultRuns runs = anonymous.jobs().runs(filename);
            assertEquals("", runs.submission());
            JobRun run = runs.runs().get(0);
            assertEquals(Map.of(), run.measured());
            assertEquals(
                    List.of(
                            new JobRun.RunFile(
                                    "job_status.json",
                                    status.length(),
                                    "/v1/results/" + filename + "/runs/files/job_status.json"),
                            new JobRun.RunFile(
                                    "logs/run 1.txt", 4, "/v1/results/" + filename + "/runs/files/logs/run%201.txt")),
                    run.files());
            assertEquals("line", new String(alice.jobs().runFile(filename, "logs/run 1.txt"), StandardCharsets.UTF_8));
            assertEquals(
                    ErrorCode.NOT_ORGANIZER,
                    assertThrows(CollabException.class, () -> bob.jobs().runFile(filename, "logs/run 1.txt"))
                            .code());
            assertEquals(
                    ErrorCode.NOT_FOUND,
                    assertThrows(CollabException.class, () -> alice.jobs().runFile(filename, "nope.txt"))
                            .code());
            assertEquals(
                    ErrorCode.NOT_FOUND,
                    assertThrows(CollabException.class, () -> anonymous.jobs().runs("nope.md"))
                            .code());
        }
    }

    @Test
    void theClientPagesThroughEveryJobWithTheServersTokens() {
        try (LoopbackCollab env = new LoopbackCollab(InMemoryBucketStore.create());
                CollabClient alice = env.client("tok-alice")) {
            for (int i = 1; i <= 3; i++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("ts", "2025-0" + i + "-01T00:00:00Z");
                row.put("agent_id", "agent-a");
                row.put("route", "/v1/jobs:run");
                row.put("target_path", "runs/r" + i);
                row.put("job_id", "job-" + i);
                row.put("hf_user", "alice");
                assertTrue(env.service.context().audit().appendRows(List.of(row)));
            }

            JobsOverview first = alice.jobs().overview(2);
            JobsOverview second = alice.jobs().overview(2, first.nextPageToken());

            assertEquals(
                    List.of("job-3", "job-2"),
                    first.jobs().stream().map(JobRun::jobId).toList());
            assertTrue(first.nextPageToken().isPresent());
            assertEquals(
                    List.of("job-1"), second.jobs().stream().map(JobRun::jobId).toList());
            assertEquals(Optional.empty(), second.nextPageToken());
            assertEquals(
                    ErrorCode.INVALID_QUERY,
                    assertThrows(CollabException.class, () -> alice.jobs().overview(2, Optional.of("x")))
                            .code());
        }
    }

    private static void put(LoopbackCollab env, String path, String text) {
        env.store.put(env.service.config().auditBucket(), BucketPath.of(path), text.getBytes(StandardCharsets.UTF_8));
    }
}
