package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.cpu.WeightPlacement.Store;
import dev.agentcollab.inference.model.Gemma4Presets;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.safetensors.DType;
import org.junit.jupiter.api.Test;

/** The storage plan of a real Gemma 4 E4B (computed, not allocated) fits Java arrays and matches hand arithmetic. */
class E4bWeightPlanTest {
    private static final ModelConfig E4B = Gemma4Presets.e4b();

    private static CpuWeightPlan plan(WeightFormat format, RowChunking chunking) {
        return CpuWeightPlan.target(E4B, name -> DType.BF16, format, chunking);
    }

    @Test
    void perLayerEmbeddingsGoToTheRowChunkedStoreInBf16() {
        for (WeightFormat format : WeightFormat.values()) {
            WeightPlacement ple = plan(format, RowChunking.defaults()).get(WeightNames.PLE_EMBED);
            assertEquals(Store.ROW_TABLE, ple.store());
            assertEquals(StoredType.BF16, ple.type(), "the 5.6 GB table never becomes f32");
            assertEquals(262_144, ple.rows());
            assertEquals(42 * 256, ple.cols());
            assertEquals(2_818_572_288L, ple.elements(), "over 2^31 values");
            assertEquals(5_637_144_576L, ple.bytes());
            assertEquals((1 << 30) / 10_752, ple.rowsPerChunk());
            assertEquals(3, ple.chunks());
            assertEquals(262_144 - 2 * 99_864, ple.chunkRows(2));
        }
    }

    @Test
    void tiedHeadIsOneArrayByDefaultAndChunkedWhenChunksAreSmaller() {
        WeightPlacement head = plan(WeightFormat.F32, RowChunking.defaults()).get(WeightNames.EMBED);
        assertEquals(Store.MATRIX, head.store());
        assertEquals(StoredType.F32, head.type());
        assertEquals(671_088_640L, head.elements());
        assertEquals(1, head.chunks());
        WeightPlacement small =
                plan(WeightFormat.BF16, new RowChunking(1 << 28)).get(WeightNames.EMBED);
        assertEquals(StoredType.BF16, small.type());
        assertEquals((1 << 28) / 2560, small.rowsPerChunk());
        assertEquals(3, small.chunks());
    }

    @Test
    void everyChunkFitsOneJavaArrayEvenAtTheLargestChunkLimit() {
        RowChunking max = new RowChunking(RowChunking.MAX_ARRAY_ELEMENTS);
        CpuWeightPlan p = plan(WeightFormat.BF16, max);
        assertEquals(2, p.get(WeightNames.PLE_EMBED).chunks(), "2.8 G values need two arrays at the limit");
        for (WeightPlacement w : p.placements().values()) {
            assertTrue((long) w.rowsPerChunk() * w.cols() <= RowChunking.MAX_ARRAY_ELEMENTS, w.name());
        }
        assertThrows(IllegalArgumentException.class, () -> new RowChunking(RowChunking.MAX_ARRAY_ELEMENTS + 1));
    }

    @Test
    void totalsMatchTheHandCountOfE4bParameters() {
        long linear = 0;
        for (int l = 0; l < 42; l++) {
            long hd = (l + 1) % 6 == 0 ? 512 : 256;
            linear += 2 * 8 * hd * 2560 + 3L * 10_240 * 2560 + 2L * 256 * 2560;
            if (l < 24) {
                linear += 2 * 2 * hd * 2560;
            }
        }
        assertEquals(3_945_267_200L, linear);
        long embed = 262_144L * 2560;
        long ple = 262_144L * 42 * 256;
        long pleProjection = 42L * 256 * 2560;
        CpuWeightPlan bf16 = plan(WeightFormat.BF16, RowChunking.defaults());
        assertEquals(2 * (linear + embed + ple + pleProjection), bf16.totalBytes());
        assertEquals(14_924_906_496L, bf16.totalBytes(), "about 13.9 GiB of heap in bf16");
        CpuWeightPlan f32 = plan(WeightFormat.F32, RowChunking.defaults());
        assertEquals(4 * (linear + embed + pleProjection) + 2 * ple, f32.totalBytes());
        assertEquals(
                42 * 9 - 18 * 2 + 3,
                bf16.placements().size(),
                "embedding, PLE table and projection, 9 matrices per layer, KV-shared layers lack k/v");
        assertEquals(114_688L * 4096, CpuWeightPlan.kvCacheBytes(E4B, 4096));
    }
}
