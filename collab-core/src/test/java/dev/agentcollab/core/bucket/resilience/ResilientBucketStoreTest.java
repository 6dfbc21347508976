package dev.agentcollab.core.bucket.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.testkit.bucket.Fault;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.bucket.StoreOp;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks the retry and circuit policy by wrapping the fault-injecting in-memory store. Waits are 1-2 ms. */
class ResilientBucketStoreTest {
    private static final BucketId B = BucketId.parse("org/b");
    private static final BucketPath P = BucketPath.of("a.md");
    private static final ResilienceConfig FAST = ResilienceConfig.ofDefaults()
            .withRetry(3, Duration.ofMillis(1), Duration.ofMillis(2))
            .withCircuit(50f, 100, 100, Duration.ofSeconds(30));

    private final InMemoryBucketStore mem = InMemoryBucketStore.create();
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void bucket() {
        mem.create(B, false);
        mem.put(B, P, "v".getBytes(StandardCharsets.UTF_8));
        mem.faults().resetCounters();
    }

    @Test
    void transientFailuresAreRetriedUntilTheCallSucceeds() {
        ResilientBucketStore store = wrap(FAST);
        mem.faults().inject(Fault.failNext(StoreOp.APPLY, 2, ErrorCode.UNAVAILABLE));
        store.put(B, BucketPath.of("new.md"), "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(3, mem.faults().calls(StoreOp.APPLY));
        assertEquals("x", mem.readString(B, BucketPath.of("new.md")).orElseThrow());
    }

    @Test
    void nonRetryableFailuresAreReturnedAtOnce() {
        ResilientBucketStore store = wrap(FAST);
        mem.faults().inject(Fault.failNext(StoreOp.READ, 1, ErrorCode.INVALID_PATH));
        assertEquals(
                ErrorCode.INVALID_PATH,
                assertThrows(CollabException.class, () -> store.read(B, P)).code());
        assertEquals(1, mem.faults().calls(StoreOp.READ));
        assertEquals(
                ErrorCode.BUCKET_NOT_FOUND,
                assertThrows(CollabException.class, () -> store.read(BucketId.parse("org/none"), P))
                        .code());
    }

    @Test
    void retriesStopAfterMaxAttemptsWithTheLastFailure() {
        ResilientBucketStore store = wrap(FAST);
        mem.faults().inject(Fault.failNext(StoreOp.READ, 10, ErrorCode.TIMEOUT));
        assertEquals(
                ErrorCode.TIMEOUT,
                assertThrows(CollabException.class, () -> store.read(B, P)).code());
        assertEquals(3, mem.faults().calls(StoreOp.READ));
    }

    @Test
    void aShortRetryAfterIsRetriedAndALongOneIsReturnedToTheCaller() {
        ResilientBucketStore store = wrap(FAST.withMaxRetryAfter(Duration.ofSeconds(30)));
        mem.faults().inject(Fault.failNext(StoreOp.LIST, 1, ErrorCode.RATE_LIMITED, Duration.ofMillis(1)));
        assertEquals(1, store.listAll(B, "").size());
        assertEquals(2, mem.faults().calls(StoreOp.LIST));

        mem.faults().resetCounters();
        mem.faults().inject(Fault.failNext(StoreOp.LIST, 1, ErrorCode.RATE_LIMITED, Duration.ofHours(1)));
        CollabException e = assertThrows(CollabException.class, () -> store.listAll(B, ""));
        assertEquals(ErrorCode.RATE_LIMITED, e.code());
        assertEquals(Duration.ofHours(1), e.retryAfter().orElseThrow());
        assertEquals(1, mem.faults().calls(StoreOp.LIST));
    }

    @Test
    void theCircuitOpensOnTransientFailuresAndClosesAfterTheOpenPeriod() {
        ResilienceConfig config = FAST.withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1))
                .withCircuit(50f, 4, 4, Duration.ofSeconds(30));
        ResilientBucketStore store = wrap(config);
        mem.faults().inject(Fault.failNext(StoreOp.READ, 4, ErrorCode.UNAVAILABLE));
        for (int i = 0; i < 4; i++) {
            assertThrows(CollabException.class, () -> store.read(B, P));
        }
        assertEquals(CircuitBreaker.State.OPEN, store.circuitState());

