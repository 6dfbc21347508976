package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    @Test
    void everyIndexRunsExactlyOnceAcrossManyCalls() {
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int n : new int[] {1, 2, 7, 64, 1000, 4097}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                for (int rep = 0; rep < 20; rep++) {
                    pool.run(n, 1, (start, end) -> {
                        for (int i = start; i < end; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(20, hits.get(i), "index " + i + " of " + n);
                }
            }
        }
    }

    @Test
    void aFailingTaskIsRethrownAndThePoolKeepsWorking() {
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int rep = 0; rep < 5; rep++) {
                var e = org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalStateException.class,
                        () -> pool.run(1000, 1, (s, end) -> {
                            if (s <= 500 && 500 < end) {
                                throw new IllegalStateException("boom");
                            }
                        }));
                assertEquals("boom", e.getMessage());
                AtomicIntegerArray hits = new AtomicIntegerArray(100);
                pool.run(100, 1, (s, end) -> {
                    for (int i = s; i < end; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < 100; i++) {
                    assertEquals(1, hits.get(i));
                }
            }
        }
    }

    @Test
    void singleThreadPoolRunsOnTheCaller() {
        try (WorkerPool pool = new WorkerPool(1)) {
            Thread caller = Thread.currentThread();
            pool.run(100, 1, (s, e) -> assertEquals(caller, Thread.currentThread()));
            assertEquals(1, pool.threads());
        }
    }
}
