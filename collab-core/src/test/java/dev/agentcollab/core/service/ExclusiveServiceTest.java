package dev.agentcollab.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketStores;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.service.claim.WriterClaim;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.hub.FakeHfHub;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that embeds the service and builds it {@link CollabService.Builder#exclusive exclusive} gets what
 * {@code collab serve} gets: a second service over the same collaboration is refused before it writes anything, and
 * a service whose claim another took over writes nothing more.
 */
@Timeout(60)
class ExclusiveServiceTest {
    private static final BucketPath CLAIM = BucketPath.of(WriterClaim.FILE);
    private static final Duration RENEWAL = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-12-03T10:00:00Z");

    private ServiceHarness exclusive(BucketStore store) {
        return new ServiceHarness(
                store,
                clock,
                ServiceHarness.unlimited(ServiceHarness.ORG, ServiceHarness.SLUG)
                        .build(),
                b -> b.exclusive("lab-backend", RENEWAL));
    }

    @Test
    void aSecondServiceOverTheSameFolderIsRefusedNamingTheFirstUntilItStops() {
        BucketStore store = FileSystemBucketStore.open(dir.resolve("buckets"), clock);
        ServiceHarness first = exclusive(store);
        BucketId audit = first.config.auditBucket();
        String claim = store.readString(audit, CLAIM).orElseThrow();
        assertTrue(claim.contains("\"program\" : \"lab-backend\""), claim);
        assertTrue(claim.contains("\"pid\" : " + ProcessHandle.current().pid()), claim);
        first.service.announce("http://10.0.0.7:8080/");

        CollabException e = assertThrows(CollabException.class, () -> exclusive(store));
        assertEquals(ErrorCode.CONFLICT, e.code());
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "another lab-backend is running over the central bucket " + first.config.centralBucket()
                                        + " (pid " + ProcessHandle.current().pid()),
                e.getMessage());
        assertTrue(e.getMessage().contains("listening on http://10.0.0.7:8080/"), e.getMessage());

        first.service.close();
        assertFalse(store.read(audit, CLAIM).isPresent(), "a clean stop releases the claim");
        ServiceHarness second = exclusive(store);
        assertTrue(store.readString(audit, CLAIM).orElseThrow().contains("lab-backend"));
        second.service.close();
    }

    @Test
    void aSecondServiceOfThisProcessOverTheSameStoreIsRefusedByTheClaim() {
        // no local files to lock: the claim in the audit bucket decides, as for two machines over the Hub
        InMemoryBucketStore store = InMemoryBucketStore.create(clock);
        ServiceHarness first = exclusive(store);
        CollabException e = assertThrows(CollabException.class, () -> exclusive(store));
        assertEquals(ErrorCode.CONFLICT, e.code());
        assertTrue(
                e.getMessage().startsWith("another lab-backend on this machine holds this collaboration"),
                e.getMessage());
        assertFalse(first.service.claimLost().isDone(), "the refused start took nothing from the first");
        first.service.close();
    }

    @Test
    void aServiceWhoseClaimAnotherMachineTookOverWritesNothingMore() throws Exception {
        InMemoryBucketStore store = InMemoryBucketStore.create(clock);
        ServiceHarness h = exclusive(store);
        h.onboard("agent-1");
        h.anonymous().board().post(MessagePost.raw("agent-1", "before the takeover"));
        BucketId audit = h.config.auditBucket();
        String foreign = "{\"claim_id\":\"c9\",\"program\":\"lab-backend\",\"host\":\"gpu-box\",\"pid\":78,"
                + "\"claimed\":\"2026-12-03T10:00:00Z\",\"renewed\":\"2026-12-03T10:00:00Z\"}";
        store.put(audit, CLAIM, foreign.getBytes(StandardCharsets.UTF_8)); // the other machine's takeover

        String reason = h.service.claimLost().get(10, TimeUnit.SECONDS); // at its next renewal
        assertTrue(reason.startsWith("the server on gpu-box (pid 78) took this collaboration over"), reason);
        long before = h.anonymous().board().messages(ListQuery.defaults()).count();
        CollabException e = assertThrows(
                CollabException.class,
                () -> h.anonymous().board().post(MessagePost.raw("agent-1", "after the takeover")));
        assertEquals(ErrorCode.CONFLICT, e.code());
        assertTrue(e.getMessage().contains("no longer holds its collaboration"), e.getMessage());
        assertEquals(
                before, h.anonymous().board().messages(ListQuery.defaults()).count(), "reads go on");

        h.service.close();
        assertEquals(foreign, store.readString(audit, CLAIM).orElseThrow(), "the other's claim is left alone");
    }

    @Test
    void anotherMachinesClaimThatIsNotRenewedIsTakenOverByWallTimeWhateverTheServiceClockSays() {
        InMemoryBucketStore store = InMemoryBucketStore.create(clock); // the service's clock stands still
        BucketId audit = ServiceHarness.unlimited(ServiceHarness.ORG, ServiceHarness.SLUG)
                .build()
                .auditBucket();
        store.create(audit, true);
        String now = java.time.Instant.now().toString();
        store.put(
                audit,
                CLAIM,
                ("{\"claim_id\":\"c7\",\"host\":\"crashed-box\",\"pid\":7,\"claimed\":\"" + now + "\",\"renewed\":\""
                                + now + "\",\"renew_every_s\":1}")
                        .getBytes(StandardCharsets.UTF_8));
        long started = System.nanoTime();
        ServiceHarness h = exclusive(store); // watches four of its periods, then takes it over
        double waited = (System.nanoTime() - started) / 1e9;
        assertTrue(waited >= 3.5, "watched the claim for " + waited + " s");
        assertTrue(store.readString(audit, CLAIM).orElseThrow().contains("lab-backend"));
        h.service.close();
    }

    @Test
    void onHubBucketsTheClaimIsReadBackBeforeTheServiceStarts() {
        try (FakeHfHub hub = FakeHfHub.start()) {
            hub.addUser("organizer", "hf_organizer", java.util.Map.of(ServiceHarness.ORG, "admin"));
            BucketStore store = BucketStores.open(
                    "hf://buckets", java.util.Map.of("endpoint", hub.endpoint().toString(), "token", "hf_organizer"));
            long started = System.nanoTime();
            ServiceHarness h = exclusive(store);
            double took = (System.nanoTime() - started) / 1e9;
            // no local folder to lock: a start waits a second and reads its claim back (two machines at once)
            assertTrue(took >= 1.0, "started in " + took + " s");
            BucketId audit = h.config.auditBucket();
            assertTrue(store.readString(audit, CLAIM).orElseThrow().contains("\"program\" : \"lab-backend\""));
            h.onboard("agent-1");
            h.anonymous().board().post(MessagePost.raw("agent-1", "over the Hub"));
            h.service.close();
            assertFalse(store.read(audit, CLAIM).isPresent(), "released at close");
            store.close();
        }
    }

    @Test
    void aServiceBuiltWithoutAClaimTakesNone() {
        InMemoryBucketStore store = InMemoryBucketStore.create(clock);
        ServiceHarness plain = new ServiceHarness(store, clock);
        ServiceHarness another = new ServiceHarness(store, clock); // the application's own business
        assertFalse(store.read(plain.config.auditBucket(), CLAIM).isPresent());
        assertFalse(plain.service.claimLost().isDone());
        plain.service.close();
        another.service.close();
    }

    @Test
    void theRenewalMustBeASecondOrMore() {
        CollabService.Builder b = CollabService.builder();
        assertThrows(IllegalArgumentException.class, () -> b.exclusive("lab-backend", Duration.ofMillis(500)));
        assertThrows(IllegalArgumentException.class, () -> b.exclusive(" ", WriterClaim.RENEW));
    }
}
