package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rows appended behind the caller: group commit, bounded backlog, and every row durable once. */
@Timeout(60)
class AuditLogBehindTest {
    private final MutableClock clock = MutableClock.at("2026-06-15T12:00:00Z");
    private final CountDownLatch open = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final AtomicInteger batches = new AtomicInteger();
    private final BucketId bucket = BucketId.parse("org/audit-behind");
    private final AuditLog log = new AuditLog(
            new ForwardingBucketStore(InMemoryBucketStore.create(clock)) {
                @Override
                public void apply(BucketId b, List<? extends BatchOp> ops) {
                    entered.countDown();
                    try {
                        assertTrue(open.await(30, TimeUnit.SECONDS), "the audit bucket was never opened");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    batches.incrementAndGet();
                    super.apply(b, ops);
                }
            },
            bucket,
            clock);
    private final CallContext caller = new CallContext(Optional.empty(), "10.0.0.1", "curl/8");

    private CompletableFuture<Boolean> behind(int n) {
        return log.appendBehind(
                new AuditEvent("agent-1", "/v1/messages", "raw", "", "message_board/" + n, n, 201, Map.of()),
                caller,
                "txn-" + n,
                clock.instant());
    }

    @Test
    void rowsQueuedWhileTheWriterWritesShareItsNextBatchAndABacklogPastTheCapWaits() throws Exception {
        List<CompletableFuture<Boolean>> done = new ArrayList<>();
        done.add(behind(0));
        assertTrue(entered.await(30, TimeUnit.SECONDS), "the writer is in its first batch");
        for (int n = 1; n <= AuditLog.MAX_BEHIND; n++) {
            done.add(behind(n)); // returns at once: the writer holds the bucket
        }
        assertFalse(done.getLast().isDone());
        CompletableFuture<Boolean> past = CompletableFuture.supplyAsync(
                () -> behind(AuditLog.MAX_BEHIND + 1).join());
        Thread.sleep(200);
        assertFalse(past.isDone(), "a write past the cap waits for the writer");
        open.countDown();
        assertTrue(past.get(30, TimeUnit.SECONDS));
        for (CompletableFuture<Boolean> f : done) {
            assertTrue(f.get(30, TimeUnit.SECONDS));
        }
        List<String> lines = log.lines("202606");
        assertEquals(AuditLog.MAX_BEHIND + 2, lines.size());
        assertTrue(batches.get() <= 3, "the queued rows were committed together: " + batches.get() + " batches");
    }
}
