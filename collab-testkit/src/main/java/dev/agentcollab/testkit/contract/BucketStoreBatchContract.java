package dev.agentcollab.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The batch and concurrency part of the bucket store contract. */
public abstract class BucketStoreBatchContract extends BucketStoreListingContract {
    private static final int WRITERS = 6;
    private static final int WRITES_EACH = 15;

    /** Creates the suite. */
    protected BucketStoreBatchContract() {}

    @Test
    void aBatchAppliesPutsDeletesAndCopiesTogether() {
        BucketId id = bucket();
        store.put(id, path("old.md"), utf8("old"));
        store.put(id, path("src.md"), utf8("source"));
        store.apply(
                id,
                List.of(
                        put("new/one.md", "1"),
                        put("new/two.md", "2"),
                        new BatchOp.Delete(path("old.md")),
                        new BatchOp.Copy(id, path("src.md"), path("copied/src.md"))));
        assertEquals(
                List.of("copied/src.md", "new/one.md", "new/two.md", "src.md"),
                store.listAll(id, "").stream().map(e -> e.path().value()).toList());
        assertEquals("source", store.readString(id, path("copied/src.md")).orElseThrow());
    }

    @Test
    void aCopyFromAnotherBucketCopiesTheBytes() {
        BucketId from = bucket();
        BucketId to = bucket();
        store.put(from, path("artifact.bin"), utf8("payload"));
        store.apply(
                to, List.of(new BatchOp.Copy(from, path("artifact.bin"), path("artifacts/a_agent-1/artifact.bin"))));
        assertEquals(
                "payload",
                store.readString(to, path("artifacts/a_agent-1/artifact.bin")).orElseThrow());
        BucketEntry src = store.listAll(from, "").getFirst();
        BucketEntry dst = store.listAll(to, "").getFirst();
        assertEquals(src.contentHash(), dst.contentHash());
        assertEquals(src.size(), dst.size());
    }

    /**
     * A store that reports a revision advances it by exactly one per batch that returns normally (an empty batch
     * and one that changes nothing included), not at all for a read or a listing, by at most one for a batch that
     * throws, and per bucket. A store that cannot tell reports none, for every bucket.
     */
    @Test
    void theRevisionCountsEveryBatchThatReturnsNormally() {
        BucketId id = bucket();
        BucketId other = bucket();
        OptionalLong first = store.revision(id);
        if (first.isEmpty()) {
            assertTrue(store.revision(other).isEmpty(), "a revision for one bucket and none for another");
            return;
        }
        long r = first.getAsLong();
        long otherStart = store.revision(other).orElseThrow();
        store.put(id, path("a.md"), utf8("a"));
        assertEquals(r + 1, store.revision(id).orElseThrow(), "a put");
        store.apply(id, List.of(put("b.md", "b"), put("c.md", "c"), new BatchOp.Delete(path("a.md"))));
        assertEquals(r + 2, store.revision(id).orElseThrow(), "a batch of three operations");
        store.put(id, path("b.md"), utf8("b"));
        assertEquals(r + 3, store.revision(id).orElseThrow(), "a batch that changes nothing");
        store.apply(id, List.of());
        assertEquals(r + 4, store.revision(id).orElseThrow(), "an empty batch");
        store.listAll(id, "");
        store.read(id, path("b.md"));
        assertEquals(r + 4, store.revision(id).orElseThrow(), "reads and listings");
        assertCode(
                ErrorCode.NOT_FOUND,
                () -> store.apply(id, List.of(new BatchOp.Copy(id, path("missing.md"), path("copy.md")))));
        long afterFailure = store.revision(id).orElseThrow();
        assertTrue(afterFailure == r + 4 || afterFailure == r + 5, "a failed batch: at most one, was " + afterFailure);
        assertEquals(otherStart, store.revision(other).orElseThrow(), "another bucket's batches");
    }

    @Test
    void aBatchThatFailsAppliesNothing() {
        BucketId id = bucket();
        store.put(id, path("keep.md"), utf8("before"));
        assertCode(
                ErrorCode.NOT_FOUND,
                () -> store.apply(
                        id,
                        List.of(
                                put("keep.md", "after"),
                                put("added.md", "added"),
                                new BatchOp.Delete(path("keep.md")),
                                new BatchOp.Copy(id, path("missing.md"), path("copy.md")))));
        assertEquals("before", store.readString(id, path("keep.md")).orElseThrow());
        assertEquals(1, store.listAll(id, "").size());
    }

