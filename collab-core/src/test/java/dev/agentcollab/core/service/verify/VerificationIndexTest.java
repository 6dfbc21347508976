package dev.agentcollab.core.service.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VerificationIndexTest {
    private static final BucketId CENTRAL = BucketId.parse("org/collab-main-bucket");
    private static final BucketId AUDIT = BucketId.parse("org/audit");
    private static final BucketPath INDEX = BucketPath.of(VerificationIndex.PATH);
    private static final String F1 = "20260601-100000-000_agent-1.md";
    private static final String F2 = "20260601-110000-000_agent-2.md";

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private BucketStore store;
    private VerificationIndex index;

    @BeforeEach
    void setUp() {
        store = InMemoryBucketStore.create(clock);
        store.create(CENTRAL, true);
        store.create(AUDIT, true);
        index = new VerificationIndex(store, CENTRAL, AUDIT, "verification_runs", clock);
    }

    private String text() {
        return store.readString(CENTRAL, INDEX).orElseThrow();
    }

    private void humanWrites(String json) {
        store.put(CENTRAL, INDEX, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void generationsTellWhichEntriesOwnWritesSetAndWhenAnEditCameBetween() {
        Map<String, String> empty = index.read();
        assertEquals(-1, index.generationOf(empty), "no file: nothing parsed or written");
        index.markPending(F1);
        Map<String, String> first = index.read();
        long g1 = index.generationOf(first);
        index.markPending(F2);
        index.setVerdict(F1, "valid", "bot", Map.of());
        Map<String, String> third = index.read();
        long g3 = index.generationOf(third);
        assertTrue(g3 > g1);
        assertEquals(-1, index.generationOf(first), "an older map is no longer the latest content");
        assertEquals(Optional.of(java.util.Set.of(F1, F2)), index.changedBetween(g1, g3));
        assertEquals(Optional.of(java.util.Set.of()), index.changedBetween(g3, g3));
        assertEquals(Optional.empty(), index.changedBetween(-1, g3));

        humanWrites("{\"" + F1 + "\": \"invalid\", \"" + F2 + "\": \"pending\"}");
        String f3 = "20260601-120000-000_agent-3.md";
        index.markPending(f3);
        long g5 = index.generationOf(index.read());
        assertEquals(Optional.empty(), index.changedBetween(g3, g5), "the human's edit came between");
        long edited = g5 - 1; // the human's content, parsed by the mark's read
        assertEquals(Optional.of(java.util.Set.of(f3)), index.changedBetween(edited, g5));
    }

    @Test
    void markPendingInsertsSortedPrettyJsonAndNeverClobbers() {
        assertTrue(index.markPending(F2));
        assertTrue(index.markPending(F1));
        assertEquals("{\n  \"" + F1 + "\": \"pending\",\n  \"" + F2 + "\": \"pending\"\n}\n", text());
        humanWrites("{\"" + F1 + "\": \"valid\", \"" + F2 + "\": \"pending\"}");
        assertFalse(index.markPending(F1));
        assertEquals("valid", index.stateOf(F1));
        assertEquals("pending", index.stateOf("20260601-120000-000_agent-3.md"));
    }

    @Test
    void ownWritesKeepTheFileTheSortedRenderingAfterAHumansEditInAnotherFormat() {
        index.markPending(F2);
        index.markPending(F1);
        // A human saves the index compact, with a number and an entry the service never wrote.
        humanWrites("{\"" + F2 + "\": \"valid\", \"" + F1 + "\": 3, \"z-hand.md\": \"invalid\"}");
        String f0 = "20260601-090000-000_agent-0.md";
        String f9 = "20260601-230000-000_agent-9.md";
        index.markPending(f9); // after the last entry... of the service's; before the human's "z-hand.md"
        assertEquals(PrettyJson.write(index.read()) + "\n", text(), "the edit is rendered whole once");
        index.markPending(f0);
        index.setVerdict(f9, "valid", "verifier", Map.of());
        index.markPending("zz-last.md");
        index.setVerdict(f0, "invalid", "verifier", Map.of());
        assertEquals(
                "{\n  \"" + f0 + "\": \"invalid\",\n  \"" + F1 + "\": \"3\",\n  \"" + F2 + "\": \"valid\",\n  \"" + f9
                        + "\": \"valid\",\n  \"z-hand.md\": \"invalid\",\n  \"zz-last.md\": \"pending\"\n}\n",
                text());
        VerificationIndex fresh = new VerificationIndex(store, CENTRAL, AUDIT, "verification_runs", clock);
        assertEquals(index.read(), fresh.read(), "what another reader parses is what the writer holds");
    }

    @Test
    void anUnparseableIndexIsNeverOverwritten() {
        humanWrites("{ this is not json");
        assertFalse(index.markPending(F1));
        assertEquals(VerificationIndex.Outcome.SKIPPED, index.setVerdict(F1, "valid", "verifier", Map.of()));
        assertEquals("{ this is not json", text());
        assertEquals(Map.of(), index.read(), "unreadable reads as all pending");
        humanWrites("[1, 2]");
        assertFalse(index.markPending(F1));
        assertEquals("[1, 2]", text());
    }

    @Test
    void verdictWritesOverPendingAndRecordsThePrivateLedger() {
        index.markPending(F1);
        assertEquals(
                VerificationIndex.Outcome.WRITTEN,
                index.setVerdict(F1, "valid", "verifier", Map.of("rerun_score", 10.2)));
        assertEquals("valid", index.stateOf(F1));
        assertEquals(Optional.of("valid"), index.ledgerState(F1));
        String ledger = store.readString(AUDIT, BucketPath.of("verification_runs/" + F1 + "/verdict.json"))
                .orElseThrow();
        assertTrue(ledger.contains("\"by\": \"verifier\"") && ledger.contains("\"rerun_score\": 10.2"), ledger);
    }

    @Test
    void aHumanVerdictIsNeverOverwrittenByTheVerifier() {
        humanWrites("{\"" + F1 + "\": \"invalid\"}");
        assertEquals(VerificationIndex.Outcome.DEFERRED, index.setVerdict(F1, "valid", "verifier", Map.of()));
        assertEquals("invalid", index.stateOf(F1));
        assertTrue(index.ledgerState(F1).isEmpty());
    }

    @Test
    void theVerifierMayRevisitItsOwnVerdictButNotOneAHumanChanged() {
        assertEquals(VerificationIndex.Outcome.WRITTEN, index.setVerdict(F1, "invalid", "verifier", Map.of()));
        assertEquals(VerificationIndex.Outcome.WRITTEN, index.setVerdict(F1, "valid", "verifier", Map.of()));
        assertEquals("valid", index.stateOf(F1));
        humanWrites("{\"" + F1 + "\": \"invalid\"}");
        assertEquals(VerificationIndex.Outcome.DEFERRED, index.setVerdict(F1, "valid", "verifier", Map.of()));
        assertEquals("invalid", index.stateOf(F1));
    }

    @Test
    void anOrganizersVerdictOverrulesTheVerifierWhichThenDefersToIt() {
        assertEquals(VerificationIndex.Outcome.WRITTEN, index.setVerdict(F1, "valid", "verifier", Map.of()));
        // the organizer's verdict equals nothing the verifier wrote: the verifier's own last "valid" no longer counts
        assertEquals("valid", index.setHumanVerdict(F1, "invalid", "human-alice", "the input was presorted"));
        assertEquals("invalid", index.stateOf(F1));
        assertTrue(index.ledgerState(F1).isEmpty(), "the ledger's last record is the organizer's");
        assertEquals(Optional.of("the input was presorted"), index.ledgerReason(F1, "invalid"));
        assertEquals(VerificationIndex.Outcome.DEFERRED, index.setVerdict(F1, "valid", "verifier", Map.of()));
        assertEquals("invalid", index.stateOf(F1));
        // a verdict equal to the verifier's earlier one is the organizer's too
        assertEquals("invalid", index.setHumanVerdict(F1, "valid", "human-alice", "re-ran it myself"));
        assertEquals(VerificationIndex.Outcome.DEFERRED, index.setVerdict(F1, "invalid", "verifier", Map.of()));
        // reopened, the result is the verifier's to judge again
        assertEquals("valid", index.setHumanVerdict(F1, "pending", "human-alice", "new data"));
        assertEquals(VerificationIndex.Outcome.WRITTEN, index.setVerdict(F1, "invalid", "verifier", Map.of()));
        assertEquals("invalid", index.stateOf(F1));
        String ledger = store.readString(AUDIT, BucketPath.of("verification_runs/" + F1 + "/verdict.json"))
                .orElseThrow();
        assertTrue(ledger.contains("\"by\": \"verifier\""), ledger);
    }

    @Test
    void anOrganizersVerdictNeverOverwritesAnUnreadableIndex() {
        humanWrites("{ this is not json");
        CollabException e =
                assertThrows(CollabException.class, () -> index.setHumanVerdict(F1, "valid", "human-alice", "checked"));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals(
                "{ this is not json",
                store.readString(CENTRAL, BucketPath.of(VerificationIndex.PATH)).orElseThrow());
    }

    @Test
    void concurrentPromotionsLoseNoEntry() throws Exception {
        VerificationIndex other = new VerificationIndex(store, CENTRAL, AUDIT, "verification_runs", clock);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                String f = String.format("20260601-1000%02d-000_agent-%d.md", i, i);
                VerificationIndex idx = i % 2 == 0 ? index : other;
                futures.add(pool.submit(() -> {
                    start.await();
                    return idx.markPending(f);
                }));
            }
            start.countDown();
            for (Future<Boolean> f : futures) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(40, index.read().size());
    }
}
