package dev.agentcollab.core.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link OldestFirstExecutor}: the first thread to run takes the oldest task, and every task runs once. */
class OldestFirstExecutorTest {
    /** Threads that wait, each for its own gate, before running what they were made for. */
    private static final class GatedFactory implements ThreadFactory {
        final List<CountDownLatch> gates = new CopyOnWriteArrayList<>();

        @Override
        public Thread newThread(Runnable r) {
            CountDownLatch gate = new CountDownLatch(1);
            gates.add(gate);
            return Thread.ofVirtual().unstarted(() -> {
                try {
                    if (gate.await(10, TimeUnit.SECONDS)) {
                        r.run();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    @Test
    @Timeout(10)
    void theThreadThatRunsFirstTakesTheOldestTask() throws Exception {
        GatedFactory factory = new GatedFactory();
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        try (OldestFirstExecutor executor = new OldestFirstExecutor(factory)) {
            for (String name : List.of("a", "b", "c")) {
                executor.execute(() -> {
                    ran.add(name);
                    done.countDown();
                });
            }
            assertEquals(3, factory.gates.size());
            // the scheduler runs the newest thread first, then the others: the tasks still run oldest first
            factory.gates.get(2).countDown();
            awaitSize(ran, 1);
            factory.gates.get(0).countDown();
            awaitSize(ran, 2);
            factory.gates.get(1).countDown();
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(List.of("a", "b", "c"), ran);
        }
    }

    @Test
    @Timeout(30)
    void everyTaskRunsExactlyOnceUnderConcurrentSubmission() throws Exception {
        int submitters = 8;
        int perSubmitter = 2_000;
        ConcurrentHashMap<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(submitters * perSubmitter);
        try (OldestFirstExecutor executor =
                new OldestFirstExecutor(Thread.ofVirtual().factory())) {
            List<Thread> threads = new CopyOnWriteArrayList<>();
            for (int s = 0; s < submitters; s++) {
                int base = s * perSubmitter;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perSubmitter; i++) {
                        int id = base + i;
                        executor.execute(() -> {
                            runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                            done.countDown();
                        });
                    }
                }));
            }
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(20));
            }
            assertTrue(done.await(20, TimeUnit.SECONDS), "tasks left: " + done.getCount());
        }
        assertEquals(submitters * perSubmitter, runs.size());
        runs.forEach((id, n) -> assertEquals(1, n.get(), "task " + id));
    }

    @Test
    @Timeout(10)
    void afterCloseATaskIsRejectedAndNeverRuns() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        OldestFirstExecutor executor =
                new OldestFirstExecutor(Thread.ofVirtual().factory());
        executor.close();
        assertThrows(RejectedExecutionException.class, () -> executor.execute(ran::incrementAndGet));
        Thread.sleep(50);
        assertEquals(0, ran.get());
    }

    private static void awaitSize(List<String> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (list.size() < size) {
            assertTrue(System.nanoTime() < deadline, "waited for " + size + " tasks, have " + list);
            Thread.sleep(1);
        }
    }
}
