package dev.agentcollab.core.service.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.status.ServiceStatus;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.core.bucket.resilience.ResilienceConfig;
import dev.agentcollab.core.bucket.resilience.ResilientBucketStore;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.ServiceHarness;
import dev.agentcollab.testkit.bucket.Fault;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.bucket.StoreOp;
import dev.agentcollab.testkit.time.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/status}: what needs an organizer's attention, for organizers only. */
class StatusReportTest {
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final AtomicBoolean auditDown = new AtomicBoolean();
    private final AtomicReference<Optional<String>> deployment = new AtomicReference<>(Optional.empty());
    private final ServiceHarness h = new ServiceHarness(
            new ForwardingBucketStore(InMemoryBucketStore.create(clock)) {
                @Override
                public void apply(BucketId bucket, List<? extends BatchOp> ops) {
                    if (bucket.name().endsWith("-audit") && auditDown.get()) {
                        throw CollabException.of(ErrorCode.UNAVAILABLE, "No space left on device");
                    }
                    super.apply(bucket, ops);
                }
            },
            clock,
            CollabConfig.custom(ServiceHarness.ORG, ServiceHarness.SLUG).build(),
            b -> b.healthCheck(deployment::get)
                    .healthCheck(() -> deployment.get().map(p -> {
                        throw new IllegalStateException("a broken check");
                    })));

    @AfterEach
    void stop() {
        h.service.close();
    }

    @Test
    void anOrganizerSeesAHealthyServiceAndOthersAreRefused() {
        ServiceStatus ok = h.as("tok-alice").status();
        assertTrue(ok.healthy(), ok.toString());
        assertEquals(List.of(), ok.problems());
        assertEquals(Instant.parse("2026-06-01T10:00:00Z"), ok.startedAt());
        assertEquals("mem", ok.storeScheme());
        assertEquals("none", ok.storeCircuit());
        assertEquals(0, ok.auditRowsKept());
        assertEquals(Optional.empty(), ok.auditFailingSince());
        assertTrue(ok.heapUsedBytes() > 0 && ok.heapMaxBytes() >= ok.heapUsedBytes(), ok.toString());

        assertEquals(
                ErrorCode.NOT_ORGANIZER,
                assertThrows(CollabException.class, () -> h.as("tok-bob").status())
                        .code());
        assertEquals(
                ErrorCode.UNAUTHORIZED,
                assertThrows(CollabException.class, () -> h.anonymous().status())
                        .code());
    }

    @Test
    void failingAuditWritesAndTheDeploymentsChecksAreListedUntilTheyRecover() {
        h.onboard("agent-1", 1);
        h.service.context().audit().flush();
        auditDown.set(true);
        clock.advance(Duration.ofMinutes(1));
        h.anonymous().board().post(MessagePost.raw("agent-1", "while the audit bucket is full"));
        h.service.context().audit().flush();
        deployment.set(Optional.of("jobs cannot run yet: no shared_resources/harness/data/prompts.jsonl"));

        ServiceStatus down = h.as("tok-alice").status();
        assertFalse(down.healthy());
        assertEquals(3, down.problems().size(), down.problems().toString());
        assertTrue(
                down.problems().get(0).startsWith("audit rows are not being written since 2026-06-01T10:01:00Z"),
                down.problems().get(0));
        assertTrue(
                down.problems().get(0).endsWith("No space left on device"),
                down.problems().get(0));
        assertEquals(
                "jobs cannot run yet: no shared_resources/harness/data/prompts.jsonl",
                down.problems().get(1));
        assertTrue(
                down.problems().get(2).startsWith("a health check failed: "),
                down.problems().get(2));
        assertTrue(down.auditRowsKept() >= 1, down.toString());
        assertEquals(Optional.of(Instant.parse("2026-06-01T10:01:00Z")), down.auditFailingSince());

        auditDown.set(false);
        deployment.set(Optional.empty());
        h.service.context().audit().flush();
        ServiceStatus again = h.as("tok-alice").status();
        assertTrue(again.healthy(), again.toString());
        assertEquals(0, again.auditRowsKept());
        assertEquals(Optional.empty(), again.auditFailingSince());
    }

    @Test
    void aBucketStoreWhoseCircuitIsOpenIsAProblem() {
        InMemoryBucketStore mem = InMemoryBucketStore.create(clock);
        ResilientBucketStore store = ResilientBucketStore.wrap(
                mem,
                ResilienceConfig.ofDefaults()
                        .withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1))
                        .withCircuit(50f, 4, 4, Duration.ofSeconds(30)),
                Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC),
                new SplittableRandom(1));
        ServiceHarness paused = new ServiceHarness(store, clock);
        try {
            assertEquals("closed", paused.as("tok-alice").status().storeCircuit());
            BucketId central = paused.config.centralBucket();
            mem.faults().inject(Fault.failNext(StoreOp.READ, 4, ErrorCode.UNAVAILABLE));
            for (int i = 0; i < 4; i++) {
                assertThrows(CollabException.class, () -> store.read(central, BucketPath.of("x.md")));
            }
            ServiceStatus open = paused.as("tok-alice").status();
            assertEquals("open", open.storeCircuit());
            assertEquals(
                    List.of("the mem bucket store failed repeatedly: its calls are paused (circuit open), so writes"
                            + " are answered 503 UNAVAILABLE"),
                    open.problems());
        } finally {
            paused.service.close();
        }
    }
}
