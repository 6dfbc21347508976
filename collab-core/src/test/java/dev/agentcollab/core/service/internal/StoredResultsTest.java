package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.api.agent.Registration;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.job.JobLaunch;
import dev.agentcollab.api.result.ResultReceipt;
import dev.agentcollab.api.sync.SyncReceipt;
import dev.agentcollab.api.sync.SyncedFile;
import dev.agentcollab.api.taskforce.ContributionReceipt;
import dev.agentcollab.api.taskforce.TaskforceReceipt;
import dev.agentcollab.api.trace.TraceReceipt;
import dev.agentcollab.core.json.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every write result survives the JSON form an idempotency record stores it in, field for field. */
class StoredResultsTest {
    private static void roundTrips(Object result) throws Exception {
        assertEquals(result, Json.mapper().treeToValue(Json.mapper().valueToTree(result), result.getClass()));
    }

    @Test
    void everyWriteResultRoundTrips() throws Exception {
        roundTrips(new PostReceipt(
                "f.md", "raw", "message_board/f.md", List.of("agent-2"), false, Optional.of("ops"), Optional.empty()));
        roundTrips(new PostReceipt(
                "f.md",
                "raw",
                "message_board/f.md",
                List.of(),
                false,
                Optional.empty(),
                Optional.empty(),
                List.of(new dev.agentcollab.api.board.MentionMiss("agent-zz", "not a registered agent"))));
        roundTrips(new Registration("agent-1.md", "org/c-agent-1", "alice"));
        roundTrips(new TaskforceReceipt("kv", "raw", "taskforces/kv/README.md", true));
        roundTrips(new ContributionReceipt("note", "n.md", "raw", "taskforces/kv/n.md"));
        roundTrips(new ResultReceipt("r.md", "bucket", "results/r.md"));
        roundTrips(
                new SyncReceipt("artifacts/x_agent-1/", List.of(new SyncedFile("a", "artifacts/x_agent-1/a", 3)), 3));
        roundTrips(new TraceReceipt("s1", "agent-1", "full", "traces/agent-1/s1/", 1, 10, "complete"));
        roundTrips(new JobLaunch(
                "agent-1",
                "alice",
                "org/c-agent-1",
                "submissions/v1",
                "org/c-agent-1",
                "runs/r1",
                "job-1",
                "https://example/job-1",
                "launched",
                30,
                "hf://buckets/org/c-agent-1/runs/r1/job_status.json",
                "hf://buckets/org/c-agent-1/runs/r1/job_logs.txt",
                new JobLaunch.Quota(2, 9),
                "benchmark launched"));
    }
}
