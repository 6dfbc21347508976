package dev.agentcollab.core.bucket.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit in the {@code file:} store: concurrent writers of one bucket share forced writes of its journal, and
 * each batch stays a record of its own: all of it or none of it, failing alone, in queue order, cut at a batch
 * boundary by a torn append.
 */
class FileGroupCommitTest {
    private static final BucketId B = BucketId.parse("org/bucket");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> paths(List<BucketEntry> entries) {
        return entries.stream().map(e -> e.path().value()).toList();
    }

    /** Waits until {@code condition} holds; fails after {@link #WAIT}. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(1);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void concurrentWritersAllCommitOnceWithFewerForcedWritesThanBatches() throws Exception {
        int threads = 32;
        int batches = 50;
        Set<String> expected = new HashSet<>();
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            FileBucket bucket = store.bucket(B);
            long forcesBefore = bucket.journalForces();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int writer = t;
                    writers.add(pool.submit(() -> {
                        start.await();
                        for (int n = 0; n < batches; n++) {
                            // Two files per batch, and one file every writer replaces: its last value must be
                            // the writer's last batch (batches of one writer commit in its order).
                            String id = writer + "-" + n;
                            store.apply(
                                    B,
                                    List.of(
                                            BatchOp.put("w/" + writer + "/" + n, utf8("body " + id)),
                                            BatchOp.put("all/" + id, utf8("copy " + id)),
                                            BatchOp.put("last/" + writer, utf8(Integer.toString(n)))));
                            // acknowledged means visible to this store's readers
                            assertEquals(
                                    "body " + id,
                                    store.readString(B, BucketPath.of("w/" + writer + "/" + n))
                                            .orElseThrow());
                        }
                        return null;
                    }));
                    for (int n = 0; n < batches; n++) {
                        expected.add("w/" + t + "/" + n);
                        expected.add("all/" + t + "-" + n);
                    }
                    expected.add("last/" + t);
                }
                start.countDown();
                for (Future<?> w : writers) {
                    w.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            long forces = bucket.journalForces() - forcesBefore;
            assertTrue(
                    forces < threads * batches,
                    forces + " forced writes for " + threads * batches + " batches: no group formed");
            assertEquals(Set.copyOf(expected), Set.copyOf(paths(store.listAll(B, ""))));
            assertEquals(expected.size(), store.listAll(B, "").size());
            for (int t = 0; t < threads; t++) {
                assertEquals(
                        Integer.toString(batches - 1),
                        store.readString(B, BucketPath.of("last/" + t)).orElseThrow());
            }
        }
        // The journal replays to the same listing: one record per batch, numbered without gaps or repeats.
        byte[] journal = Files.readAllBytes(root.resolve("org/bucket/journal.0.log"));
        JournalRecord.Scan scan = JournalRecord.scan(journal);
        assertEquals(journal.length, scan.end());
        assertEquals(threads * batches, scan.records().size());
        for (int k = 0; k < scan.records().size(); k++) {
            assertEquals(k + 1, scan.records().get(k).seq());
        }
        try (FileSystemBucketStore again = FileSystemBucketStore.open(root)) {
            assertEquals(Set.copyOf(expected), Set.copyOf(paths(again.listAll(B, ""))));
            assertEquals(
                    "copy 7-49", again.readString(B, BucketPath.of("all/7-49")).orElseThrow());
        }
    }

    /**
     * Holds the leader of the first group before its forced write until {@code writers} have queued behind it, one
     * after another in the given order, so they form the next group in that order.
     *
     * @return each writer's outcome: {@code null} when its batch committed, else what it threw
     */
    private List<Throwable> groupBehindAHeldForce(
            FileSystemBucketStore store, List<BatchOp> first, List<List<BatchOp>> writers) throws Exception {
        List<Callable<Void>> tasks = new ArrayList<>();
        for (List<BatchOp> batch : writers) {
            tasks.add(() -> {
                store.apply(B, batch);
                return null;
            });
        }
        return writersBehindAHeldForce(store, first, tasks);
    }

