package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Audit rows in bounded segments: what a row costs, how segments roll over, and how the reader merges them. */
class AuditSegmentsTest {
    private static final BucketId AUDIT = BucketId.parse("org/audit");
    private final MutableClock clock = MutableClock.at("2026-06-10T12:00:00Z");
    private final InMemoryBucketStore store = InMemoryBucketStore.create(clock);
    private final CallContext caller = new CallContext(Optional.empty(), "10.0.0.1", "curl/8");

    private static AuditEvent event(int n) {
        return new AuditEvent("agent-1", "/v1/messages", "raw", "", "message_board/" + n, n, 201, Map.of("n", n));
    }

    private List<BucketEntry> segments() {
        return store.listAll(AUDIT, "audit/202606/");
    }

    @Test
    void aSegmentHoldsAtMost512RowsSoARowNeverRewritesTheMonth() {
        AuditLog log = new AuditLog(store, AUDIT, clock);
        for (int n = 0; n < 1300; n++) {
            log.append(event(n), caller);
        }
        List<BucketEntry> segments = segments();
        assertEquals(3, segments.size(), "512 + 512 + 276 rows");
        long largest = segments.stream().mapToLong(BucketEntry::size).max().orElseThrow();
        long month = segments.stream().mapToLong(BucketEntry::size).sum();
        assertTrue(largest * 2 < month, "a commit rewrites one segment, not the month");
        List<String> lines = log.lines("202606");
        assertEquals(1300, lines.size());
        for (int n = 0; n < 1300; n++) {
            assertTrue(lines.get(n).contains("\"n\":" + n + "}"), "row " + n + " out of order: " + lines.get(n));
        }
    }

    @Test
    void aSegmentClosesAt120KibSoThatAFileStoreCarriesItInItsJournalRecord() {
        AuditLog log = new AuditLog(store, AUDIT, clock);
        String wide = "x".repeat(2000); // rows of about 2 KiB: the byte cap closes segments before 512 rows
        for (int n = 0; n < 150; n++) {
            log.append(
                    new AuditEvent("agent-1", "/v1/messages", "raw", wide, "message_board/" + n, n, 201, Map.of()),
                    caller);
        }
        List<BucketEntry> segments = segments();
        assertTrue(segments.size() >= 3, "150 rows of 2 KiB need three segments of at most 120 KiB: " + segments);
        for (BucketEntry segment : segments) {
            assertTrue(segment.size() <= AuditSegments.MAX_BYTES, segment + " exceeds the byte cap");
        }
        assertTrue(AuditSegments.MAX_BYTES < 128 * 1024, "a segment must fit in a file store's journal record");
        assertEquals(150, log.lines("202606").size());
    }

    @Test
    void anOldSegmentIsClosedAfterTenMinutes() {
        AuditLog log = new AuditLog(store, AUDIT, clock);
        log.append(event(1), caller);
        clock.advance(Duration.ofMinutes(10));
        log.append(event(2), caller);
        assertEquals(2, segments().size());
        assertEquals(2, log.lines("202606").size());
    }

    @Test
    void theReaderMergesTheLegacyMonthlyFileSegmentsAndSkipsARepeatedTransaction() {
        store.create(AUDIT, true);
        store.put(
                AUDIT,
                BucketPath.of("audit/202606.jsonl"),
                "{\"ts\":\"old\",\"n\":0}\n".getBytes(StandardCharsets.UTF_8));
        store.put(
                AUDIT,
                BucketPath.of("audit/202606/20260610T110000-aaaaaaaa-000001.jsonl"),
                "{\"ts\":\"a\",\"txn\":\"t1\",\"n\":1}\n{\"ts\":\"b\",\"txn\":\"t2\",\"n\":2}\n"
                        .getBytes(StandardCharsets.UTF_8));
        store.put(
                AUDIT,
                BucketPath.of("audit/202606/20260610T113000-bbbbbbbb-000001.jsonl"),
                "{\"ts\":\"c\",\"txn\":\"t2\",\"recovered\":true}\n{\"ts\":\"d\",\"n\":3}\n"
                        .getBytes(StandardCharsets.UTF_8));
        AuditLog log = new AuditLog(store, AUDIT, clock);
        log.append(event(4), caller);
        List<String> lines = log.lines("202606");
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains("\"n\":0"));
        assertTrue(lines.get(3).contains("\"n\":3"));
        assertTrue(lines.get(4).contains("\"n\":4"));
    }

    @Test
    void aMonthsFilesAreGivenNewestRowsFirstEachWithAnInstantItsRowsAreOlderThan() {
        AuditLog log = new AuditLog(store, AUDIT, clock);
        log.append(event(1), caller);
        clock.advance(Duration.ofMinutes(15)); // past a segment's age: the next row opens a second one
        log.append(event(2), caller);
        store.put(AUDIT, BucketPath.of("audit/202606.jsonl"), bytes("{\"ts\":\"2026-06-29T00:00:00Z\"}\n"));
        store.put(AUDIT, BucketPath.of("audit/202606/copied-by-hand.jsonl"), bytes("{}\n"));

        List<AuditLog.Part> parts = log.durableParts("202606");

        List<String> segments = segments().stream()
                .map(e -> e.path().value())
                .filter(p -> p.startsWith("audit/202606/2026"))
                .toList();
        assertEquals(2, segments.size(), segments.toString());
        assertEquals(
                List.of(
                        new AuditLog.Part(BucketPath.of("audit/202606/copied-by-hand.jsonl"), july()),
                        new AuditLog.Part(BucketPath.of("audit/202606.jsonl"), july()),
                        new AuditLog.Part(
                                BucketPath.of(segments.get(1)), clock.instant().plus(Duration.ofMinutes(20))),
                        new AuditLog.Part(
                                BucketPath.of(segments.get(0)), clock.instant().plus(Duration.ofMinutes(5)))),
                parts,
                "a file not named as a segment, like the reference's, may hold rows of any time of the month");
        assertEquals(1, log.durableLines(parts.get(2)).size());
        assertTrue(log.durableLines(parts.get(2)).getFirst().contains("\"n\":2}"));
        assertEquals(List.of(), log.durableParts("202605"));
    }

    private static java.time.Instant july() {
        return java.time.Instant.parse("2026-07-01T00:00:00Z");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
