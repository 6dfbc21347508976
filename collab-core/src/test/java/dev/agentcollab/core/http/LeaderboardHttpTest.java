package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.leaderboard.LeaderboardRow;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/leaderboard} served from kept bytes between changes: each answer carries the time of its call, and a
 * promotion shows at once.
 */
class LeaderboardHttpTest {
    @Test
    void eachAnswerHasItsOwnTimeAndAPromotionShowsAtOnce() {
        AtomicLong millis = new AtomicLong(Instant.parse("2026-12-02T04:00:00Z").toEpochMilli());
        InstantSource clock = () -> Instant.ofEpochMilli(millis.get());
        try (LoopbackCollab env = new LoopbackCollab(
                        InMemoryBucketStore.create(),
                        CollabConfig.custom(LoopbackCollab.ORG, LoopbackCollab.SLUG)
                                .build(),
                        clock,
                        0,
                        DashboardSettings.defaults());
                CollabClient alice = env.client("tok-alice");
                CollabClient bob = env.client("tok-bob")) {
            env.scratchBucket("agent-a", "alice");
            env.scratchBucket("agent-b", "bob");
            alice.agents().register(RegisterRequest.of("agent-a", "m", "h", List.of()));
            bob.agents().register(RegisterRequest.of("agent-b", "m", "h", List.of()));
            alice.results()
                    .promote(env.writeSource(
                            "agent-a",
                            "results/r1.md",
                            "---\nscore: 42.5\nmethod: beam\nstatus: agent-run\ndescription: try\n---\n"));

            Leaderboard first = bob.leaderboard().leaderboard(LeaderboardQuery.defaults());
            millis.addAndGet(1_234);
            Leaderboard again = bob.leaderboard().leaderboard(LeaderboardQuery.defaults());
            assertEquals("2026-12-02T04:00:00.000Z", first.meta().generatedAt());
            assertEquals("2026-12-02T04:00:01.234Z", again.meta().generatedAt());
            assertEquals(first.rows(), again.rows());
            assertEquals(first.meta().excluded(), again.meta().excluded());

            bob.results()
                    .promote(env.writeSource(
                            "agent-b",
                            "results/r2.md",
                            "---\nscore: 50.0\nmethod: sweep\nstatus: agent-run\ndescription: try\n---\n"));
            millis.addAndGet(1_000);
            Leaderboard after = alice.leaderboard().leaderboard(LeaderboardQuery.defaults());
            assertEquals(
                    List.of("agent-b", "agent-a"),
                    after.rows().stream().map(LeaderboardRow::agent).toList());
            assertEquals(2, after.meta().resultsConsidered());
            assertEquals("2026-12-02T04:00:02.234Z", after.meta().generatedAt());
            assertNotEquals(again.rows(), after.rows());
        }
    }
}
