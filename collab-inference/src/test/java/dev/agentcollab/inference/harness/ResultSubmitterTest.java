package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.leaderboard.LeaderboardRow;
import dev.agentcollab.api.result.ResultReceipt;
import dev.agentcollab.api.result.ResultRecord;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.core.service.result.ResultsConfig;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Submits harness results through a real in-process collaboration service on an in-memory store. */
class ResultSubmitterTest {
    private MutableClock clock;
    private BucketStore store;
    private Collab collab;
    private ResultSubmitter submitter;

    @BeforeEach
    void startService() {
        clock = MutableClock.at("2026-06-01T10:00:00Z");
        store = InMemoryBucketStore.create(clock);
        CollabConfig config = CollabConfig.custom("org", "collab").build();
        CollabService service = CollabService.builder()
                .store(store)
                .config(config)
                .identity(StaticIdentityProvider.builder()
                        .member("tok-owner", "owner", "org", "write")
                        .build())
                .results(ResultsConfig.custom()
                        .leaderboardGuard("ppl", Optional.of(2.415))
                        .build())
                .clock(clock)
                .build();
        BucketId scratch = config.agentBucket("harness-bot");
        store.create(scratch, true);
        store.put(scratch, BucketPath.of(".bucket-sync-handshake"), "owner\n".getBytes(StandardCharsets.UTF_8));
        collab = service.session("tok-owner");
        collab.agents().register(RegisterRequest.of("harness-bot", "gemma", "collab-harness", List.of("java")));
        submitter = new ResultSubmitter(collab.results(), store, scratch, clock);
    }

    @Test
    void leaderboardShowsTpsWithTheGuardrailAndTheQualityFlag() {
        ResultReceipt lossless = submitter.submit(Summaries.of("mtp-k4", 123.4, 2.31, true), "score", "");
        clock.advance(Duration.ofSeconds(1));
        submitter.submit(Summaries.of("prune", 200, 2.40, false), "score", "");
        clock.advance(Duration.ofSeconds(1));
        submitter.submit(Summaries.of("int2", 400, 3.1, false), "score", "");

        ResultRecord stored = collab.results().get(lossless.filename());
        assertEquals("agent-run", stored.field("status").orElseThrow());
        assertEquals("lossless", stored.field("quality").orElseThrow());
        Leaderboard board =
                collab.leaderboard().leaderboard(LeaderboardQuery.defaults().allResults());
        List<LeaderboardRow> rows = board.rows();
        assertEquals(2, rows.size(), () -> rows.toString()); // the gate failure is a negative result
        assertEquals(200.0, rows.get(0).score());
        assertEquals(Optional.of(2.40), rows.get(0).guard());
        assertTrue(rows.get(0).description().contains("LOSSY"), rows.get(0).description());
        assertEquals(123.4, rows.get(1).score());
        assertTrue(rows.get(1).description().endsWith(": lossless"), rows.get(1).description());
    }

    @Test
    void announcesOnTheBoardAndChartsAllResults(@TempDir Path dir) throws Exception {
        HarnessSummary summary = Summaries.of("mtp-k4", 123.4, 2.31, true);
        ResultReceipt receipt = submitter.submit(summary, "score", "");
        clock.advance(Duration.ofSeconds(1));
        submitter.submit(Summaries.of("int2", 400, 3.1, false), "score", "");

        submitter.announce(collab.board(), receipt, summary);

        MessageRecord post = collab.board()
                .messages(dev.agentcollab.api.query.ListQuery.builder()
                        .expand(true)
                        .build())
                .items()
                .get(0);
        assertTrue(post.body().contains("Harness result for mtp-k4"), post.body());
        assertEquals(2, ResultCharts.writeChart(collab.results(), "score", dir.resolve("all.png")));
        assertEquals(960, ImageIO.read(dir.resolve("all.png").toFile()).getWidth());
        String table = ResultCharts.table(collab.results(), "score");
        assertTrue(table.indexOf("400.00") < table.indexOf("123.40"), table);
        assertTrue(table.contains("| FAIL |"), table);
    }
}
