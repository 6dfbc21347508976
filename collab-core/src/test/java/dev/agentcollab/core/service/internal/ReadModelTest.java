package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.testkit.bucket.Fault;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.bucket.StoreOp;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ReadModelTest {
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final InMemoryBucketStore store = InMemoryBucketStore.create(clock);
    private final BucketId central = BucketId.parse("org/central");
    private final ReadModel reads;

    ReadModelTest() {
        store.create(central, false);
        reads = new ReadModel(store, central, clock, Duration.ofSeconds(30), 1024);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> paths(String prefix) {
        return reads.list(prefix).stream().map(e -> e.path().value()).toList();
    }

    @Test
    void onlyMarkdownRecordsGoIntoTheContentCacheAsTheyAreWritten() {
        ReadModel model = new ReadModel(store, central, clock, Duration.ofSeconds(30), 8L << 20);
        byte[] index = b("{" + "\"r.md\": \"pending\", ".repeat(5000) + "}");
        for (int i = 0; i < 40; i++) {
            model.apply(List.of(BatchOp.put("results/index.json", (i + " ").getBytes(StandardCharsets.UTF_8))));
            model.apply(List.of(BatchOp.put("results/verification_status.json", index.clone())));
            index[1]++;
        }
        assertTrue(model.contentCacheBytes() < 4096, model.contentCacheBytes() + " bytes cached for JSON writes");
        model.apply(List.of(BatchOp.put("results/r1.md", b("---\nscore: 1\n---\nrun\n"))));
        assertTrue(model.contentCacheBytes() > 0, "a record is cached as written");
        store.faults().inject(Fault.failNext(StoreOp.READ, 1, ErrorCode.UNAVAILABLE));
        assertEquals(1, model.documents("results/").size(), "read from the cache, not the failing store");
    }

    @Test
    void writesAreVisibleAtOnceAndOutOfBandEditsAfterTheTtl() {
        assertEquals(List.of(), paths("m/"));
        reads.apply(List.of(BatchOp.put("m/a.md", b("a"))));
        assertEquals(List.of("m/a.md"), paths("m/"));
        store.put(central, BucketPath.of("m/b.md"), b("b"));
        assertEquals(List.of("m/a.md"), paths("m/"));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(List.of("m/a.md", "m/b.md"), paths("m/"));
        reads.apply(List.of(BatchOp.delete("m/a.md")));
        assertEquals(List.of("m/b.md"), paths("m/"));
    }

    @Test
    void aWriteReachesEveryViewAndWatcherWhosePrefixItsPathStartsWithAndNoOther() {
        List<String> prefixes = List.of("", "inbox/", "inbox/agent-1/", "inbox/agent-10/", "inbox/agent-1", "in", "m/");
        List<String> seen = new ArrayList<>();
        for (String p : prefixes) {
            assertEquals(List.of(), paths(p));
            reads.watch(p, new ReadModel.Watcher() {
                @Override
                public void changed(String path, BucketEntry entry) {
                    seen.add(p + " " + path);
                }

                @Override
                public void reloaded() {}
            });
        }
        reads.apply(List.of(BatchOp.put("inbox/agent-1/a.md", b("a")), BatchOp.put("inbox/agent-10/b.md", b("b"))));
        assertEquals(List.of("inbox/agent-1/a.md", "inbox/agent-10/b.md"), paths(""));
        assertEquals(List.of("inbox/agent-1/a.md", "inbox/agent-10/b.md"), paths("inbox/"));
        assertEquals(List.of("inbox/agent-1/a.md"), paths("inbox/agent-1/"));
        assertEquals(List.of("inbox/agent-10/b.md"), paths("inbox/agent-10/"));
        assertEquals(List.of("inbox/agent-1/a.md", "inbox/agent-10/b.md"), paths("inbox/agent-1"));
        assertEquals(List.of("inbox/agent-1/a.md", "inbox/agent-10/b.md"), paths("in"));
        assertEquals(List.of(), paths("m/"));
        assertEquals(
                List.of(
                        " inbox/agent-1/a.md",
                        " inbox/agent-10/b.md",
                        "in inbox/agent-1/a.md",
                        "in inbox/agent-10/b.md",
                        "inbox/ inbox/agent-1/a.md",
                        "inbox/ inbox/agent-10/b.md",
                        "inbox/agent-1 inbox/agent-1/a.md",
                        "inbox/agent-1 inbox/agent-10/b.md",
                        "inbox/agent-1/ inbox/agent-1/a.md",
                        "inbox/agent-10/ inbox/agent-10/b.md"),
                seen.stream().sorted().toList());
    }

    @Test
    void aTransientlyEmptyOrFailedListingNeverHidesFilesSeenBefore() {
        store.put(central, BucketPath.of("m/a.md"), b("a"));
        assertEquals(List.of("m/a.md"), paths("m/"));
        clock.advance(Duration.ofMinutes(1));
        store.faults().inject(new Fault.FailNext(StoreOp.LIST, 1, ErrorCode.UNAVAILABLE, Optional.empty()));
        assertEquals(List.of("m/a.md"), paths("m/"));
    }

    @Test
    void malformedFilesParseLenientlyAndTheContentCacheStaysCorrectWhenEvicting() {
        List<BatchOp> ops = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ops.add(BatchOp.put("m/" + i + ".md", b("---\nk: [" + i + "\n---\nbody " + "x".repeat(100))));
        }
        reads.apply(ops);
        List<StoredDoc> docs = reads.documents("m/");
        assertEquals(20, docs.size());
        for (StoredDoc d : docs) {
            assertTrue(d.doc().parseError().isPresent());
            assertTrue(d.doc().body().contains("body"));
        }
    }

    @Test
    void concurrentWritersAndReadersSeeEveryFinishedWrite() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int me = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        String path = "m/" + me + "-" + i + ".md";
                        reads.apply(List.of(BatchOp.put(path, b(path))));
                        if (i % 10 == 0) {
                            clock.advance(Duration.ofSeconds(31)); // force reloads racing with writes
                        }
                        List<BucketEntry> seen = reads.list("m/");
                        assertTrue(seen.stream().anyMatch(e -> e.path().value().equals(path)), path);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertEquals(400, reads.list("m/").size());
    }
}
