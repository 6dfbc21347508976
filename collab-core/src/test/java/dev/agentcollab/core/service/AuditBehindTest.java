package dev.agentcollab.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.internal.AuditLog;
import dev.agentcollab.core.service.internal.WriteCommit;
import dev.agentcollab.testkit.time.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A write is answered after its central commit while its audit row is written behind it
 * (docs/storage-design.md §3): the answer does not wait for the audit bucket, every read of the audit log sees the
 * rows of the writes answered before it, a graceful stop writes every queued row, and a crash before a row is
 * durable leaves its transaction record, from which the next start appends it exactly once.
 */
@Timeout(120)
class AuditBehindTest extends BackendFixture {
    private static final long WAIT_S = 30;

    /** Holds or fails the audit bucket's writes on demand; counts them. */
    private final AuditGate gate = new AuditGate();

    @Override
    protected BucketStore newStore(MutableClock clock) {
        return new ForwardingBucketStore(files(clock)) {
            @Override
            public void apply(BucketId bucket, List<? extends BatchOp> ops) {
                if (bucket.name().endsWith("-audit")) {
                    gate.pass(ops);
                }
                super.apply(bucket, ops);
            }
        };
    }

    private static final class AuditGate {
        volatile CountDownLatch held = new CountDownLatch(0);
        volatile CountDownLatch entered = new CountDownLatch(1);
        /** The next audit write fails as the process dies; its writer never writes again (that process is gone). */
        volatile boolean down;

        final DeadAuditWriters deadWriters = new DeadAuditWriters();

        /** Audit writes that fail as a full disk or an unreachable Hub would, the process going on. */
        final java.util.concurrent.atomic.AtomicInteger failing = new java.util.concurrent.atomic.AtomicInteger();

        volatile boolean timedOut;

        void hold() {
            entered = new CountDownLatch(1);
            held = new CountDownLatch(1);
        }

        void pass(List<? extends BatchOp> ops) {
            if (deadWriters.refuses(ops)) {
                throw new IllegalStateException("a write of an audit log whose process died: " + ops);
            }
            if (failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw CollabException.of(ErrorCode.UNAVAILABLE, "No space left on device");
            }
            entered.countDown();
            try {
                if (!held.await(WAIT_S, TimeUnit.SECONDS)) {
                    timedOut = true;
                    throw new IllegalStateException("the audit gate was never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (down) {
                deadWriters.kill(ops);
                throw CollabException.of(ErrorCode.UNAVAILABLE, "the process died before the audit row was durable");
            }
        }

        void open() {
            held.countDown();
        }
    }

    private static CallContext caller() {
        return new CallContext(Optional.empty(), "10.0.0.7", "agent-cli/1.0");
    }

    /** The rows as stored, read from the segment files without going through an audit log (no flush). */
    private List<JsonNode> storedRows(ServiceHarness harness) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        BucketId audit = harness.config.auditBucket();
        for (BucketEntry e : harness.store.listAll(audit, "audit/")) {
            for (String line :
                    harness.store.readString(audit, e.path()).orElseThrow().split("\n")) {
                if (!line.isBlank()) {
                    rows.add(Json.mapper().readTree(line));
                }
            }
        }
        return rows;
    }

    private static List<JsonNode> rowsFor(List<JsonNode> rows, String target) {
        return rows.stream()
                .filter(r -> target.equals(r.path("target_path").asText()))
                .toList();
    }

    @Test
    void aWriteIsAnsweredWhileItsAuditRowIsStillBeingWrittenAndACrashThenRecoversItOnce() throws Exception {
        h.onboard("agent-1", 1);
        h.service.context().audit().flush();
        gate.hold();

        PostReceipt post = h.service.session(caller()).board().post(MessagePost.raw("agent-1", "answered first"));
        assertTrue(gate.entered.await(WAIT_S, TimeUnit.SECONDS), "the audit row's write started");
        assertFalse(gate.timedOut, "the answer did not wait for the audit bucket");
        String target = "message_board/" + post.filename();
        assertTrue(rowsFor(storedRows(h), target).isEmpty(), "answered before the audit row was written");
        assertFalse(h.store
                .listAll(h.config.centralBucket(), WriteCommit.TXN_PREFIX)
                .isEmpty());

        gate.down = true; // the process dies while the audit row is being written
        gate.open();
        h.service.context().audit().flush();
        gate.down = false;
        assertTrue(rowsFor(storedRows(h), target).isEmpty(), "the crash lost the row");

        ServiceHarness after = h.restart();
        List<JsonNode> rows = rowsFor(storedRows(after), target);
        assertEquals(1, rows.size(), "recovered once: " + rows);
        JsonNode row = rows.getFirst();
        assertTrue(row.path("recovered").asBoolean());
        assertEquals("", row.path("caller_ip").asText(), "the address is never stored in the central bucket");
        assertEquals("agent-1", row.path("agent_id").asText());
        assertTrue(after.store
                .listAll(after.config.centralBucket(), WriteCommit.TXN_PREFIX)
                .isEmpty());

        ServiceHarness again = after.restart();
        assertEquals(1, rowsFor(storedRows(again), target).size(), "a second recovery appends nothing");
        assertEquals(
                1,
                again.service.context().audit().lines("202606").stream()
                        .filter(l -> l.contains(target))
                        .count());
    }

