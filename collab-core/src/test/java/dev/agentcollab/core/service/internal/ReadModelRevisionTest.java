package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.testkit.bucket.Fault;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.bucket.StoreOp;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A view past its TTL is kept, not listed again, when the store's revision shows that only the model's own writes
 * changed the bucket; anything else (an out-of-band write, a failed batch, a store without revisions) lists it
 * again, and the indexes over it are told.
 */
class ReadModelRevisionTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final InMemoryBucketStore memory = InMemoryBucketStore.create(clock);
    private final BucketId central = BucketId.parse("org/central");

    ReadModelRevisionTest() {
        memory.create(central, false);
    }

    @Test
    void aViewPastItsTtlIsKeptWhenOnlyTheModelWrote() {
        CountingStore store = new CountingStore(memory, true);
        ReadModel reads = model(store);
        AtomicInteger reloads = watchReloads(reads, "m/");
        memory.put(central, BucketPath.of("m/seeded.md"), b("seeded"));
        assertEquals(List.of("m/seeded.md"), paths(reads, "m/"));
        for (int i = 0; i < 3; i++) {
            reads.apply(List.of(BatchOp.put("m/w" + i + ".md", b("w" + i)), BatchOp.put("p/x" + i + ".md", b("x"))));
            clock.advance(TTL);
            assertEquals(List.of("m/seeded.md", "m/w0.md", "m/w1.md", "m/w2.md").subList(0, i + 2), paths(reads, "m/"));
        }
        reads.apply(List.of(BatchOp.delete("m/w0.md")));
        clock.advance(TTL.multipliedBy(2));
        assertEquals(List.of("m/seeded.md", "m/w1.md", "m/w2.md"), paths(reads, "m/"));
        assertEquals(1, store.listings.get(), "listed once, kept for four TTLs");
        assertEquals(1, reloads.get(), "told of the first listing only: nothing to catch up since");
        assertEquals(memory.listAll(central, "m/"), reads.list("m/"));
    }

    @Test
    void anOutOfBandWriteIsListedOnceTheTtlPassed() {
        CountingStore store = new CountingStore(memory, true);
        ReadModel reads = model(store);
        AtomicInteger reloads = watchReloads(reads, "m/");
        reads.apply(List.of(BatchOp.put("m/mine.md", b("mine"))));
        assertEquals(List.of("m/mine.md"), paths(reads, "m/"));
        memory.put(central, BucketPath.of("m/theirs.md"), b("theirs"));
        reads.apply(List.of(BatchOp.put("m/mine2.md", b("mine2"))));
        assertEquals(List.of("m/mine.md", "m/mine2.md"), paths(reads, "m/"), "within the TTL, as before");
        clock.advance(TTL);
        assertEquals(List.of("m/mine.md", "m/mine2.md", "m/theirs.md"), paths(reads, "m/"));
        assertEquals(2, store.listings.get());
        assertEquals(2, reloads.get(), "the first listing and this one");
        clock.advance(TTL);
        paths(reads, "m/");
        assertEquals(2, store.listings.get(), "nothing else changed since: kept");
    }

    @Test
    void anOutOfBandWriteToAnotherPrefixListsThisOneToo() {
        CountingStore store = new CountingStore(memory, true);
        ReadModel reads = model(store);
        paths(reads, "m/");
        memory.put(central, BucketPath.of("elsewhere/x.md"), b("x"));
        clock.advance(TTL);
        paths(reads, "m/");
        assertEquals(2, store.listings.get(), "the revision is the bucket's, not the prefix's");
    }

    @Test
    void aFailedBatchListsTheViewAgainOnceTheTtlPassed() {
        CountingStore store = new CountingStore(memory, true);
        ReadModel reads = model(store);
        paths(reads, "m/");
        memory.faults().inject(Fault.failNext(StoreOp.APPLY, 1, ErrorCode.UNAVAILABLE));
        CollabException failed =
                assertThrows(CollabException.class, () -> reads.apply(List.of(BatchOp.put("m/a.md", b("a")))));
        assertEquals(ErrorCode.UNAVAILABLE, failed.code());
        reads.apply(List.of(BatchOp.put("m/b.md", b("b"))));
        clock.advance(TTL);
        assertEquals(List.of("m/b.md"), paths(reads, "m/"));
        assertEquals(2, store.listings.get(), "a failed batch may have changed the store: listed");
        clock.advance(TTL);
        paths(reads, "m/");
        assertEquals(2, store.listings.get(), "and kept after that");
    }

    @Test
    void aStoreWithoutRevisionsIsListedEveryTtl() {
        CountingStore store = new CountingStore(memory, false);
        ReadModel reads = model(store);
        paths(reads, "m/");
        reads.apply(List.of(BatchOp.put("m/a.md", b("a"))));
        clock.advance(TTL);
        paths(reads, "m/");
        clock.advance(TTL);
        paths(reads, "m/");
        assertEquals(3, store.listings.get());
    }

    @Test
    void aRefreshAheadKeepsTheViewWithoutTellingTheIndexes() {
        CountingStore store = new CountingStore(memory, true);
        ReadModel reads = new ReadModel(store, central, clock, TTL, 1 << 20, Runnable::run);
        AtomicInteger reloads = watchReloads(reads, "m/");
        paths(reads, "m/");
        reads.apply(List.of(BatchOp.put("m/a.md", b("a"))));
        clock.advance(TTL.multipliedBy(7).dividedBy(8));
        assertEquals(List.of("m/a.md"), paths(reads, "m/"));
        clock.advance(TTL.dividedBy(4));
        assertEquals(List.of("m/a.md"), paths(reads, "m/"));
        assertEquals(1, store.listings.get());
        assertEquals(1, reloads.get(), "the first listing only");
    }

    @Test
    void aReloadWaitsAMomentForABatchInFlight() throws Exception {
        GatedApplyStore store = new GatedApplyStore(memory);
        ReadModel reads = model(store);
        // the batch is released 5 ms after the reload starts waiting; on a loaded machine its end can take longer
        // than the 20 ms a reload waits by default (it failed once so in CI), which is not what is tested here
        reads.markPatience(Duration.ofSeconds(10));
        paths(reads, "m/");
        clock.advance(TTL);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<?> write = pool.submit(() -> reads.apply(List.of(BatchOp.put("m/a.md", b("a")))));
            assertTrue(store.inApply.await(10, TimeUnit.SECONDS));
            pool.submit(() -> {
                Thread.sleep(5);
                store.release.countDown();
                return null;
            });
            assertEquals(List.of("m/a.md"), paths(reads, "m/"));
            write.get(10, TimeUnit.SECONDS);
        }
        assertEquals(1, store.listings.get(), "the reload waited for the batch, then found only it: kept");
    }

    @Test
    void aBatchStillInFlightAfterThePatienceListsTheViewAndTheNextTtlToo() throws Exception {
        GatedApplyStore store = new GatedApplyStore(memory);
        ReadModel reads = model(store);
        paths(reads, "m/");
        clock.advance(TTL);
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<?> write = pool.submit(() -> reads.apply(List.of(BatchOp.put("m/a.md", b("a")))));
            assertTrue(store.inApply.await(10, TimeUnit.SECONDS));
            paths(reads, "m/");
            assertEquals(2, store.listings.get(), "no mark while the batch is in flight: listed");
            store.release.countDown();
            write.get(10, TimeUnit.SECONDS);
        }
        clock.advance(TTL);
        assertEquals(List.of("m/a.md"), paths(reads, "m/"));
        assertEquals(3, store.listings.get(), "a view listed without a mark is listed at its next TTL");
        clock.advance(TTL);
        paths(reads, "m/");
        assertEquals(3, store.listings.get(), "then kept");
    }

    /** Two file stores on one folder: the one the model reads sees the other's batch in its revision. */
    @Test
    void onFileBucketsAnotherStoresBatchIsListed(@TempDir Path root) {
        try (FileSystemBucketStore mine = FileSystemBucketStore.open(root);
                FileSystemBucketStore other = FileSystemBucketStore.open(root)) {
            mine.create(central, false);
            CountingStore store = new CountingStore(mine, true);
            ReadModel reads = model(store);
            reads.apply(List.of(BatchOp.put("m/mine.md", b("mine"))));
            assertEquals(List.of("m/mine.md"), paths(reads, "m/"));
            clock.advance(TTL);
            reads.apply(List.of(BatchOp.put("m/mine2.md", b("mine2"))));
            assertEquals(List.of("m/mine.md", "m/mine2.md"), paths(reads, "m/"));
            assertEquals(1, store.listings.get(), "only the model wrote: kept");
            other.put(central, BucketPath.of("m/theirs.md"), b("theirs"));
            clock.advance(TTL);
            assertEquals(List.of("m/mine.md", "m/mine2.md", "m/theirs.md"), paths(reads, "m/"));
            assertEquals(2, store.listings.get());
            long before = mine.revision(central).orElseThrow();
            other.apply(central, List.of(BatchOp.put("m/t1.md", b("1")), BatchOp.put("m/t2.md", b("2"))));
            assertEquals(before + 1, mine.revision(central).orElseThrow(), "one batch of another store");
        }
    }

    private ReadModel model(BucketStore store) {
        return new ReadModel(store, central, clock, TTL, 1 << 20);
    }

    private static AtomicInteger watchReloads(ReadModel reads, String prefix) {
        AtomicInteger reloads = new AtomicInteger();
        reads.watch(prefix, new ReadModel.Watcher() {
            @Override
            public void changed(String path, BucketEntry entry) {}

            @Override
            public void reloaded() {
                reloads.incrementAndGet();
            }
        });
        return reloads;
    }

    private static List<String> paths(ReadModel reads, String prefix) {
        return reads.list(prefix).stream().map(e -> e.path().value()).toList();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Counts listings and reports revisions; holds the first batch in the store until released. */
    private static final class GatedApplyStore extends CountingStore {
        final CountDownLatch inApply = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        GatedApplyStore(BucketStore delegate) {
            super(delegate, true);
        }

        @Override
        public void apply(BucketId bucket, List<? extends BatchOp> ops) {
            inApply.countDown();
            try {
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            super.apply(bucket, ops);
        }
    }

    /** Counts listings; reports the delegate's revision or, when told not to, none. */
    private static class CountingStore extends ForwardingBucketStore {
        final AtomicInteger listings = new AtomicInteger();
        private final boolean revisions;

        CountingStore(BucketStore delegate, boolean revisions) {
            super(delegate);
            this.revisions = revisions;
        }

        @Override
        public List<BucketEntry> listAll(BucketId bucket, String prefix) {
            listings.incrementAndGet();
            return super.listAll(bucket, prefix);
        }

        @Override
        public OptionalLong revision(BucketId bucket) {
            return revisions ? super.revision(bucket) : OptionalLong.empty();
        }
    }
}
