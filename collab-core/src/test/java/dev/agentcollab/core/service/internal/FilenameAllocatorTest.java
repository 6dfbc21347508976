package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FilenameAllocatorTest {
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final InMemoryBucketStore store = InMemoryBucketStore.create(clock);
    private final BucketId central = BucketId.parse("org/names");
    private final ReadModel reads;

    FilenameAllocatorTest() {
        store.create(central, false);
        reads = new ReadModel(store, central, clock, Duration.ofSeconds(30), 1024);
    }

    @Test
    void aNameWrittenBeforeIsSkipped() {
        Instant now = clock.instant();
        String taken = Stamps.filename(now) + "_ann.md";
        store.put(central, BucketPath.of("m/" + taken), "x".getBytes(StandardCharsets.UTF_8));
        String name = new FilenameAllocator(reads).allocate("m/", "ann", now);
        assertNotEquals(taken, name);
        assertEquals(Stamps.filename(now.plusMillis(1)) + "_ann.md", name);
    }

    @Test
    @Timeout(60)
    void concurrentWritersOfOneAuthorInOneMillisecondGetDistinctNames() throws Exception {
        Instant now = clock.instant();
        int writers = 200;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> names = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < writers; i++) {
                names.add(pool.submit(() -> {
                    start.await();
                    return new FilenameAllocator(reads).allocate("m/", "ann", now);
                }));
            }
            start.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<String> f : names) {
                distinct.add(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(writers, distinct.size());
        }
    }
}