    @Test
    void aLaterOperationOnTheSamePathWinsInsideABatch() {
        BucketId id = bucket();
        store.apply(id, List.of(put("a", "1"), put("a", "2"), put("b", "x"), new BatchOp.Delete(path("b"))));
        assertEquals("2", store.readString(id, path("a")).orElseThrow());
        assertTrue(store.read(id, path("b")).isEmpty());
    }

    /** A copy reads its source as it was before the batch, whatever earlier operations of the batch did to it. */
    @Test
    void aCopyReadsItsSourceAsItWasBeforeTheBatch() {
        BucketId id = bucket();
        store.put(id, path("a.md"), utf8("old"));
        store.apply(id, List.of(put("a.md", "new"), new BatchOp.Copy(id, path("a.md"), path("b.md"))));
        assertEquals("new", store.readString(id, path("a.md")).orElseThrow());
        assertEquals("old", store.readString(id, path("b.md")).orElseThrow(), "the copy of a put in the batch");

        store.apply(id, List.of(new BatchOp.Delete(path("a.md")), new BatchOp.Copy(id, path("a.md"), path("c.md"))));
        assertTrue(store.read(id, path("a.md")).isEmpty());
        assertEquals("new", store.readString(id, path("c.md")).orElseThrow(), "the copy of a file the batch deleted");
    }

    /** A copy of a file that only an earlier operation of the same batch creates finds no source. */
    @Test
    void aCopyOfAFileTheBatchCreatesFailsWithNotFound() {
        BucketId id = bucket();
        assertCode(
                ErrorCode.NOT_FOUND,
                () -> store.apply(id, List.of(put("a.md", "new"), new BatchOp.Copy(id, path("a.md"), path("b.md")))));
        assertTrue(store.read(id, path("b.md")).isEmpty());
    }

    @Test
    void anEmptyBatchIsAllowed() {
        BucketId id = bucket();
        store.apply(id, List.of());
        assertTrue(store.listAll(id, "").isEmpty());
    }

    @Test
    void concurrentWritersOnDifferentPathsLoseNothing() throws Exception {
        BucketId id = bucket();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Void>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(() -> {
                start.await();
                for (int i = 0; i < WRITES_EACH; i++) {
                    store.apply(id, List.of(put("w" + writer + "/f" + i, writer + ":" + i)));
                }
                return null;
            });
        }
        runAll(writers, start);
        Map<String, Long> perWriter = store.listAll(id, "").stream()
                .collect(Collectors.groupingBy(e -> e.path().segments().getFirst(), Collectors.counting()));
        assertEquals(WRITERS, perWriter.size());
        perWriter.values().forEach(n -> assertEquals(WRITES_EACH, n));
        assertEquals("3:7", store.readString(id, path("w3/f7")).orElseThrow());
    }

    @Test
    void concurrentCreatesOfOneBucketHaveExactlyOneWinner() throws Exception {
        BucketId id = newBucketId();
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger won = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        List<Callable<Void>> creators = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            creators.add(() -> {
                start.await();
                try {
                    store.create(id, false);
                    won.incrementAndGet();
                } catch (CollabException e) {
                    assertEquals(ErrorCode.BUCKET_EXISTS, e.code());
                    lost.incrementAndGet();
                }
                return null;
            });
        }
        runAll(creators, start);
        assertEquals(1, won.get());
        assertEquals(WRITERS - 1, lost.get());
        assertTrue(store.exists(id));
    }

    @Test
    void readersNeverSeeHalfABatch() throws Exception {
        BucketId id = bucket();
        store.apply(id, List.of(put("pair/a", "v0"), put("pair/b", "v0")));
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        Callable<Void> writer = () -> {
            start.await();
            try {
                for (int v = 1; v <= 40; v++) {
                    store.apply(id, List.of(put("pair/a", "v" + v), put("pair/b", "v" + v)));
                }
            } finally {
                writing.set(false);
            }
            return null;
        };
        Callable<Void> reader = () -> {
            start.await();
            do {
                List<BucketEntry> pair = store.listAll(id, "pair/");
                assertEquals(2, pair.size(), "a listing lost a file of the pair");
                assertEquals(pair.get(0).contentHash(), pair.get(1).contentHash(), "a listing saw half a batch");
            } while (writing.get());
            return null;
        };
        runAll(List.of(writer, reader), start);
        assertEquals("v40", store.readString(id, path("pair/b")).orElseThrow());
    }

    private static void runAll(List<Callable<Void>> tasks, CountDownLatch start) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> t : tasks) {
                futures.add(pool.submit(t));
            }
            start.countDown();
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
