package dev.agentcollab.core.service.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.leaderboard.RankInput;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ranker's inputs are those of every result document, made again only for the results that changed. */
class RankInputsTest {
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final InMemoryBucketStore store = InMemoryBucketStore.create(clock);
    private final BucketId central = BucketId.parse("org/central");
    private final ReadModel reads;

    RankInputsTest() {
        store.create(central, false);
        reads = new ReadModel(store, central, clock, Duration.ofSeconds(30), 1 << 20);
    }

    private void put(String path, String text) {
        store.put(central, BucketPath.of(path), text.getBytes(StandardCharsets.UTF_8));
    }

    private List<RankInput> expected() {
        return ResultStore.documents(reads).stream().map(ResultStore::rankInput).toList();
    }

    @Test
    void theInputsAreTheDocumentsAndOnlyChangedOnesAreMadeAgain() {
        for (int i = 0; i < 5; i++) {
            put("results/2026060" + i + "-100000-000_agent-" + i + ".md", "---\nscore: " + (i + 1) + "\n---\nrun\n");
        }
        put("results/README.md", "# results\n");
        put("results/readme.md", "# also not a result\n");
        put("results/notREADME.md", "---\nscore: 2\n---\na result all the same\n");
        put("results/verification_status.json", "{}\n");
        put("results/20260609-100000-000_agent-9.md", "---\nscore: [unclosed\n---\nbroken\n");
        RankInputs inputs = new RankInputs();
        List<RankInput> first = inputs.of(reads);
        assertEquals(expected(), first);
        assertEquals(7, first.size(), "six results and the malformed one; not the READMEs or the JSON");

        put("results/20260602-100000-000_agent-2.md", "---\nscore: 30\n---\nedited\n");
        clock.advance(Duration.ofSeconds(30)); // the edit is listed after the TTL
        reads.apply(List.of(BatchOp.put("results/20260610-100000-000_agent-1.md", b("---\nscore: 7\n---\nnew\n"))));
        reads.apply(List.of(BatchOp.delete("results/20260603-100000-000_agent-3.md")));
        List<RankInput> second = inputs.of(reads);
        assertEquals(expected(), second);
        assertEquals(7, second.size());
        assertSame(first.get(0), second.get(0), "unchanged: the same input");
        assertSame(first.get(1), second.get(1));
        assertNotSame(first.get(2), second.get(2), "edited: made again");
        assertEquals(30, ((Number) second.get(2).frontmatter().get("score")).intValue());
        assertSame(first.get(4), second.get(3), "after the deleted one");
        assertEquals("20260610-100000-000_agent-1.md", second.get(5).filename());
        assertEquals("notREADME.md", second.get(6).filename());
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
