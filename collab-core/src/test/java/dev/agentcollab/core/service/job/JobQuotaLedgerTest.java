package dev.agentcollab.core.service.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.testkit.bucket.Fault;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.bucket.StoreOp;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JobQuotaLedgerTest {
    private static final BucketId AUDIT = BucketId.parse("org/audit");
    private static final BucketPath LEDGER = BucketPath.of("quota/job_ledger.jsonl");

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");

    private BucketStore open(TestStores.Backend backend) {
        BucketStore store = backend.open().apply(dir, clock);
        store.create(AUDIT, true);
        return store;
    }

    private JobQuotaLedger ledger(BucketStore store, int perAgent, int perUser) {
        return new JobQuotaLedger(store, AUDIT, LEDGER, perAgent, perUser, Duration.ofHours(24), clock);
    }

    @ParameterizedTest
    @MethodSource("dev.agentcollab.core.service.job.TestStores#backends")
    void exhaustedAgentQuotaIsRateLimitedWithRetryAfterUntilTheOldestLaunchAgesOut(TestStores.Backend backend) {
        JobQuotaLedger ledger = ledger(open(backend), 2, 30);
        assertEquals(1, ledger.launchWithinQuota("agent-1", "alice", () -> "j1").agentRemaining());
        clock.advance(Duration.ofHours(1));
        assertEquals(0, ledger.launchWithinQuota("agent-1", "alice", () -> "j2").agentRemaining());
        clock.advance(Duration.ofMinutes(30));

        AtomicInteger launched = new AtomicInteger();
        CollabException e = assertThrows(
                CollabException.class,
                () -> ledger.launchWithinQuota("agent-1", "alice", () -> launched.incrementAndGet()));
        assertEquals(ErrorCode.RATE_LIMITED, e.code());
        long expected = Duration.ofHours(24).minus(Duration.ofMinutes(90)).toSeconds() + 1;
        assertEquals(Optional.of(Duration.ofSeconds(expected)), e.retryAfter());
        assertEquals(
                "agent 'agent-1' has hit its limit of 2 jobs per 24h; retry after " + expected + "s", e.getMessage());
        assertEquals(0, launched.get(), "a rejected launch never runs");

        clock.advance(Duration.ofSeconds(expected));
        assertEquals(
                "j3", ledger.launchWithinQuota("agent-1", "alice", () -> "j3").result());
    }

    @ParameterizedTest
    @MethodSource("dev.agentcollab.core.service.job.TestStores#backends")
    void userQuotaSpansTheUsersAgents(TestStores.Backend backend) {
        JobQuotaLedger ledger = ledger(open(backend), 10, 2);
        ledger.launchWithinQuota("agent-1", "alice", () -> "a");
        var second = ledger.launchWithinQuota("agent-2", "alice", () -> "b");
        assertEquals(0, second.userRemaining());
        assertEquals(9, second.agentRemaining());
        CollabException e =
                assertThrows(CollabException.class, () -> ledger.launchWithinQuota("agent-3", "alice", () -> "c"));
        assertEquals(ErrorCode.RATE_LIMITED, e.code());
        assertTrue(e.getMessage().startsWith("hf_user 'alice' has hit its limit of 2 jobs per 24h"));
        assertEquals("d", ledger.launchWithinQuota("agent-3", "bob", () -> "d").result());
    }

    @ParameterizedTest
    @MethodSource("dev.agentcollab.core.service.job.TestStores#backends")
    void failedLaunchesAreNotCounted(TestStores.Backend backend) {
        JobQuotaLedger ledger = ledger(open(backend), 1, 30);
        CollabException boom = CollabException.of(ErrorCode.JOB_LAUNCH_FAILED, "hub said no");
        assertThrows(
                CollabException.class,
                () -> ledger.launchWithinQuota("agent-1", "alice", () -> {
                    throw boom;
                }));
        assertEquals(List.of(), ledger.inWindow());
        assertEquals(
                "ok", ledger.launchWithinQuota("agent-1", "alice", () -> "ok").result());
    }

    @ParameterizedTest
    @MethodSource("dev.agentcollab.core.service.job.TestStores#backends")
    void aNewLedgerOverTheSameStoreKeepsTheCounts(TestStores.Backend backend) {
        BucketStore store = open(backend);
        ledger(store, 1, 30).launchWithinQuota("agent-1", "alice", () -> "j1");
        JobQuotaLedger restarted = ledger(store, 1, 30);
        CollabException e =
                assertThrows(CollabException.class, () -> restarted.launchWithinQuota("agent-1", "alice", () -> "j2"));
        assertEquals(ErrorCode.RATE_LIMITED, e.code());
    }

    @ParameterizedTest
    @MethodSource("dev.agentcollab.core.service.job.TestStores#backends")
    void ledgerIsPrunedJsonlAndBadLinesAreSkipped(TestStores.Backend backend) {
        BucketStore store = open(backend);
        String old = "{\"ts\":\"2026-05-30T10:00:00.000Z\",\"agent_id\":\"agent-1\",\"hf_user\":\"alice\"}\n";
        store.put(AUDIT, LEDGER, (old + "not json\n{\"ts\":\"bad\"}\n").getBytes(StandardCharsets.UTF_8));
        ledger(store, 1, 30).launchWithinQuota("agent-1", "alice", () -> "j1");
        String text = store.readString(AUDIT, LEDGER).orElseThrow();
        assertEquals("{\"ts\":\"2026-06-01T10:00:00.000Z\",\"agent_id\":\"agent-1\",\"hf_user\":\"alice\"}\n", text);
    }

    @Test
    void unreadableLedgerFailsClosedBeforeLaunching() {
        InMemoryBucketStore store = InMemoryBucketStore.create(clock);
        store.create(AUDIT, true);
        store.faults().inject(new Fault.FailNext(StoreOp.READ, 1, ErrorCode.UNAVAILABLE, Optional.empty()));
        AtomicInteger launched = new AtomicInteger();
        CollabException e = assertThrows(CollabException.class, () -> ledger(store, 5, 5)
                .launchWithinQuota("agent-1", "alice", launched::incrementAndGet));
        assertEquals(ErrorCode.QUOTA_BACKEND_UNAVAILABLE, e.code());
        assertEquals(Optional.of(Duration.ofSeconds(30)), e.retryAfter());
        assertEquals(0, launched.get());
    }

    @Test
    void ledgerWriteFailureAfterLaunchIsNotAnError() {
        InMemoryBucketStore store = InMemoryBucketStore.create(clock);
        store.create(AUDIT, true);
        store.faults().inject(new Fault.FailNext(StoreOp.APPLY, 1, ErrorCode.UNAVAILABLE, Optional.empty()));
        var launched = ledger(store, 5, 7).launchWithinQuota("agent-1", "alice", () -> "j");
        assertEquals("j", launched.result());
        assertEquals(5, launched.agentRemaining());
        assertEquals(7, launched.userRemaining());
    }

    @ParameterizedTest
    @MethodSource("dev.agentcollab.core.service.job.TestStores#backends")
    void concurrentLaunchesNeverExceedTheQuota(TestStores.Backend backend) throws Exception {
        BucketStore store = open(backend);
        JobQuotaLedger first = ledger(store, 3, 100);
        JobQuotaLedger second = ledger(store, 3, 100); // a second service instance over the same store
        AtomicInteger launches = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                JobQuotaLedger ledger = i % 2 == 0 ? first : second;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        ledger.launchWithinQuota("agent-1", "alice", launches::incrementAndGet);
                        return true;
                    } catch (CollabException e) {
                        assertEquals(ErrorCode.RATE_LIMITED, e.code());
                        return false;
                    }
                }));
            }
            start.countDown();
            int ok = 0;
            for (Future<Boolean> f : futures) {
                ok += f.get() ? 1 : 0;
            }
            assertEquals(3, ok);
            assertEquals(3, launches.get());
            assertEquals(3, first.inWindow().size());
        } finally {
            pool.shutdownNow();
        }
    }
}
