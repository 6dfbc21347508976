package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The read model's journal of recent local writes: reloads that straddle writes, deletes and out-of-band edits lose
 * nothing and resurrect nothing, and the journal holds only what a reload in flight may still need.
 */
@Timeout(60)
class ReadModelJournalTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final InMemoryBucketStore memory = InMemoryBucketStore.create(clock);
    private final GatedStore store = new GatedStore(memory);
    private final BucketId central = BucketId.parse("org/central");
    private final ReadModel reads;

    ReadModelJournalTest() {
        memory.create(central, false);
        reads = new ReadModel(store, central, clock, TTL, 1 << 20);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Path to content hash, as the model lists a prefix. */
    private Map<String, String> modelListing(String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (BucketEntry e : reads.list(prefix)) {
            out.put(e.path().value(), e.contentHash());
        }
        return out;
    }

    /** Path to content hash, as the store lists a prefix now. */
    private Map<String, String> storeListing(String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (BucketEntry e : memory.listAll(central, prefix)) {
            out.put(e.path().value(), e.contentHash());
        }
        return out;
    }

    @Test
    void aReloadThatStraddlesManyWritesLosesNothingAndResurrectsNothing() throws Exception {
        for (int i = 0; i < 10; i++) {
            reads.apply(List.of(BatchOp.put("m/a" + i + ".md", b("a" + i))));
        }
        memory.put(central, BucketPath.of("m/oob-gone.md"), b("out of band, deleted before the reload"));
        memory.put(central, BucketPath.of("m/oob-edit.md"), b("out of band v1"));
        clock.advance(TTL);
        assertEquals(12, reads.list("m/").size());
        memory.delete(central, BucketPath.of("m/oob-gone.md"));
        memory.put(central, BucketPath.of("m/oob-edit.md"), b("out of band v2"));
        clock.advance(TTL);

        CountDownLatch release = store.gate("m/");
        Future<List<BucketEntry>> reload;
        try (ExecutorService reader = Executors.newSingleThreadExecutor()) {
            reload = reader.submit(() -> reads.list("m/"));
            assertTrue(store.awaitGated(), "the reload's listing was taken");
            try {
                for (int i = 0; i < 2000; i++) {
                    reads.apply(List.of(BatchOp.put("m/n" + i + ".md", b("n" + i))));
                }
                for (int i = 0; i < 5; i++) {
                    reads.apply(List.of(BatchOp.delete("m/a" + i + ".md"))); // in the stale listing: must stay gone
                }
                reads.apply(List.of(BatchOp.put("m/a5.md", b("a5 v2"))));
                reads.apply(List.of(BatchOp.put("m/n7.md", b("n7 v2")), BatchOp.delete("m/n8.md")));
                reads.apply(List.of(BatchOp.put("m/n8.md", b("n8 v2")), BatchOp.delete("m/n9.md")));
                memory.put(central, BucketPath.of("m/oob-late.md"), b("out of band, after the listing"));
                assertTrue(reads.journalSize() >= 2007, "every write since the reload started is journaled");
            } finally {
                release.countDown();
            }
            reload.get(10, TimeUnit.SECONDS);
        }

        Map<String, String> expected = storeListing("m/");
        expected.remove("m/oob-late.md"); // written out of band after the listing: visible after the next TTL
        Map<String, String> seen = modelListing("m/");
        assertEquals(expected, seen);
        assertFalse(seen.containsKey("m/a0.md"));
        assertFalse(seen.containsKey("m/n9.md"));
        assertFalse(seen.containsKey("m/oob-gone.md"));
        assertEquals(Hashes.sha256(b("out of band v2")), seen.get("m/oob-edit.md"));
        assertEquals(Hashes.sha256(b("a5 v2")), seen.get("m/a5.md"));
        assertEquals(0, reads.journalSize(), "no reload in flight: nothing kept");

        clock.advance(TTL);
        assertEquals(storeListing("m/"), modelListing("m/"));
    }

    @Test
    void aWriteStaysJournaledWhileAnOlderReloadIsInFlightAfterANewerOneEnds() throws Exception {
        reads.apply(List.of(BatchOp.put("m/old.md", b("old")), BatchOp.put("p/x.md", b("x"))));
        reads.list("p/");
        clock.advance(TTL);
        CountDownLatch release = store.gate("m/");
        try (ExecutorService reader = Executors.newSingleThreadExecutor()) {
            Future<List<BucketEntry>> slow = reader.submit(() -> reads.list("m/"));
            try {
                assertTrue(store.awaitGated(), "the older reload's listing was taken");
                reads.apply(List.of(BatchOp.put("m/w1.md", b("w1")), BatchOp.delete("m/old.md")));
                assertEquals(List.of("p/x.md"), paths("p/")); // a newer reload starts and ends meanwhile
                assertEquals(2, store.listings("p/"), "p/ was reloaded");
                reads.apply(List.of(BatchOp.put("m/w2.md", b("w2"))));
                assertEquals(3, reads.journalSize(), "the older reload still needs w1 and the delete");
            } finally {
                release.countDown();
            }
            slow.get(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of("m/w1.md", "m/w2.md"), paths("m/"));
        assertEquals(0, reads.journalSize());
    }

    @Test
    void aPreloadThatStraddlesWritesLosesNothingAndResurrectsNothing() throws Exception {
        memory.put(central, BucketPath.of("inbox/a/old.md"), b("old"));
        memory.put(central, BucketPath.of("inbox/b/keep.md"), b("keep"));
        CountDownLatch release = store.gate("inbox/");
        try (ExecutorService loader = Executors.newSingleThreadExecutor()) {
            Future<?> preload = loader.submit(() -> reads.preload(List.of(), List.of("inbox/")));
            try {
                assertTrue(store.awaitGated(), "the preload's listing was taken");
                reads.apply(List.of(BatchOp.delete("inbox/a/old.md"), BatchOp.put("inbox/a/new.md", b("new"))));
                reads.apply(List.of(BatchOp.put("inbox/c/first.md", b("first"))));
            } finally {
                release.countDown();
            }
            preload.get(10, TimeUnit.SECONDS);
        }
        int listed = store.listings("inbox/a/");
        assertEquals(List.of("inbox/a/new.md"), paths("inbox/a/"));
        assertEquals(List.of("inbox/b/keep.md"), paths("inbox/b/"));
        assertEquals(listed, store.listings("inbox/a/"), "served from the preloaded view");
        assertEquals(List.of("inbox/c/first.md"), paths("inbox/c/"));
        assertEquals(0, reads.journalSize());
    }

    @Test
    void theJournalStaysEmptyUnderASteadyStreamOfWritesWithNoReloadInFlight() {
        reads.list("m/");
        reads.list("inbox/a/");
        int most = 0;
        for (int i = 0; i < 10_000; i++) {
            reads.apply(List.of(
                    BatchOp.put("m/" + i + ".md", b("m" + i)), BatchOp.put("inbox/a/" + i + ".md", b("i" + i))));
            if (i % 2500 == 0) {
                clock.advance(TTL); // reloads between the writes, none during one
                assertEquals(i + 1, reads.list("m/").size());
            }
            most = Math.max(most, reads.journalSize());
        }
        assertEquals(0, most, "with no reload in flight no write is kept");
        assertEquals(10_000, reads.list("inbox/a/").size());
    }

    @Test
    void theJournalIsBoundedByTheWritesSinceTheOldestReloadInFlight() throws Exception {
        reads.list("m/");
        for (int i = 0; i < 5_000; i++) {
            reads.apply(List.of(BatchOp.put("m/before" + i + ".md", b("b" + i))));
        }
        assertEquals(0, reads.journalSize());
        clock.advance(TTL);
        CountDownLatch release = store.gate("m/");
        try (ExecutorService reader = Executors.newSingleThreadExecutor()) {
            Future<List<BucketEntry>> reload = reader.submit(() -> reads.list("m/"));
            try {
                assertTrue(store.awaitGated(), "the reload's listing was taken");
                for (int i = 0; i < 300; i++) {
                    reads.apply(List.of(BatchOp.put("m/during" + (i % 100) + ".md", b("d" + i))));
                }
                assertEquals(300, reads.journalSize(), "the writes since the reload started, not the 5,000 before");
            } finally {
                release.countDown();
            }
            assertEquals(5_100, reload.get(10, TimeUnit.SECONDS).size());
        }
        assertEquals(0, reads.journalSize());
        assertEquals(storeListing("m/"), modelListing("m/"));
    }

    @Test
    void concurrentReloadsWritesDeletesAndOutOfBandEditsLoseNothingAndResurrectNothing() throws Exception {
        raceReloadsWritesAndOutOfBandEdits();
    }

    /**
     * The same race over a store that reports its revision: views past their TTL are kept while only the model's
     * own writes changed the bucket, and listed again once an out-of-band edit moved the revision further.
     */
    @Test
    void withTheStoresRevisionTheSameRaceLosesNothingAndMissesNoOutOfBandEdit() throws Exception {
        store.revisions(true);
        raceReloadsWritesAndOutOfBandEdits();
    }

    private void raceReloadsWritesAndOutOfBandEdits() throws Exception {
        store.slowListings(true);
        int writers = 6;
        int rounds = 300;
        AtomicInteger failures = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers + 2)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                int me = t;
                futures.add(pool.submit(() -> {
                    Random random = new Random(me);
                    for (int i = 0; i < rounds; i++) {
                        String path = "m/w" + me + "-" + random.nextInt(40) + ".md";
                        if (random.nextInt(3) == 0) {
                            reads.apply(List.of(BatchOp.delete(path)));
                            if (reads.listed("m/", path)) {
                                failures.incrementAndGet(); // a deleted file came back
                            }
                        } else {
                            byte[] bytes = b(path + " " + i);
                            reads.apply(List.of(BatchOp.put(path, bytes)));
                            String hash = Hashes.sha256(bytes);
                            if (reads.list("m/").stream()
                                    .noneMatch(e -> e.path().value().equals(path)
                                            && e.contentHash().equals(hash))) {
                                failures.incrementAndGet(); // the write is not visible
                            }
                        }
                        if (i % 25 == 0) {
                            clock.advance(TTL); // forces reloads racing with the writes
                        }
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(
                    () -> { // out-of-band edits and deletes of files no writer touches
                        Random random = new Random(99);
                        while (!done.get()) {
                            String path = "m/oob" + random.nextInt(10) + ".md";
                            if (random.nextBoolean()) {
                                memory.put(central, BucketPath.of(path), b(path + random.nextInt()));
                            } else {
                                memory.delete(central, BucketPath.of(path));
                            }
                            Thread.sleep(1);
                        }
                        return null;
                    }));
            futures.add(pool.submit(
                    () -> { // a reader of a second prefix, whose reloads overlap those of m/
                        while (!done.get()) {
                            reads.list("p/");
                            clock.advance(Duration.ofSeconds(1));
                            Thread.sleep(1);
                        }
                        return null;
                    }));
            for (int i = 0; i < writers; i++) {
                futures.get(i).get(50, TimeUnit.SECONDS);
            }
            done.set(true);
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
        }
        assertEquals(0, failures.get(), "every write visible at once, no delete undone");
        store.slowListings(false);
        Map<String, String> expected = storeListing("m/");
        Map<String, String> seen = modelListing("m/");
        expected.keySet().removeIf(p -> p.startsWith("m/oob"));
        seen.keySet().removeIf(p -> p.startsWith("m/oob"));
        assertEquals(expected, seen, "the files written through the model, exactly as stored");
        assertEquals(0, reads.journalSize());
        clock.advance(TTL);
        assertEquals(storeListing("m/"), modelListing("m/"), "one TTL later, the out-of-band edits too");
        clock.advance(TTL);
        assertEquals(storeListing("m/"), modelListing("m/"), "out-of-band edits after the TTL");
    }

    private List<String> paths(String prefix) {
        return reads.list(prefix).stream().map(e -> e.path().value()).toList();
    }

    /**
     * A store whose listing of one prefix, once armed, is taken and then held until released: the reload that
     * asked for it then returns a listing older than every write made meanwhile. It can also make every listing
     * pause a moment after it is taken, so that reloads straddle concurrent writes. It reports no revision unless
     * told to (as a store that cannot tell, such as {@code hf://}), so that every view past its TTL is listed again
     * and the journal is exercised by the model's own writes.
     */
    private static final class GatedStore extends ForwardingBucketStore {
        private final Map<String, AtomicInteger> listings = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile String gated;
        private volatile CountDownLatch taken = new CountDownLatch(1);
        private volatile CountDownLatch release = new CountDownLatch(0);
        private volatile boolean slow;
        private volatile boolean revisions;

        GatedStore(BucketStore delegate) {
            super(delegate);
        }

        void revisions(boolean on) {
            revisions = on;
        }

        @Override
        public OptionalLong revision(BucketId bucket) {
            return revisions ? super.revision(bucket) : OptionalLong.empty();
        }

        CountDownLatch gate(String prefix) {
            taken = new CountDownLatch(1);
            release = new CountDownLatch(1);
            gated = prefix;
            return release;
        }

        boolean awaitGated() throws InterruptedException {
            return taken.await(10, TimeUnit.SECONDS);
        }

        void slowListings(boolean on) {
            slow = on;
        }

        int listings(String prefix) {
            AtomicInteger n = listings.get(prefix);
            return n == null ? 0 : n.get();
        }

        @Override
        public List<BucketEntry> listAll(BucketId bucket, String prefix) {
            List<BucketEntry> listed = super.listAll(bucket, prefix);
            listings.computeIfAbsent(prefix, k -> new AtomicInteger()).incrementAndGet();
            try {
                if (prefix.equals(gated)) {
                    gated = null;
                    taken.countDown();
                    if (!release.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the gate was never released");
                    }
                } else if (slow) {
                    Thread.sleep(0, 200_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return listed;
        }
    }
}