    @Test
    void rowsOfAFailedAuditWriteAreWrittenLiveByTheNextWriteAndTheirRecordsThenDeleted() throws Exception {
        h.onboard("agent-1", 1);
        h.service.context().audit().flush();
        gate.failing.set(1);
        String first = "message_board/"
                + h.service
                        .session(caller())
                        .board()
                        .post(MessagePost.raw("agent-1", "audit down"))
                        .filename();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (gate.failing.get() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the audit writer's attempt, which fails: the row is kept
        }
        assertEquals(0, gate.failing.get());
        assertTrue(rowsFor(storedRows(h), first).isEmpty(), "nothing written since");
        clock.advance(Duration.ofSeconds(1));
        String second = "message_board/"
                + h.service
                        .session(caller())
                        .board()
                        .post(MessagePost.raw("agent-1", "audit up"))
                        .filename();
        h.service.context().audit().flush();
        List<JsonNode> rows = storedRows(h);
        for (String target : List.of(first, second)) {
            List<JsonNode> mine = rowsFor(rows, target);
            assertEquals(1, mine.size(), target + ": " + rows);
            assertEquals("10.0.0.7", mine.getFirst().path("caller_ip").asText(), "written live, not recovered");
        }
        clock.advance(Duration.ofSeconds(1));
        h.service.session(caller()).board().post(MessagePost.raw("agent-1", "third"));
        assertEquals(
                1,
                h.store
                        .listAll(h.config.centralBucket(), WriteCommit.TXN_PREFIX)
                        .size(),
                "the first two writes' transaction records are deleted by the third, which keeps its own");
    }

    @Test
    void concurrentPostsThenAReadSeeEveryRowOnceWithItsCaller() throws Exception {
        int agents = 8;
        int posts = 4;
        for (int i = 0; i < agents; i++) {
            h.onboard("agent-" + i, i);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(agents)) {
            for (int i = 0; i < agents; i++) {
                int me = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<String> mine = new ArrayList<>();
                    for (int p = 0; p < posts; p++) {
                        PostReceipt r = h.service
                                .session(caller())
                                .board()
                                .post(MessagePost.raw("agent-" + me, "post " + p + " of agent " + me));
                        mine.add("message_board/" + r.filename());
                    }
                    return mine;
                }));
            }
            start.countDown();
            Set<String> targets = new HashSet<>();
            for (Future<List<String>> f : futures) {
                targets.addAll(f.get(WAIT_S, TimeUnit.SECONDS));
            }
            assertEquals(agents * posts, targets.size());

            // read at once, through the service's own log: every answered write's row is there, once
            Map<String, Integer> seen = new HashMap<>();
            for (String line : h.service.context().audit().lines("202606")) {
                JsonNode row = Json.mapper().readTree(line);
                if (targets.contains(row.path("target_path").asText())) {
                    seen.merge(row.path("target_path").asText(), 1, Integer::sum);
                    assertEquals("10.0.0.7", row.path("caller_ip").asText(), "written live, not recovered");
                    assertFalse(row.path("recovered").asBoolean());
                }
            }
            assertEquals(targets, seen.keySet());
            assertTrue(seen.values().stream().allMatch(n -> n == 1), "one row each: " + seen);
        }
        Set<String> txns = new HashSet<>();
        for (JsonNode row : storedRows(h)) {
            assertTrue(txns.add(row.path("txn").asText()), "no row stored twice: " + row);
        }
    }

    @Test
    void anotherAuditLogOfTheBucketWaitsForTheRowsQueuedBeforeItsRead() throws Exception {
        h.onboard("agent-1", 1);
        h.service.context().audit().flush();
        gate.hold();
        PostReceipt post = h.anonymous().board().post(MessagePost.raw("agent-1", "queued"));
        assertTrue(gate.entered.await(WAIT_S, TimeUnit.SECONDS));
        AuditLog reader = new AuditLog(h.store, h.config.auditBucket(), clock);
        Thread opener = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(200); // the read below must wait for the write in progress
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate.open();
        });
        List<String> lines = reader.lines("202606");
        opener.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        assertEquals(1, lines.stream().filter(l -> l.contains(post.filename())).count(), "the queued row: " + lines);
    }

    @Test
    void closingTheServiceWritesEveryQueuedRow() throws Exception {
        h.onboard("agent-1", 1);
        h.service.context().audit().flush();
        gate.hold();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            targets.add("message_board/"
                    + h.anonymous()
                            .board()
                            .post(MessagePost.raw("agent-1", "m" + i))
                            .filename());
            clock.advance(Duration.ofSeconds(1));
        }
        assertTrue(gate.entered.await(WAIT_S, TimeUnit.SECONDS));
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate.open();
        });
        h.service.close();
        List<JsonNode> rows = storedRows(h);
        for (String target : targets) {
            assertEquals(1, rowsFor(rows, target).size(), "written by the stop: " + target);
        }
        assertTrue(rows.stream().noneMatch(r -> r.path("recovered").asBoolean()));
    }
}