        CollabException rejected = assertThrows(CollabException.class, () -> store.read(B, P));
        assertEquals(ErrorCode.UNAVAILABLE, rejected.code());
        assertInstanceOf(CallNotPermittedException.class, rejected.getCause());
        assertEquals(Duration.ofSeconds(30), rejected.retryAfter().orElseThrow());
        assertEquals(4, mem.faults().calls(StoreOp.READ), "an open circuit must not reach the store");

        clock.advance(Duration.ofSeconds(31));
        assertEquals("v", store.readString(B, P).orElseThrow());
        assertEquals(CircuitBreaker.State.HALF_OPEN, store.circuitState());
    }

    @Test
    void businessErrorsDoNotOpenTheCircuit() {
        ResilientBucketStore store = wrap(FAST.withCircuit(50f, 4, 4, Duration.ofSeconds(30)));
        for (int i = 0; i < 8; i++) {
            assertThrows(CollabException.class, () -> store.create(B, false));
        }
        assertEquals(CircuitBreaker.State.CLOSED, store.circuitState());
    }

    @Test
    void backoffGrowsExponentiallyIsCappedAndHonoursRetryAfter() {
        ResilienceConfig exact = new ResilienceConfig(
                5,
                Duration.ofMillis(100),
                2.0,
                0.0,
                Duration.ofMillis(300),
                Duration.ofSeconds(30),
                50f,
                10,
                10,
                Duration.ofSeconds(1));
        Backoff backoff = new Backoff(exact, new SplittableRandom(7));
        CollabException plain = CollabException.of(ErrorCode.UNAVAILABLE, "down");
        assertEquals(Duration.ofMillis(100), backoff.delay(1, plain));
        assertEquals(Duration.ofMillis(200), backoff.delay(2, plain));
        assertEquals(Duration.ofMillis(300), backoff.delay(3, plain));
        CollabException slowDown =
                CollabException.retryAfter(ErrorCode.RATE_LIMITED, "slow down", Duration.ofSeconds(2));
        assertEquals(Duration.ofSeconds(2), backoff.delay(1, slowDown));
        assertTrue(backoff.shouldRetry(slowDown));
        assertTrue(!backoff.shouldRetry(CollabException.of(ErrorCode.NOT_FOUND, "gone")));
        assertTrue(!backoff.shouldRetry(new IllegalStateException("not ours")));
    }

    @Test
    void backoffJitterStaysWithinTheSpreadAndIsReproducibleWithASeed() {
        ResilienceConfig spread = new ResilienceConfig(
                5,
                Duration.ofMillis(100),
                2.0,
                0.5,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                50f,
                10,
                10,
                Duration.ofSeconds(1));
        CollabException plain = CollabException.of(ErrorCode.UNAVAILABLE, "down");
        Backoff a = new Backoff(spread, new SplittableRandom(11));
        Backoff b = new Backoff(spread, new SplittableRandom(11));
        for (int i = 0; i < 50; i++) {
            Duration d = a.delay(1, plain);
            assertTrue(d.toMillis() >= 50 && d.toMillis() <= 150, "out of spread: " + d);
            assertEquals(d, b.delay(1, plain));
        }
    }

    @Test
    void configRejectsBadValues() {
        assertThrows(
                IllegalArgumentException.class, () -> FAST.withRetry(0, Duration.ofMillis(1), Duration.ofMillis(1)));
        assertThrows(
                IllegalArgumentException.class, () -> FAST.withRetry(2, Duration.ofMillis(5), Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> FAST.withCircuit(0f, 4, 4, Duration.ofSeconds(1)));
    }

    private ResilientBucketStore wrap(ResilienceConfig config) {
        return ResilientBucketStore.wrap(mem, config, clock, new SplittableRandom(1));
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-06-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
