package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many writers applying batches at once: the queued batches are made visible by whichever writer holds the
 * recording turn (flat combining), so every writer must still return, see its own write at once, and be told of
 * its own failure only.
 */
class ReadModelConcurrentWritesTest {
    private static final int WRITERS = 200;
    private static final int WRITES_EACH = 25;

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final InMemoryBucketStore store = InMemoryBucketStore.create(clock);
    private final BucketId central = BucketId.parse("org/central");
    private final ReadModel reads;

    ReadModelConcurrentWritesTest() {
        store.create(central, false);
        reads = new ReadModel(store, central, clock, Duration.ofSeconds(30), 1 << 20);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(60)
    void everyConcurrentWriterCompletesAndSeesItsWriteWhenApplyReturns() throws Exception {
        assertEquals(List.of(), reads.list("m/")); // the view is cached, so every write goes through the views
        Set<String> seen = ConcurrentHashMap.newKeySet();
        reads.watch("m/", new ReadModel.Watcher() {
            @Override
            public void changed(String path, BucketEntry entry) {
                seen.add(path);
            }

            @Override
            public void reloaded() {}
        });
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    start.await();
                    int visible = 0;
                    for (int i = 0; i < WRITES_EACH; i++) {
                        String path = "m/" + writer + "-" + i + ".md";
                        reads.apply(List.of(
                                BatchOp.put(path, b("w" + writer + " #" + i)),
                                BatchOp.put("inbox/" + writer + "/" + i + ".md", b("copy"))));
                        if (reads.list("m/").stream()
                                .anyMatch(e -> e.path().value().equals(path))) {
                            visible++;
                        }
                    }
                    return visible;
                }));
            }
            start.countDown();
            for (Future<Integer> f : writers) {
                assertEquals(WRITES_EACH, f.get(30, TimeUnit.SECONDS), "each write is visible when apply returns");
            }
        }
        Set<String> listed = new HashSet<>();
        reads.list("m/").forEach(e -> listed.add(e.path().value()));
        assertEquals(WRITERS * WRITES_EACH, listed.size());
        assertEquals(listed, seen, "the watcher saw each write once it was made visible");
    }

    @Test
    @Timeout(60)
    void aBatchThatFailsToBeMadeVisibleFailsItsOwnWriterOnly() throws Exception {
        assertEquals(List.of(), reads.list("m/"));
        reads.watch("m/", new ReadModel.Watcher() {
            @Override
            public void changed(String path, BucketEntry entry) {
                if (path.contains("boom")) {
                    throw new IllegalStateException("watcher failed on " + path);
                }
            }

            @Override
            public void reloaded() {}
        });
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 50; w++) {
                String path = w % 10 == 0 ? "m/boom-" + w + ".md" : "m/ok-" + w + ".md";
                writers.add(pool.submit(() -> {
                    start.await();
                    reads.apply(List.of(BatchOp.put(path, b(path))));
                    return null;
                }));
            }
            start.countDown();
            int failed = 0;
            for (Future<?> f : writers) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
                    assertTrue(
                            e.getCause().getMessage().contains("boom"),
                            e.getCause().getMessage());
                    failed++;
                }
            }
            assertEquals(5, failed, "only the writers of the failing batches are told");
        }
        long ok = reads.list("m/").stream()
                .filter(e -> e.path().value().startsWith("m/ok-"))
                .count();
        assertEquals(45, ok);
        assertThrows(IllegalStateException.class, () -> reads.apply(List.of(BatchOp.put("m/boom-again.md", b("x")))));
        reads.apply(List.of(BatchOp.put("m/ok-after.md", b("x"))));
        assertTrue(reads.list("m/").stream().anyMatch(e -> e.path().value().equals("m/ok-after.md")));
    }
}
