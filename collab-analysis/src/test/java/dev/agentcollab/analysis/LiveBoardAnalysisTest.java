package dev.agentcollab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Board analysis read through a real in-process collaboration (messages and results via the Collab features). */
class LiveBoardAnalysisTest {
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final BucketStore store = InMemoryBucketStore.create(clock);
    private final BucketId scratch = new BucketId("org", "collab-agent-1");

    /** An in-process collaboration {@code org/collab} with {@code agent-1} registered, as its owner sees it. */
    private Collab agentOne() {
        CollabConfig config = CollabConfig.custom("org", "collab").build();
        CollabService service = CollabService.builder()
                .store(store)
                .config(config)
                .identity(StaticIdentityProvider.builder()
                        .member("tok-owner", "owner", "org", "write")
                        .build())
                .clock(clock)
                .build();
        store.create(scratch, true);
        put(store, scratch, ".bucket-sync-handshake", "owner\n");
        Collab collab = service.session("tok-owner");
        collab.agents().register(RegisterRequest.of("agent-1", "gemma", "codex", List.of("bash")));
        return collab;
    }

    @Test
    void readsMessagesAndResultMethodsThroughCollab() {
        Collab collab = agentOne();
        String[] bodies = {
            "int4 quantization of the body with awq",
            "quantization to int4 with qat recovers perplexity",
            "speculative decoding with the mtp drafter at k=5",
            "mtp drafter acceptance improves with k=6 speculative decoding",
        };
        for (int i = 0; i < bodies.length; i++) {
            put(store, scratch, "posts/m" + i + ".md", bodies[i] + "\n");
            collab.board().post(MessagePost.fromSource("hf://buckets/org/collab-agent-1/posts/m" + i + ".md"));
            clock.advance(Duration.ofSeconds(1));
        }
        put(
                store,
                scratch,
                "r.md",
                "---\nscore: 130\nmethod: int4 qat + mtp drafter\nstatus: agent-run\n"
                        + "description: quantization and speculative decoding\n---\n");
        collab.results().promote("hf://buckets/org/collab-agent-1/r.md");

        List<BoardText> texts = BoardTexts.collect(collab.board(), collab.results(), 100);
        BoardAnalysis analysis = BoardAnalysisCommand.analyze(
                collab.board(), collab.results(), BoardAnalysisConfig.ofDefaults(), new SplittableRandom(2));

        assertEquals(5, texts.size());
        assertEquals(
                4,
                texts.stream().filter(t -> t.kind() == BoardText.Kind.MESSAGE).count());
        assertTrue(texts.stream().allMatch(t -> t.author().equals("agent-1")), texts::toString);
        assertEquals(
                "int4 qat + mtp drafter quantization and speculative decoding",
                texts.get(4).text());
        assertEquals(5, analysis.textsAnalysed());
        assertEquals(3, analysis.techniqueMentions().get("quantization"));
        assertTrue(analysis.unexplored().contains("cuda graphs"));

        // the command line's --url reads the same through the client it is given
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<URI> asked = new ArrayList<>();
        int status = new CommandLine(new BoardAnalysisCommand.Cli(
                        new PrintStream(out, true, StandardCharsets.UTF_8), System.err, uri -> {
                            asked.add(uri);
                            return collab;
                        }))
                .execute("--url", "http://127.0.0.1:8080", "--seed", "2");
        assertEquals(0, status);
        assertEquals(List.of(URI.create("http://127.0.0.1:8080")), asked);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Idea concentration: 5 texts"), out::toString);
    }

    @Test
    void aLongBoardIsReadFromItsNewestPagesAndHandedOverOldestFirst() {
        Collab collab = agentOne();
        for (int i = 0; i < 450; i++) {
            put(store, scratch, "posts/m" + i + ".md", "message " + i + "\n");
            collab.board().post(MessagePost.fromSource("hf://buckets/org/collab-agent-1/posts/m" + i + ".md"));
            clock.advance(Duration.ofSeconds(3)); // within the bucket-write limiter's 20 a minute
        }

        List<BoardText> texts = BoardTexts.collect(collab.board(), collab.results(), 300);

        assertEquals(300, texts.size());
        for (int i = 0; i < 300; i++) {
            assertEquals("message " + (150 + i), texts.get(i).text().strip(), "text " + i);
        }
    }

    private static void put(BucketStore store, BucketId bucket, String path, String text) {
        store.put(bucket, BucketPath.of(path), text.getBytes(StandardCharsets.UTF_8));
    }
}
