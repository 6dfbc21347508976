package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The write path's transaction ids: one per write, also when writes race through a generator that is not safe. */
@Timeout(60)
class WriteCommitTest {
    private static final int THREADS = 8;
    private static final int WRITES = 25;

    /**
     * A generator as unsafe as it gets: it reads its state, pauses, then stores the next state, so two threads
     * inside it at once return the same value.
     */
    private static final class RacyGenerator implements RandomGenerator {
        private long state;

        @Override
        public long nextLong() {
            long s = state;
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            state = s + 1;
            return s * 0x9E3779B97F4A7C15L;
        }
    }

    @Test
    void concurrentWritesGetDistinctTransactionsAndEachItsOwnAuditRow() throws Exception {
        MutableClock clock = MutableClock.at("2026-06-15T12:00:00Z"); // one millisecond for every write
        InMemoryBucketStore store = InMemoryBucketStore.create(clock);
        BucketId central = BucketId.parse("org/central");
        BucketId auditBucket = BucketId.parse("org/audit");
        store.create(central, true);
        ReadModel reads = new ReadModel(store, central, clock, Duration.ofSeconds(30), 1 << 20);
        AuditLog audit = new AuditLog(store, auditBucket, clock);
        WriteCommit commit = new WriteCommit(reads, audit, new Idempotency(reads, clock), clock, new RacyGenerator());
        CallContext caller = new CallContext(Optional.empty(), "10.0.0.1", "curl/8");

        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < WRITES; i++) {
                    String path = "message_board/" + thread + "-" + i + ".md";
                    commit.commit(
                            List.of(BatchOp.put(path, new byte[] {1})),
                            new AuditEvent("agent-" + thread, "/v1/messages", "raw", "", path, 1, 201, Map.of()),
                            caller,
                            path);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }

        List<String> rows = audit.lines(AuditLog.month(clock.instant()));
        Set<String> txns = new HashSet<>();
        Set<String> targets = new HashSet<>();
        for (String line : rows) {
            var row = Json.mapper().readTree(line);
            txns.add(row.path("txn").asText());
            targets.add(row.path("target_path").asText());
        }
        assertEquals(THREADS * WRITES, targets.size(), "every write has its audit row");
        assertEquals(THREADS * WRITES, txns.size(), "every write has its own transaction");
        assertTrue(
                store.listAll(central, WriteCommit.TXN_PREFIX).size() <= THREADS * WRITES,
                "one transaction record per write at most");
    }

    @Test
    void theFileARecordStandsForIsTheFirstPutElseTheFirstCopy() {
        BucketId src = BucketId.parse("org/agent-1");
        assertEquals(
                "traces/a/s/manifest.md",
                WriteCommit.primary(List.of(
                        new BatchOp.Copy(
                                src,
                                dev.agentcollab.api.bucket.BucketPath.of("log"),
                                dev.agentcollab.api.bucket.BucketPath.of("traces/a/s/log.jsonl")),
                        BatchOp.put("traces/a/s/manifest.md", new byte[0]),
                        BatchOp.delete("traces/a/s/old.jsonl"))));
        assertEquals(
                "sync/a/x",
                WriteCommit.primary(List.of(new BatchOp.Copy(
                        src,
                        dev.agentcollab.api.bucket.BucketPath.of("x"),
                        dev.agentcollab.api.bucket.BucketPath.of("sync/a/x")))));
        assertEquals(
                "message_board/m.md",
                WriteCommit.primary(List.of(
                        BatchOp.put(".collab/dedup/message_board/h", new byte[0]),
                        BatchOp.put("message_board/m.md", new byte[0]))));
        assertEquals(null, WriteCommit.primary(List.of()));
    }
}
