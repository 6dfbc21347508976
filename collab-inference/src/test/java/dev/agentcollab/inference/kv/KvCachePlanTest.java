package dev.agentcollab.inference.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.model.Gemma4Presets;
import dev.agentcollab.inference.model.LayerType;
import dev.agentcollab.inference.model.ModelConfig;
import org.junit.jupiter.api.Test;

/** K/V sizes for E4B's shape (the figures in docs/inference-cpu.md) and the ring's rollback bound. */
class KvCachePlanTest {
    private static final ModelConfig E4B = Gemma4Presets.e4b();

    @Test
    void e4bFullLengthCachesCost114688BytesPerPosition() {
        KvCachePlan full = new KvCachePlan(E4B, 4096, 16, KvCacheLayout.FULL);
        assertEquals(114_688L * 4096, full.bytes(Float.BYTES), "0.47 GB at 4 096 positions");
        assertEquals(20L * 4096 * 4096, full.bytes(Float.BYTES, LayerType.SLIDING));
        assertEquals(114_688L * 131_072, new KvCachePlan(E4B, 131_072, 16, KvCacheLayout.FULL).bytes(Float.BYTES));
    }

    @Test
    void e4bRingsKeep529SlotsPerSlidingLayerAndGlobalLayersEveryPosition() {
        KvCachePlan ring = new KvCachePlan(E4B, 131_072, 16, KvCacheLayout.RING);
        assertEquals(513, ring.slidingKeys(), "the drafter reads W + 1 keys");
        assertEquals(529, ring.slidingCapacity());
        for (int l = 0; l < E4B.numLayers(); l++) {
            int expected = !E4B.ownsKv(l) ? 0 : E4B.layerType(l) == LayerType.SLIDING ? 529 : 131_072;
            assertEquals(expected, ring.capacity(l), "layer " + l);
        }
        assertEquals(529, ring.minCapacity());
        long sliding = 20L * 2 * 2 * 256 * 4 * 529;
        long global = 4L * 2 * 2 * 512 * 4 * 131_072;
        assertEquals(sliding, ring.bytes(Float.BYTES, LayerType.SLIDING));
        assertEquals(global, ring.bytes(Float.BYTES, LayerType.GLOBAL));
        assertEquals(4_338_302_976L, ring.bytes(Float.BYTES));
        assertEquals(sliding / 2 + global / 2, ring.bytes(2), "a 16-bit cache would halve it");
    }

    @Test
    void aRingNeverExceedsTheFullLength() {
        KvCachePlan small = new KvCachePlan(E4B, 300, 16, KvCacheLayout.RING);
        assertEquals(300, small.slidingCapacity());
        assertEquals(small.bytes(4), new KvCachePlan(E4B, 300, 16, KvCacheLayout.FULL).bytes(4));
    }

    @Test
    void badSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new KvCachePlan(E4B, 0, 1, KvCacheLayout.RING));
        assertThrows(IllegalArgumentException.class, () -> new KvCachePlan(E4B, 8, 9, KvCacheLayout.RING));
        assertThrows(NullPointerException.class, () -> new KvCachePlan(E4B, 8, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new KvCachePlan(E4B, 8, 1, KvCacheLayout.RING).bytes(0));
    }

    @Test
    void retentionAllowsRollbackOverTheLatestForwardAndRefusesBeyondTheRing() {
        KvRetention r = new KvRetention(new KvCachePlan(E4B, 4096, 16, KvCacheLayout.RING)); // 529 slots, 513 keys
        r.written(2000);
        assertEquals(2000 - 529, r.oldest());
        r.checkRollback(1984); // the start of a 16-row forward: needs 1471..1983
        r.checkRollback(2000 - 16 + 1);
        CollabException e = assertThrows(CollabException.class, () -> r.checkRollback(1983));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains("1470"), e.getMessage());
        r.written(1990); // a shorter rewrite after a rollback keeps the older floor
        assertEquals(2000 - 529, r.oldest());
        r.checkRollback(0);
        assertEquals(0, r.oldest(), "a new sequence forgets the history");
        r.checkRollback(0);
    }

    @Test
    void fullLengthCachesAllowAnyRollback() {
        KvRetention r = new KvRetention(new KvCachePlan(E4B, 4096, 16, KvCacheLayout.FULL));
        r.written(4096);
        assertEquals(0, r.oldest());
        r.checkRollback(1);
    }

    @Test
    void theMemoryTablePrintsE4bAtThreeLengths() {
        String t = KvMemoryTable.table(E4B, 16, Float.BYTES, KvMemoryTable.LENGTHS);
        String[] lines = t.split("\n");
        assertEquals(5, lines.length, t);
        assertTrue(lines[0].contains("529 slots"), lines[0]);
        assertTrue(lines[2].startsWith("| 4,096 | 0.336 GB | 0.043 GB | 0.134 GB | 0.470 GB"), lines[2]);
        assertTrue(lines[4].contains("15.032 GB") && lines[4].contains("4.338 GB") && lines[4].endsWith("3.47x |"), t);
    }
}
