package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.testkit.bucket.Fault;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.bucket.StoreOp;
import dev.agentcollab.testkit.time.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AuditLogTest {
    private final MutableClock clock = MutableClock.at("2026-06-30T23:59:59Z");
    private final InMemoryBucketStore store = InMemoryBucketStore.create(clock);
    private final AuditLog log = new AuditLog(store, BucketId.parse("org/audit"), clock);
    private final CallContext caller = new CallContext(Optional.empty(), "10.0.0.1", "curl/8");

    private static AuditEvent event(String agent, int n) {
        return new AuditEvent(agent, "/v1/messages", "raw", "", "message_board/" + n, n, 201, Map.of("n", n));
    }

    @Test
    void writesOneCompactRowPerEventInTheReferenceOrder() throws Exception {
        log.append(event("agent-1", 7), caller);
        List<String> lines = log.lines("202606");
        assertEquals(1, lines.size());
        JsonNode row = Json.mapper().readTree(lines.get(0));
        List<String> keys = new ArrayList<>();
        row.fieldNames().forEachRemaining(keys::add);
        assertEquals(
                List.of(
                        "ts",
                        "agent_id",
                        "route",
                        "via",
                        "source",
                        "target_path",
                        "bytes",
                        "status_code",
                        "caller_ip",
                        "user_agent",
                        "n"),
                keys);
        assertEquals("2026-06-30T23:59:59.000Z", row.get("ts").asText());
        clock.advance(Duration.ofSeconds(1));
        log.append(event("agent-1", 8), caller);
        assertEquals(1, log.lines("202607").size());
    }

    @Test
    void concurrentAppendsLoseNothing() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int me = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        log.append(event("agent-" + me, me * 1000 + i), caller);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        Set<Integer> seen = new HashSet<>();
        for (String line : log.lines("202606")) {
            seen.add(Json.mapper().readTree(line).get("n").asInt());
        }
        assertEquals(320, seen.size());
    }

    @Test
    void twoLogsOverOneAuditBucketLoseNothing() throws Exception {
        // Two service instances in one JVM (e.g. a server and an embedded session) append to the same file.
        AuditLog other = new AuditLog(store, BucketId.parse("org/audit"), clock);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int me = t;
                AuditLog mine = t % 2 == 0 ? log : other;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        mine.append(event("agent-" + me, me * 1000 + i), caller);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        Set<Integer> seen = new HashSet<>();
        for (String line : log.lines("202606")) {
            seen.add(Json.mapper().readTree(line).get("n").asInt());
        }
        assertEquals(320, seen.size());
    }

    @Test
    void aFailedCommitNeverFailsTheCallerAndItsRowsGoIntoTheNextCommit() throws Exception {
        store.faults().inject(new Fault.FailNext(StoreOp.APPLY, 3, ErrorCode.UNAVAILABLE, Optional.empty()));
        for (int n = 1; n <= 3; n++) {
            assertFalse(log.append(event("agent-1", n), caller), "row " + n + " is not durable yet"); // no exception
        }
        assertTrue(log.append(event("agent-1", 4), caller));
        assertEquals(List.of(1, 2, 3, 4), numbers(log.lines("202606")));
        assertTrue(log.append(event("agent-1", 5), caller));
        assertEquals(List.of(1, 2, 3, 4, 5), numbers(log.lines("202606")), "each row once");
    }

    @Test
    void rowsQueuedBehindAFailedCommitAreWrittenByTheNextOneAndCompleteThen() throws Exception {
        store.create(BucketId.parse("org/audit"), true);
        store.faults().resetCounters();
        store.faults().inject(new Fault.FailNext(StoreOp.APPLY, 1, ErrorCode.UNAVAILABLE, Optional.empty()));
        var first = log.appendBehind(event("agent-1", 1), caller, "t1", clock.instant());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.faults().calls(StoreOp.APPLY) < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the background writer's attempt, which fails
        }
        assertEquals(1, store.faults().calls(StoreOp.APPLY));
        assertFalse(first.isDone(), "kept for the next commit, not given up");
        var second = log.appendBehind(event("agent-1", 2), caller, "t2", clock.instant());
        log.flush();
        assertTrue(second.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(first.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(List.of(1, 2), numbers(log.lines("202606")));
    }

    @Test
    void keptRowsAreWrittenWithoutAnotherWriteOnceTheStoreWorksAgain() throws Exception {
        AuditLog quiet = retryingEvery20msWhileCommitsFail(3);

        var row = quiet.appendBehind(event("agent-1", 1), caller, "t1", clock.instant());

        // no write, read or stop follows: the log's own attempts (20, 40 then 80 ms later) commit it
        assertTrue(row.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(4L, store.faults().calls(StoreOp.APPLY), "the behind commit, two failed retries, one that works");
        assertEquals(List.of(1), numbers(quiet.lines("202606")));
    }

    @Test
    void aClosedLogStopsRetryingOnItsOwn() throws Exception {
        AuditLog closing = retryingEvery20msWhileCommitsFail(1_000_000);
        var row = closing.appendBehind(event("agent-1", 1), caller, "t1", clock.instant());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.faults().calls(StoreOp.APPLY) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5); // the behind commit and a retry, both failing
        }
        closing.close();
        long calls = store.faults().calls(StoreOp.APPLY);
        Thread.sleep(300); // several retry periods
        assertEquals(calls, store.faults().calls(StoreOp.APPLY), "no attempt after close");
        assertFalse(row.isDone(), "kept: a later commit, or the next start, writes it");
    }

    @Test
    void pastTheKeptRowsTheOldestAreGivenUp() throws Exception {
        store.faults().inject(new Fault.FailNext(StoreOp.APPLY, 1_000_000, ErrorCode.UNAVAILABLE, Optional.empty()));
        int rows = AuditLog.MAX_KEPT + 10;
        List<java.util.concurrent.CompletableFuture<Boolean>> done = new ArrayList<>();
        for (int n = 1; n <= rows; n++) {
            done.add(log.appendBehind(event("agent-1", n), caller, "t" + n, clock.instant()));
        }
        log.flush();
        for (int n = 1; n <= 10; n++) {
            assertFalse(done.get(n - 1).getNow(true), "row " + n + " given up");
        }
        assertFalse(done.get(10).isDone(), "row 11 kept");
        store.faults().clearFaults();
        log.flush();
        assertTrue(done.get(rows - 1).get(10, java.util.concurrent.TimeUnit.SECONDS));
        List<Integer> written = numbers(log.lines("202606"));
        assertEquals(AuditLog.MAX_KEPT, written.size());
        assertEquals(11, written.get(0));
        assertEquals(rows, written.get(written.size() - 1));
    }

    /** A log whose first retry comes 20 ms after a failed commit, over a store failing the next commits. */
    private AuditLog retryingEvery20msWhileCommitsFail(int failures) {
        BucketId audit = BucketId.parse("org/audit");
        store.create(audit, true);
        AuditLog log = new AuditLog(store, audit, clock, Duration.ofMillis(20));
        store.faults().resetCounters();
        store.faults().inject(new Fault.FailNext(StoreOp.APPLY, failures, ErrorCode.UNAVAILABLE, Optional.empty()));
        return log;
    }

    private static List<Integer> numbers(List<String> lines) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (String line : lines) {
            out.add(Json.mapper().readTree(line).get("n").asInt());
        }
        return out;
    }
}
