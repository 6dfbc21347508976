package dev.agentcollab.core.service.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verification index is read from the store but parsed once per content: every result read, listing and digest
 * reads it, and it holds one entry per result ever promoted.
 */
class VerificationIndexReadsTest {
    private static final BucketId CENTRAL = BucketId.parse("org/collab-main-bucket");
    private static final BucketId AUDIT = BucketId.parse("org/audit");
    private static final BucketPath INDEX = BucketPath.of(VerificationIndex.PATH);

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");

    /** Counts reads of the index file's bytes. */
    private static final class CountingReads extends ForwardingBucketStore {
        final AtomicInteger reads = new AtomicInteger();

        CountingReads(BucketStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<byte[]> read(BucketId bucket, BucketPath path) {
            if (path.equals(INDEX)) {
                reads.incrementAndGet();
            }
            return super.read(bucket, path);
        }
    }

    private static CountingReads counting(BucketStore store) {
        store.create(CENTRAL, true);
        store.create(AUDIT, true);
        return new CountingReads(store);
    }

    private VerificationIndex index(BucketStore store) {
        return new VerificationIndex(store, CENTRAL, AUDIT, "verification_runs", clock);
    }

    @Test
    void anUnchangedIndexIsReadOnceAndAHumanEditShowsOnTheNextRead() {
        CountingReads store = counting(InMemoryBucketStore.create(clock));
        store.put(CENTRAL, INDEX, bytes("{\"a.md\": \"valid\", \"b.md\": \"pending\"}"));
        VerificationIndex index = index(store);
        for (int i = 0; i < 5; i++) {
            assertEquals(Map.of("a.md", "valid", "b.md", "pending"), index.read());
        }
        assertEquals(1, store.reads.get(), "parsed once, then known by its hash");
        store.put(CENTRAL, INDEX, bytes("{\"a.md\": \"invalid\"}"));
        assertEquals("invalid", index.stateOf("a.md"));
        assertEquals("pending", index.stateOf("b.md"));
        assertEquals(2, store.reads.get());
        assertThrows(UnsupportedOperationException.class, () -> index.read().put("c.md", "valid"));
    }

    @Test
    void anOwnWriteIsRecognisedByItsBytesOnceAndNotParsedAgain() {
        CountingReads store = counting(InMemoryBucketStore.create(clock));
        VerificationIndex index = index(store);
        for (int i = 0; i < 4; i++) {
            index.markPending("r" + i + ".md");
        }
        int afterWrites = store.reads.get();
        assertEquals(4, index.read().size());
        assertEquals(afterWrites + 1, store.reads.get(), "the bytes are compared once with those written");
        for (int i = 0; i < 5; i++) {
            index.read();
        }
        assertEquals(afterWrites + 1, store.reads.get());
        assertEquals(
                "{\n  \"r0.md\": \"pending\",\n  \"r1.md\": \"pending\",\n  \"r2.md\": \"pending\",\n"
                        + "  \"r3.md\": \"pending\"\n}\n",
                store.readString(CENTRAL, INDEX).orElseThrow());
    }

    @Test
    void aSecondIndexOverTheSameFolderSeesTheFirstOnesWritesAndAHumanEditBetweenThem(@TempDir Path root) {
        CountingReads store = counting(FileSystemBucketStore.open(root, clock));
        VerificationIndex first = index(store);
        first.markPending("a.md");
        BucketStore other = FileSystemBucketStore.open(root, clock);
        VerificationIndex second = index(other);
        assertEquals(Map.of("a.md", "pending"), second.read());
        assertEquals(Map.of("a.md", "pending"), first.read());
        second.markPending("b.md");
        assertEquals(Map.of("a.md", "pending", "b.md", "pending"), first.read());
        other.put(CENTRAL, INDEX, bytes("{\"a.md\": \"valid\", \"b.md\": \"pending\"}\n"));
        assertEquals(VerificationIndex.Outcome.DEFERRED, first.setVerdict("a.md", "invalid", "verifier", Map.of()));
        assertTrue(first.markPending("c.md"));
        assertEquals(Map.of("a.md", "valid", "b.md", "pending", "c.md", "pending"), second.read());
    }