    /**
     * Like {@link #groupBehindAHeldForce}, with writers that run any code around their {@code apply}.
     *
     * @return each writer's outcome: {@code null} when it returned, else what it threw
     */
    private List<Throwable> writersBehindAHeldForce(
            FileSystemBucketStore store, List<BatchOp> first, List<Callable<Void>> writers) throws Exception {
        FileBucket bucket = store.bucket(B);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        bucket.beforeForce(() -> {
            if (calls.getAndIncrement() == 0) {
                held.countDown();
                try {
                    if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        });
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            Future<?> leader = pool.submit(() -> store.apply(B, first));
            assertTrue(held.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the first batch never reached its force");
            List<Future<Throwable>> outcomes = new ArrayList<>();
            for (Callable<Void> writer : writers) {
                int before = bucket.commits().queued();
                outcomes.add(pool.submit(() -> {
                    try {
                        writer.call();
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
                await(() -> bucket.commits().queued() == before + 1, "writer " + outcomes.size() + " queued");
            }
            release.countDown();
            leader.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            List<Throwable> out = new ArrayList<>();
            for (Future<Throwable> f : outcomes) {
                out.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            return out;
        } finally {
            bucket.beforeForce(() -> {});
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aBatchWhosePreconditionFailsFailsAloneAndTheRestOfItsGroupCommitsInOrder() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            store.put(B, BucketPath.of("gone"), utf8("soon deleted"));
            FileBucket bucket = store.bucket(B);
            long forcesBefore = bucket.journalForces();
            List<Throwable> outcomes = groupBehindAHeldForce(
                    store,
                    List.of(BatchOp.put("first", utf8("1"))),
                    List.of(
                            List.of(BatchOp.put("a", utf8("from a")), BatchOp.delete("gone")),
                            // its source was deleted by the batch before it in the same group
                            List.of(
                                    BatchOp.put("c/never", utf8("never")),
                                    new BatchOp.Copy(B, BucketPath.of("gone"), BucketPath.of("c/copy"))),
                            // its source was put by a batch before it in the same group
                            List.of(new BatchOp.Copy(B, BucketPath.of("a"), BucketPath.of("d/copy-of-a"))),
                            List.of(BatchOp.put("a", utf8("a again")))));
            assertNull(outcomes.get(0));
            CollabException failed = assertInstanceOf(CollabException.class, outcomes.get(1));
            assertEquals(ErrorCode.NOT_FOUND, failed.code());
            assertNull(outcomes.get(2));
            assertNull(outcomes.get(3));
            assertEquals(2, bucket.journalForces() - forcesBefore, "one forced write per group");
            assertEquals(List.of("a", "d/copy-of-a", "first"), paths(store.listAll(B, "")));
            assertEquals("a again", store.readString(B, BucketPath.of("a")).orElseThrow());
            assertEquals(
                    "from a", store.readString(B, BucketPath.of("d/copy-of-a")).orElseThrow());
        }
        try (FileSystemBucketStore again = FileSystemBucketStore.open(root)) {
            assertEquals(List.of("a", "d/copy-of-a", "first"), paths(again.listAll(B, "")));
            assertEquals(
                    "from a", again.readString(B, BucketPath.of("d/copy-of-a")).orElseThrow());
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void anInterruptedWriterThatLeadsAGroupCommitsItAndKeepsItsInterrupt() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            AtomicBoolean kept = new AtomicBoolean();
            List<Throwable> outcomes = writersBehindAHeldForce(
                    store,
                    List.of(BatchOp.put("first", utf8("1"))),
                    List.of(
                            () -> {
                                // the oldest queued batch: its writer leads the next group, interrupted
                                Thread.currentThread().interrupt();
                                store.apply(B, List.of(BatchOp.put("interrupted", utf8("i"))));
                                kept.set(Thread.interrupted());
                                return null;
                            },
                            () -> {
                                store.apply(B, List.of(BatchOp.put("other", utf8("o"))));
                                return null;
                            }));
            assertEquals(Arrays.asList(null, null), outcomes);
            assertTrue(kept.get(), "the interrupt is kept for the caller");
            assertEquals(List.of("first", "interrupted", "other"), paths(store.listAll(B, "")));
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void readersDoNotWaitForAGroupsForceAndSeeItOnlyAfterIt() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            store.put(B, BucketPath.of("old"), utf8("old"));
            FileBucket bucket = store.bucket(B);
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            bucket.beforeForce(() -> {
                held.countDown();
                try {
                    release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ExecutorService pool = Executors.newCachedThreadPool();
            try {
                Future<?> writer = pool.submit(() -> store.put(B, BucketPath.of("new"), utf8("new")));
                assertTrue(held.await(WAIT.toSeconds(), TimeUnit.SECONDS));
                assertTrue(Files.size(root.resolve("org/bucket/journal.0.log")) > 0);
                // The record is written, not yet forced: readers answer at once, without it.
                Future<List<String>> listing = pool.submit(() -> paths(store.listAll(B, "")));
                Future<Boolean> found =
                        pool.submit(() -> store.read(B, BucketPath.of("new")).isPresent());
                assertEquals(List.of("old"), listing.get(10, TimeUnit.SECONDS));
                assertFalse(found.get(10, TimeUnit.SECONDS));
                assertFalse(writer.isDone());
                release.countDown();
                writer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(List.of("new", "old"), paths(store.listAll(B, "")));
            } finally {
                release.countDown();
                bucket.beforeForce(() -> {});
                pool.shutdownNow();
            }
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aContentReleasedEarlierInTheGroupIsCarriedAgainNotNamedByHash() throws Exception {
        byte[] small = utf8("the same small content");
        byte[] large = new byte[FileBucket.INLINE_MAX + 10];
        new Random(7).nextBytes(large);
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            store.apply(B, List.of(BatchOp.put("s", small), BatchOp.put("l", large)));
            List<Throwable> outcomes = groupBehindAHeldForce(
                    store,
                    List.of(BatchOp.put("first", utf8("1"))),
                    List.of(
                            // the last files naming the two contents go ...
                            List.of(BatchOp.delete("s"), BatchOp.delete("l")),
                            // ... and the next batch of the group puts them again
                            List.of(BatchOp.put("s2", small), BatchOp.put("l2", large))));
            assertEquals(Arrays.asList(null, null), outcomes);
            assertArrayEquals(small, store.read(B, BucketPath.of("s2")).orElseThrow());
            assertArrayEquals(large, store.read(B, BucketPath.of("l2")).orElseThrow());
        }
        try (FileSystemBucketStore again = FileSystemBucketStore.open(root)) {
            assertEquals(List.of("first", "l2", "s2"), paths(again.listAll(B, "")));
            assertArrayEquals(small, again.read(B, BucketPath.of("s2")).orElseThrow());
            assertArrayEquals(large, again.read(B, BucketPath.of("l2")).orElseThrow());
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void anotherStoreThatSawTheRecordsOfAFailedGroupCutsNoCommittedBatch() throws Exception {
        for (boolean sameLength : new boolean[] {false, true}) {
            Path folder = root.resolve(sameLength ? "same-length" : "longer");
            try (FileSystemBucketStore writer = FileSystemBucketStore.open(folder);
                    FileSystemBucketStore other = FileSystemBucketStore.open(folder)) {
                writer.create(B, false);
                writer.put(B, BucketPath.of("kept"), utf8("kept"));
                assertEquals(List.of("kept"), paths(other.listAll(B, "")));
                FileBucket bucket = writer.bucket(B);
                List<String> seenDuringForce = new ArrayList<>();
                bucket.beforeForce(() -> {
                    // The record is complete in the file: another store (or process) reading now replays it.
                    seenDuringForce.addAll(paths(other.listAll(B, "")));
                    throw new IllegalStateException("the disk failed");
                });
                assertEquals(
                        ErrorCode.UNAVAILABLE,
                        assertThrows(CollabException.class, () -> writer.put(B, BucketPath.of("failed"), utf8("p")))
                                .code());
                bucket.beforeForce(() -> {});
                assertEquals(List.of("failed", "kept"), seenDuringForce);
                // The failed group was cut back; the next batches are appended in its place and acknowledged.
                if (sameLength) {
                    writer.put(B, BucketPath.of("failed"), utf8("q")); // a record as long as the failed one
                } else {
                    writer.put(B, BucketPath.of("acknowledged-with-a-longer-name"), utf8("acknowledged"));
                    writer.put(B, BucketPath.of("second"), utf8("2"));
                    assertEquals(
                            List.of("acknowledged-with-a-longer-name", "kept", "second"),
                            paths(other.listAll(B, "")),
                            "the other store reads the journal again instead of keeping the failed batch");
                }
                other.put(B, BucketPath.of("from-other"), utf8("o"));
                assertEquals(writer.listAll(B, ""), other.listAll(B, ""), "both stores see the same files");
            }
            try (FileSystemBucketStore fresh = FileSystemBucketStore.open(folder)) {
                if (sameLength) {
                    assertEquals(List.of("failed", "from-other", "kept"), paths(fresh.listAll(B, "")));
                    assertEquals(
                            "q", fresh.readString(B, BucketPath.of("failed")).orElseThrow());
                } else {
                    assertEquals(
                            List.of("acknowledged-with-a-longer-name", "from-other", "kept", "second"),
                            paths(fresh.listAll(B, "")),
                            "no acknowledged batch is lost");
                }
            }
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aFailedForceFailsEveryBatchOfItsGroupAndLeavesNoTrace() throws Exception {
        byte[] large = new byte[FileBucket.INLINE_MAX + 10];
        new Random(11).nextBytes(large);
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            store.put(B, BucketPath.of("kept"), utf8("kept"));
            FileBucket bucket = store.bucket(B);
            long journalBefore = Files.size(root.resolve("org/bucket/journal.0.log"));
            CountDownLatch queued = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            bucket.beforeForce(() -> {
                if (calls.getAndIncrement() == 0) {
                    try {
                        queued.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    // held until the second writer queued; the next group fails as a whole at its force
                } else if (calls.get() == 2) {
                    throw new IllegalStateException("the disk failed");
                }
            });
            ExecutorService pool = Executors.newCachedThreadPool();
            try {
                Future<?> first = pool.submit(() -> store.put(B, BucketPath.of("first"), utf8("1")));
                await(() -> calls.get() == 1, "the first group reached its force");
                List<Future<Throwable>> group = new ArrayList<>();
                List<List<BatchOp>> batches = List.of(
                        List.of(BatchOp.put("x", utf8("x")), BatchOp.put("big", large)),
                        List.of(BatchOp.delete("kept")));
                for (List<BatchOp> batch : batches) {
                    int before = bucket.commits().queued();
                    group.add(pool.submit(() -> {
                        try {
                            store.apply(B, batch);
                            return null;
                        } catch (RuntimeException e) {
                            return e;
                        }
                    }));
                    await(() -> bucket.commits().queued() == before + 1, "a writer queued");
                }
                queued.countDown();
                first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                for (Future<Throwable> f : group) {
                    CollabException e =
                            assertInstanceOf(CollabException.class, f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                    assertEquals(ErrorCode.UNAVAILABLE, e.code());
                }
            } finally {
                bucket.beforeForce(() -> {});
                pool.shutdownNow();
            }
            assertEquals(List.of("first", "kept"), paths(store.listAll(B, "")));
            assertFalse(
                    Files.exists(bucket.object(dev.agentcollab.api.bucket.spi.ContentHashes.sha256(large))),
                    "the failed group's object file was removed");
            assertTrue(Files.size(root.resolve("org/bucket/journal.0.log")) > journalBefore);
            store.put(B, BucketPath.of("after"), utf8("after"));
        }
        try (FileSystemBucketStore again = FileSystemBucketStore.open(root)) {
            assertEquals(List.of("after", "first", "kept"), paths(again.listAll(B, "")));
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aTornRecordInTheMiddleOfAGroupRecoversToTheBatchesBeforeIt() throws Exception {
        Path journal = root.resolve("org/bucket/journal.0.log");
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            store.put(B, BucketPath.of("before"), utf8("committed alone"));
            long forcesBefore = store.bucket(B).journalForces();
            groupBehindAHeldForce(
                    store,
                    List.of(BatchOp.put("g0", utf8("leader"))),
                    List.of(
                            List.of(BatchOp.put("g1", utf8("one")), BatchOp.put("g1b", utf8("one b"))),
                            List.of(BatchOp.put("g2", utf8("two")), BatchOp.delete("before")),
                            List.of(BatchOp.put("g3", utf8("three")))));
            assertEquals(2, store.bucket(B).journalForces() - forcesBefore, "g0 alone, then g1 to g3 together");
        }
        byte[] all = Files.readAllBytes(journal);
        JournalRecord.Scan scan = JournalRecord.scan(all);
        // One record per batch: "before", g0, then g1, g2 and g3, appended together and forced once.
        assertEquals(5, scan.records().size());
        assertEquals(all.length, scan.end());
        List<Integer> ends = new ArrayList<>();
        int end = 0;
        for (int length : scan.lengths()) {
            end += length;
            ends.add(end);
        }

        // A crash in the middle of the second group's append: g1 complete, g2 cut in half, g3 never written.
        int g1End = ends.get(2);
        int g2End = ends.get(3);
        Files.write(journal, Arrays.copyOf(all, g1End + (g2End - g1End) / 2));
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            assertEquals(List.of("before", "g0", "g1", "g1b"), paths(store.listAll(B, "")));
            store.put(B, BucketPath.of("next"), utf8("after the crash"));
        }
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            assertEquals(List.of("before", "g0", "g1", "g1b", "next"), paths(store.listAll(B, "")));
        }

        // The disk kept the group's later records but not a middle one (a power loss before the force): recovery
        // stops at the damaged record, so the batches after it, never acknowledged, are not visible either.
        byte[] damaged = all.clone();
        damaged[g2End - 2] ^= 1;
        Files.write(journal, damaged, StandardOpenOption.TRUNCATE_EXISTING);
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            assertEquals(List.of("before", "g0", "g1", "g1b"), paths(store.listAll(B, "")));
        }
    }
}
