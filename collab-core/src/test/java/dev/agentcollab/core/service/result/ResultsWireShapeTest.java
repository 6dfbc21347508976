package dev.agentcollab.core.service.result;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.job.JobLaunch;
import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardRow;
import dev.agentcollab.api.sync.SyncReceipt;
import dev.agentcollab.api.sync.SyncedFile;
import dev.agentcollab.api.trace.TokenTotals;
import dev.agentcollab.api.trace.TraceReceipt;
import dev.agentcollab.api.trace.TraceStats;
import dev.agentcollab.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JSON field names of the results-side records match the reference wire format. */
class ResultsWireShapeTest {
    private static List<String> keys(Object value) {
        JsonNode node = Json.mapper().valueToTree(value);
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void leaderboard() {
        LeaderboardRow row = new LeaderboardRow(
                1,
                "agent-1",
                Optional.empty(),
                2.5,
                "m",
                "pending",
                "f.md",
                "2026-06-01 10:00 UTC",
                "d",
                Optional.empty());
        Leaderboard board = new Leaderboard(
                "score",
                "desc",
                Optional.empty(),
                List.of(row),
                new Leaderboard.Meta("2026-06-01T10:00:00.000Z", 1, Map.of("malformed", 0)));
        assertEquals(List.of("score_field", "order", "rows", "meta"), keys(board));
        assertEquals(
                List.of(
                        "rank",
                        "agent",
                        "hf_user",
                        "score",
                        "method",
                        "verification",
                        "filename",
                        "timestamp",
                        "description"),
                keys(row));
        assertEquals(List.of("generated_at", "results_considered", "excluded"), keys(board.meta()));
        JsonNode node = Json.mapper().valueToTree(row);
        assertEquals(true, node.get("hf_user").isNull());
        LeaderboardRow guarded = new LeaderboardRow(
                1, "agent-1", Optional.of("alice"), 2.5, "m", "valid", "f.md", "t", "d", Optional.of(9.5));
        assertEquals(9.5, Json.mapper().valueToTree(guarded).get("guard").asDouble());
    }

    @Test
    void jobsSyncsAndTraces() {
        JobLaunch launch = new JobLaunch(
                "agent-1",
                "alice",
                "org/c-agent-1",
                "s",
                "org/c-agent-1",
                "r",
                "j",
                "u",
                "launched",
                40,
                "sf",
                "lf",
                new JobLaunch.Quota(1, 2),
                "m");
        assertEquals(
                List.of(
                        "agent_id",
                        "hf_user",
                        "submission_bucket",
                        "submission_prefix",
                        "run_bucket",
                        "run_prefix",
                        "job_id",
                        "job_url",
                        "status",
                        "timeout_minutes",
                        "status_file",
                        "logs_file",
                        "quota",
                        "message"),
                keys(launch));
        assertEquals(List.of("agent_remaining", "user_remaining"), keys(launch.quota()));
        SyncReceipt sync = new SyncReceipt("artifacts/x_agent-1/", List.of(new SyncedFile("a", "b", 1)), 1);
        assertEquals(List.of("dest", "files", "bytes_copied"), keys(sync));
        assertEquals(
                List.of("src_path", "dest_path", "bytes"), keys(sync.files().get(0)));
        assertEquals(
                List.of("session_id", "agent", "share", "path", "files_copied", "bytes_copied", "completeness"),
                keys(new TraceReceipt("s", "a", "stats", "p", 0, 0, "partial")));
        TraceStats stats =
                new TraceStats(TokenTotals.ZERO, Optional.empty(), 0, 0, 0, Map.of(), Map.of(), Map.of(), "t");
        assertEquals(
                List.of(
                        "tokens",
                        "cost_usd",
                        "sessions_counted",
                        "sessions_missing_tokens",
                        "agents_reporting",
                        "by_model",
                        "by_agent",
                        "by_day",
                        "generated_at"),
                keys(stats));
        assertEquals(
                List.of("total", "input", "output", "cache_read", "cache_creation", "reasoning"),
                keys(TokenTotals.ZERO));
    }
}
