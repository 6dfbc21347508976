package dev.agentcollab.testkit.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketStores;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryBucketStoreTest {
    private static final BucketId B = BucketId.parse("org/b");

    @Test
    void failNextFailsExactlyThatManyCallsAndChangesNothing() {
        InMemoryBucketStore store = InMemoryBucketStore.create();
        store.create(B, false);
        store.faults().inject(Fault.failNext(StoreOp.APPLY, 2, ErrorCode.UNAVAILABLE, Duration.ofSeconds(3)));
        for (int i = 0; i < 2; i++) {
            CollabException e = assertThrows(CollabException.class, () -> store.put(B, BucketPath.of("a"), bytes("x")));
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertTrue(e.retryable());
            assertEquals(Duration.ofSeconds(3), e.retryAfter().orElseThrow());
            assertTrue(store.read(B, BucketPath.of("a")).isEmpty());
        }
        store.put(B, BucketPath.of("a"), bytes("x"));
        assertEquals("x", store.readString(B, BucketPath.of("a")).orElseThrow());
        assertEquals(3, store.faults().calls(StoreOp.APPLY));
        assertEquals(3, store.faults().calls(StoreOp.READ));
    }

    @Test
    void faultsOfOtherKindsDoNotFire() {
        InMemoryBucketStore store = InMemoryBucketStore.create();
        store.create(B, false);
        store.faults().inject(Fault.failNext(StoreOp.LIST, 1, ErrorCode.TIMEOUT));
        store.put(B, BucketPath.of("a"), bytes("x"));
        assertEquals(
                ErrorCode.TIMEOUT,
                assertThrows(CollabException.class, () -> store.listAll(B, "")).code());
        assertEquals(1, store.listAll(B, "").size());
        store.faults().resetCounters();
        assertEquals(0, store.faults().calls(StoreOp.LIST));
    }

    @Test
    void aCallInterruptedDuringInjectedLatencyTimesOutAndChangesNothing() {
        InMemoryBucketStore store = InMemoryBucketStore.create();
        store.create(B, false);
        store.faults().inject(Fault.latency(StoreOp.APPLY, Duration.ofHours(1)));
        Thread.currentThread().interrupt(); // the sleep ends at once instead of waiting an hour
        try {
            CollabException e = assertThrows(CollabException.class, () -> store.put(B, BucketPath.of("a"), bytes("x")));
            assertEquals(ErrorCode.TIMEOUT, e.code());
        } finally {
            Thread.interrupted();
        }
        assertTrue(store.read(B, BucketPath.of("a")).isEmpty());
    }

    @Test
    void clearFaultsRemovesPendingFailures() {
        InMemoryBucketStore store = InMemoryBucketStore.create();
        store.faults().inject(Fault.failNext(StoreOp.CREATE, 5, ErrorCode.INTERNAL));
        store.faults().inject(Fault.latency(StoreOp.CREATE, Duration.ZERO));
        store.faults().clearFaults();
        assertEquals(B, store.create(B, false).id());
    }

    @Test
    void timesComeFromTheInjectedClock() {
        Instant t = Instant.parse("2026-06-01T10:00:00Z");
        InMemoryBucketStore store = InMemoryBucketStore.create(InstantSource.fixed(t));
        assertEquals(t, store.create(B, false).createdAt());
        store.put(B, BucketPath.of("a"), bytes("x"));
        assertEquals(t, store.listAll(B, "").getFirst().modified());
    }

    @Test
    void storedBytesCannotBeChangedByTheCaller() {
        InMemoryBucketStore store = InMemoryBucketStore.create();
        store.create(B, false);
        byte[] content = bytes("abc");
        store.apply(B, List.of(new BatchOp.Put(BucketPath.of("a"), content)));
        content[0] = 'z';
        store.read(B, BucketPath.of("a")).orElseThrow()[1] = 'z';
        assertEquals("abc", store.readString(B, BucketPath.of("a")).orElseThrow());
    }

    @Test
    void providerOpensFreshAndSharedStores() {
        try (BucketStore fresh1 = BucketStores.open("mem:");
                BucketStore fresh2 = BucketStores.open("mem:/");
                BucketStore shared1 = BucketStores.open("mem://team");
                BucketStore shared2 = BucketStores.open("mem://team")) {
            assertInstanceOf(InMemoryBucketStore.class, fresh1);
            assertNotSame(fresh1, fresh2);
            assertSame(shared1, shared2);
            shared1.create(B, true);
            assertTrue(shared2.exists(B));
            assertFalse(fresh1.exists(B));
            assertEquals("mem", fresh1.scheme());
        }
    }

    @Test
    void faultRecordsRejectBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Fault.failNext(StoreOp.READ, 0, ErrorCode.INTERNAL));
        assertThrows(IllegalArgumentException.class, () -> Fault.latency(StoreOp.READ, Duration.ofMillis(-1)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
