package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.testkit.bucket.Fault;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.bucket.StoreOp;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reservations of stamped files: what holds a batch back, and what lets it go (docs/storage-design.md §7a). */
@Timeout(30)
class ReadModelReservationTest {
    private static final String OLDER = "20260601-100000-000_agent-1.md";
    private static final String NEWER = "20260601-100000-001_agent-2.md";

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final InMemoryBucketStore store = InMemoryBucketStore.create(clock);
    private final BucketId central = BucketId.parse("org/central");
    private final ReadModel reads;

    ReadModelReservationTest() {
        store.create(central, false);
        reads = new ReadModel(store, central, clock, Duration.ofSeconds(30), 1 << 20);
    }

    private static BatchOp put(String path) {
        return BatchOp.put(path, "x".getBytes(StandardCharsets.UTF_8));
    }

    private List<String> listed(String prefix) {
        return reads.list(prefix).stream()
                .map(BucketEntry::path)
                .map(p -> p.value())
                .toList();
    }

    @Test
    void aReservationNeitherWrittenNorReleasedHoldsLaterBatchesBackOnlyForItsPatience() {
        reads.reservationPatience(Duration.ofMillis(300));
        reads.reserve("message_board/", OLDER); // a writer that never writes nor releases it
        reads.reserve("message_board/", NEWER);
        long start = System.nanoTime();
        reads.apply(List.of(put("message_board/" + NEWER), put("inbox/agent-3/" + NEWER)));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= 250, "held back for the older reservation's patience, waited " + waitedMs + " ms");
        assertEquals(List.of("message_board/" + NEWER), listed("message_board/"));
        // the stale reservation was dropped: a next batch does not wait for it again
        reads.reserve("message_board/", "20260601-100000-002_agent-2.md");
        start = System.nanoTime();
        reads.apply(List.of(put("message_board/20260601-100000-002_agent-2.md")));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 250);
    }

    @Test
    void namesAreHandedOutInSortingOrderWhateverTheClockDoes() {
        java.time.Instant t = java.time.Instant.parse("2026-06-01T10:00:00Z");
        assertEquals("20260601-100000-000_agent-2.md", reads.reserveNext("message_board/", "agent-2", t));
        // the same millisecond, an author that sorts first: the next millisecond
        assertEquals("20260601-100000-001_agent-1.md", reads.reserveNext("message_board/", "agent-1", t));
        // the same millisecond, an author that sorts after: no need to move
        assertEquals("20260601-100000-001_agent-3.md", reads.reserveNext("results/", "agent-3", t));
        // a clock that went back a second
        assertEquals(
                "20260601-100000-002_agent-1.md", reads.reserveNext("message_board/", "agent-1", t.minusSeconds(1)));
        assertEquals(
                "20260601-100005-000_agent-1.md", reads.reserveNext("message_board/", "agent-1", t.plusSeconds(5)));
    }

    @Test
    void afterARestartNamesSortAfterTheNewestAlreadyThere() {
        // a previous process ran ahead of this clock (a burst, or a clock stepped back since)
        store.apply(
                central,
                List.of(
                        put("message_board/20260601-100010-000_agent-9.md"),
                        put("message_board/README.md"),
                        put("message_board/20990101-000000-000_x/nested.md")));
        java.time.Instant t = java.time.Instant.parse("2026-06-01T10:00:00Z");
        assertEquals("20260601-100010-001_agent-1.md", reads.reserveNext("message_board/", "agent-1", t));
        assertEquals("20260601-100010-001_agent-2.md", reads.reserveNext("message_board/", "agent-2", t));
    }

    @Test
    void aReleasedOrFailedReservationHoldsNothingBack() {
        reads.reserve("message_board/", OLDER);
        reads.release("message_board/", OLDER);
        reads.reserve("results/", OLDER);
        store.faults().inject(Fault.failNext(StoreOp.APPLY, 1, dev.agentcollab.api.error.ErrorCode.UNAVAILABLE));
        assertThrows(CollabException.class, () -> reads.apply(List.of(put("results/" + OLDER))));
        reads.reserve("message_board/", NEWER);
        long start = System.nanoTime();
        reads.apply(List.of(put("message_board/" + NEWER)));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 250);
        assertEquals(List.of("message_board/" + NEWER), listed("message_board/"));
    }

    @Test
    void aListingOfTheStoreHidesAReservedLeafInEveryFolder() {
        store.apply(central, List.of(put("message_board/" + NEWER), put("inbox/agent-3/" + NEWER)));
        reads.reserve("message_board/", NEWER); // committed by its writer, not yet visible
        assertEquals(List.of(), listed("message_board/"));
        assertEquals(List.of(), listed("inbox/agent-3/"));
        reads.release("message_board/", NEWER);
        reads.invalidate();
        assertEquals(List.of("inbox/agent-3/" + NEWER), listed("inbox/agent-3/"));
    }
}
