package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The content cache's bound is on the heap its entries retain, parsed documents included: the estimator's layouts
 * for strings, arrays and maps; a document re-weighs its entry once parsed; and a cache filled far past its bound
 * with parsed documents retains, measured after a full collection, no more than the bound.
 */
@Timeout(120)
class ContentCacheBoundTest {
    private static final int MIB = 1 << 20;

    @Test
    void stringsCountTheirRealCoder() {
        long header = HeapSize.object(1, 6);
        assertEquals(header + HeapSize.bytes(0), HeapSize.string(""));
        assertEquals(header + HeapSize.bytes(1000), HeapSize.string("a".repeat(1000)));
        assertEquals(header + HeapSize.bytes(1000), HeapSize.string("é".repeat(1000)), "Latin-1: one byte a char");
        assertEquals(header + HeapSize.bytes(2000), HeapSize.string("a".repeat(999) + "€"), "UTF-16: two");
        assertEquals(0, HeapSize.bytes(13) % 8, "aligned");
        assertTrue(HeapSize.bytes(13) >= 13 + HeapSize.ARRAY_HEADER);
    }

    @Test
    void mapsCountTheirTableEntriesKeysAndValues() {
        Map<String, Object> small = new LinkedHashMap<>();
        small.put("k", "v");
        Map<String, Object> big = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            big.put("key-" + i, i);
        }
        long entry = HeapSize.object(5, 4);
        assertEquals(
                HeapSize.object(8, 17) + HeapSize.refs(16) + entry + HeapSize.string("k") + HeapSize.string("v"),
                HeapSize.value(small));
        long keysAndValues = 0;
        for (Map.Entry<String, Object> e : big.entrySet()) {
            keysAndValues += entry + HeapSize.string(e.getKey()) + HeapSize.object(0, 4);
        }
        assertEquals(HeapSize.object(8, 17) + HeapSize.refs(256) + keysAndValues, HeapSize.value(big));
        assertEquals(0, HeapSize.value(true), "shared constants count nothing");
        assertTrue(HeapSize.value(List.of("a", List.of(1, 2))) > HeapSize.value(List.of("a")), "nested");
    }

    @Test
    void aDocumentWeighsMoreThanItsRawBytes() {
        Document doc = FrontmatterCodec.parseLenient(message(1, 2000));
        long raw = message(1, 2000).getBytes(StandardCharsets.UTF_8).length;
        long parsed = HeapSize.document(doc);
        assertTrue(parsed > raw, parsed + " <= " + raw);
        Document broken = FrontmatterCodec.parseLenient("---\n: : :\n---\nbody\n");
        assertTrue(broken.parseError().isPresent());
        assertTrue(HeapSize.document(broken)
                > HeapSize.string(broken.body())
                        + HeapSize.string(broken.parseError().get()));
    }

    @Test
    void parsingAnEntryReweighsIt() {
        ContentCache cache = new ContentCache(64L * MIB);
        byte[] bytes = message(7, 3000).getBytes(StandardCharsets.UTF_8);
        ContentCache.Item item = cache.put("messages/a.md@h1", bytes);
        long rawWeight = cache.weightedSize();
        assertEquals(item.weight(), rawWeight);
        assertTrue(rawWeight >= bytes.length + ContentCache.ENTRY_OVERHEAD);

        Document doc = item.doc();

        assertEquals(rawWeight + HeapSize.document(doc), cache.weightedSize());
        assertEquals(item.weight(), cache.weightedSize());
        item.doc();
        assertEquals(item.weight(), cache.weightedSize(), "parsed once, weighed once");
    }

    @Test
    void aCacheFilledPastItsBoundWithParsedDocumentsRetainsAtMostTheBound() {
        long bound = 8L * MIB;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        warmUp();
        ContentCache cache = new ContentCache(bound);
        long rawBytes = 0;
        for (int i = 0; rawBytes < 2 * bound; i++) {
            byte[] bytes = message(i, 500 + (i % 8) * 500).getBytes(StandardCharsets.UTF_8);
            rawBytes += bytes.length;
            cache.put("messages/m-" + i + ".md@" + i, bytes).doc();
        }
        long held = usedAfterGc(memory);
        long estimated = cache.weightedSize();
        boolean oldestEvicted = cache.get("messages/m-0.md@0") == null;
        cache = null; // the baseline is measured with the cache gone
        long retained = held - usedAfterGc(memory);

        assertTrue(estimated <= bound, estimated + " > " + bound);
        assertTrue(
                retained <= bound + bound / 8,
                "retained " + retained / 1024 + " KiB, bound " + bound / 1024 + " KiB, estimated " + estimated / 1024
                        + " KiB");
        assertTrue(
                retained >= estimated / 2,
                "the estimate is not far above the truth: retained " + retained + ", estimated " + estimated);
        assertTrue(oldestEvicted, "the oldest was evicted");
    }

    @Test
    void theEstimateOfParsedDocumentsFollowsTheMeasuredHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        warmUp();
        // The median of three rounds: one round's baseline can move by what other threads of the test JVM free or
        // allocate between its two measurements.
        long[] measured = new long[3];
        long estimated = 0;
        for (int round = 0; round < measured.length; round++) {
            ArrayList<Document> docs = new ArrayList<>();
            estimated = 0;
            for (int i = 0; i < 4000; i++) {
                Document d = FrontmatterCodec.parseLenient(message(i, 200 + (i % 10) * 300));
                docs.add(d);
                estimated += HeapSize.document(d);
            }
            long held = usedAfterGc(memory);
            assertEquals(4000, docs.size());
            long listRefs = HeapSize.refs(docs.size() * 3 / 2);
            docs = null; // the baseline is measured with the documents gone
            measured[round] = held - usedAfterGc(memory) - listRefs;
        }
        Arrays.sort(measured);
        long median = measured[1];

        assertTrue(
                median <= estimated * 11 / 10 && median >= estimated * 7 / 10,
                "measured " + median / 1024 + " KiB (rounds " + Arrays.toString(measured) + " bytes), estimated "
                        + estimated / 1024 + " KiB");
    }

    /** A board message as the service stores it: eight frontmatter keys, a list, a body of about {@code body} chars. */
    static String message(int i, int body) {
        StringBuilder b = new StringBuilder("---\n")
                .append("id: 2026-06-01T10-00-00Z-agent-")
                .append(i % 97)
                .append("-")
                .append(i)
                .append('\n')
                .append("agent_id: agent-")
                .append(i % 97)
                .append('\n')
                .append("created_at: '2026-06-01T10:00:00.123Z'\n")
                .append("channel: general\n")
                .append("type: note\n")
                .append("thread: t-")
                .append(i % 13)
                .append('\n')
                .append("mentions:\n- agent-1\n- agent-2\n")
                .append("score: ")
                .append(i % 1000)
                .append('\n')
                .append("---\n\n");
        String words = "Speculative decoding with a drafter at depth four accepted most tokens; ";
        while (b.length() < body) {
            b.append(words);
        }
        return b.append('\n').toString();
    }

    /**
     * Loads the classes and the one-time state of the codec and the cache (about 2 MiB), which a first measurement
     * in the JVM would otherwise count as the entries'.
     */
    private static void warmUp() {
        ContentCache cache = new ContentCache(MIB);
        for (int i = 0; i < 2000; i++) {
            cache.put("warm-" + i, message(i, 600).getBytes(StandardCharsets.UTF_8))
                    .doc();
        }
    }

    /**
     * The heap in use after full collections. Each test takes its baseline right after it dropped what it measures,
     * not before it built it: other threads of the test JVM (servers of earlier tests winding down) can free memory
     * meanwhile, and a baseline taken before once measured a third of the documents' real size.
     */
    private static long usedAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