    /**
     * Promotions, verdicts and reads from several threads, with a human rewriting the file between them: after
     * everyone stops, a read answers exactly what the file holds, through either index, and the promotions made after
     * the last human edit are in it; and a human edit made then is what the next promotion builds on. (A human edit that lands between a promotion's read and its write is lost, as
     * with the reference: the store has no compare-and-set; docs/deviations.md.)
     */
    @Test
    void readsRacingWritesAndHumanEditsEndOnTheStoredContent() throws Exception {
        BucketStore store = counting(InMemoryBucketStore.create(clock));
        VerificationIndex index = index(store);
        VerificationIndex other = index(store);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CountDownLatch editsDone = new java.util.concurrent.CountDownLatch(1);
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            java.util.List<java.util.concurrent.Future<?>> jobs = new java.util.ArrayList<>();
            for (int t = 0; t < 2; t++) {
                VerificationIndex idx = t == 0 ? index : other;
                int id = t;
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        idx.markPending("t" + id + "-" + i + ".md");
                        if (i % 7 == 0) {
                            idx.setVerdict("t" + id + "-" + (i / 2) + ".md", "valid", "verifier", Map.of());
                        }
                    }
                    editsDone.await(); // a promotion after the last human edit, which nothing overwrites
                    idx.markPending("t" + id + "-last.md");
                    return null;
                }));
            }
            jobs.add(pool.submit(() -> {
                while (!stop.get()) {
                    index.read();
                    other.read().size();
                }
                return null;
            }));
            for (int e = 0; e < 20; e++) {
                store.put(CENTRAL, INDEX, bytes("{\"human-" + e + ".md\": \"invalid\"}\n"));
                Thread.sleep(2);
            }
            editsDone.countDown();
            jobs.get(0).get(30, java.util.concurrent.TimeUnit.SECONDS);
            jobs.get(1).get(30, java.util.concurrent.TimeUnit.SECONDS);
            stop.set(true);
            jobs.get(2).get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        Map<String, String> stored = new TreeMap<>();
        com.fasterxml.jackson.databind.JsonNode node = dev.agentcollab.core.json.Json.mapper()
                .readTree(store.read(CENTRAL, INDEX).orElseThrow());
        node.fields().forEachRemaining(f -> stored.put(f.getKey(), f.getValue().asText()));
        assertEquals(stored, index.read());
        assertEquals(stored, other.read());
        assertTrue(
                stored.containsKey("t0-last.md") && stored.containsKey("t1-last.md"),
                "the promotions after the last human edit are in");
        store.put(CENTRAL, INDEX, bytes("{\"human.md\": \"invalid\"}\n"));
        assertTrue(other.markPending("last.md"));
        assertEquals(Map.of("human.md", "invalid", "last.md", "pending"), index.read());
    }

    /** Strings are escaped as Jackson escapes them, for every UTF-16 unit, lone surrogates included. */
    @Test
    void theWriterEscapesStringsAsJacksonDoesForEveryCharacter() throws Exception {
        for (int c = 0; c <= 0xFFFF; c++) {
            String text = "k" + (char) c + "v";
            String quoted = dev.agentcollab.core.json.Json.mapper().writeValueAsString(text);
            assertEquals("{\n  " + quoted + ": " + quoted + "\n}", PrettyJson.write(Map.of(text, text)));
        }
    }

    /** A map already in string order is written as it iterates; any other map is sorted first: the same text. */
    @Test
    void aSortedMapIsWrittenAsAnyOtherMapWithTheSameEntries() {
        TreeMap<String, String> entries = new TreeMap<>();
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            all.append(c);
            entries.put("k" + (int) c + "_" + c, c + "v");
        }
        entries.put(all.toString(), all.reverse().toString());
        entries.put("emoji \uD83D\uDE00 and \" quote \\ slash /", "tab\tnewline\nnul\u0000del\u007f");
        String text = PrettyJson.write(entries);
        assertEquals(text, PrettyJson.write(new java.util.HashMap<>(entries)));
        TreeMap<String, String> reversed = new TreeMap<>(java.util.Comparator.<String>reverseOrder());
        reversed.putAll(entries);
        assertEquals(text, PrettyJson.write(reversed), "a map with its own order is written in string order");
        assertEquals("{}", PrettyJson.write(new TreeMap<>()));
        assertEquals(
                "{\n  \"a\": {\n    \"n\": 1,\n    \"s\": \"x\"\n  },\n  \"b\": [\n    true\n  ]\n}",
                PrettyJson.write(new TreeMap<>(Map.of("b", List.of(true), "a", Map.of("s", "x", "n", 1)))),
                "nested values keep the general writer's layout");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
