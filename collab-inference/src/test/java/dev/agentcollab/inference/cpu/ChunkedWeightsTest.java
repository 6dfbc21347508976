package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.DefaultGenerator;
import dev.agentcollab.inference.GenerationOptions;
import dev.agentcollab.inference.GenerationResult;
import dev.agentcollab.inference.TinyModels;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.ModelLoader;
import dev.agentcollab.inference.model.ModelWriter;
import dev.agentcollab.inference.model.RandomCheckpoints;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import dev.agentcollab.inference.spec.SpeculativeGenerator;
import dev.agentcollab.inference.spec.SpeculativeOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A model written as a multi-shard set, mapped through tiny windows and held in tiny row chunks gives bit-identical
 * logits, greedy and speculative outputs to the same model from one file, one mapping and unchunked arrays.
 */
class ChunkedWeightsTest {
    private static final int V = 96;
    /** 70 values: 2 rows of the 32-wide embedding, 1 row of the 40-wide PLE table, and single rows elsewhere. */
    private static final RowChunking TINY = new RowChunking(70);

    @TempDir
    Path dir;

    private static ModelConfig config(boolean tied) {
        return TinyModels.target().toBuilder().tieWordEmbeddings(tied).build();
    }

    @ParameterizedTest
    @CsvSource({
        "BF16, F32, true",
        "BF16, BF16, true",
        "F16, F32, true",
        "F16, BF16, false",
        "F32, F32, false",
        "F32, BF16, true",
        "BF16, BF16, false"
    })
    void chunkedShardedWindowedModelIsBitIdenticalToTheUnchunkedOne(DType disk, WeightFormat format, boolean tied) {
        Checkpoint ck = RandomCheckpoints.target(config(tied), new SplittableRandom(40));
        ModelWriter.writeTarget(dir.resolve("one"), ck, disk);
        ModelWriter.writeTargetSharded(dir.resolve("shards"), ck, disk, 3000);
        ModelWriter.writeDrafter(dir.resolve("d"), TinyModels.drafterCheckpoint(41), disk);
        Checkpoint plain = ModelLoader.loadTarget(dir.resolve("one"));
        // windows of 1 KiB cut tensors mid-row; much smaller ones would leave thousands of mappings per load, which the
        // JVM only releases on GC, and the suite's JVM would run into the kernel's map-count limit (vm.max_map_count)
        Checkpoint windowed = ModelLoader.loadTarget(dir.resolve("shards"), 1024);
        DrafterCheckpoint dPlain = ModelLoader.loadDrafter(dir.resolve("d"));
        DrafterCheckpoint dWindowed = ModelLoader.loadDrafter(dir.resolve("d"), 520);
        assertTrue(windowed.tensor(WeightNames.PLE_EMBED).bytes().segmentCount() > 1);
        BackendOptions opts = new BackendOptions(96, 12, 2);
        int[] prompt = TinyModels.prompt(disk.ordinal(), 9);
        try (CpuBackend ref = CpuBackend.open(plain, Optional.of(dPlain), opts, format);
                CpuBackend chunked = CpuBackend.open(windowed, Optional.of(dWindowed), opts, format, TINY)) {
            assertEquals(1, ref.target().plan.get(WeightNames.PLE_EMBED).chunks());
            assertEquals(V, chunked.target().plan.get(WeightNames.PLE_EMBED).chunks(), "one row per chunk");
            assertEquals(V / 2, chunked.target().plan.get(WeightNames.EMBED).chunks(), "two rows per chunk");
            float[] a = new float[9 * V];
            float[] b = new float[9 * V];
            ref.forward(prompt, 9, a, true);
            chunked.forward(prompt, 9, b, true);
            assertArrayEquals(a, b, "logits of every row");
            ref.truncate(0);
            chunked.truncate(0);
            GenerationOptions greedy = GenerationOptions.greedy(30);
            GenerationResult ga = new DefaultGenerator(ref).generate(prompt, greedy, new SplittableRandom(0));
            GenerationResult gb = new DefaultGenerator(chunked).generate(prompt, greedy, new SplittableRandom(0));
            assertEquals(ga.tokens(), gb.tokens());
            assertEquals(ga.logProbs(), gb.logProbs());
            try (SpeculativeGenerator spec = new SpeculativeGenerator(chunked, SpeculativeOptions.of(3))) {
                assertEquals(
                        ga.tokens(),
                        spec.generate(prompt, greedy, new SplittableRandom(0)).tokens());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"BF16, F32", "BF16, BF16", "F16, F32", "F16, BF16", "F32, F32", "F32, BF16"})
    void rowTablesKeepTheCheckpointTypeAndGatherExactRows(DType disk, WeightFormat format) {
        Checkpoint ck = RandomCheckpoints.target(config(false), new SplittableRandom(7));
        ModelWriter.writeTarget(dir.resolve("m"), ck, disk);
        Checkpoint loaded = ModelLoader.loadTarget(dir.resolve("m"), 1000);
        try (CpuBackend b = CpuBackend.open(loaded, Optional.empty(), new BackendOptions(16, 2, 1), format, TINY)) {
            CpuTarget t = b.target();
            EmbeddingTable ple = t.pleEmbed;
            StoredType expected = disk == DType.F16
                    ? StoredType.F16
                    : disk == DType.BF16 || format == WeightFormat.BF16 ? StoredType.BF16 : StoredType.F32;
            assertEquals(expected, ple.placement().type());
            assertEquals(WeightPlacement.Store.ROW_TABLE, ple.placement().store());
            assertInstanceOf(EmbeddingTable.class, t.embed, "untied embedding is gather-only");
            Tensor source = loaded.tensor(WeightNames.PLE_EMBED);
            float[] all = source.toFloats();
            int cols = ple.cols();
            float[] row = new float[cols];
            for (int r = 0; r < ple.rows(); r++) {
                ple.row(r, 0.5f, row, 0);
                for (int i = 0; i < cols; i++) {
                    float v = all[r * cols + i];
                    float stored = expected == StoredType.BF16 ? Float.intBitsToFloat(DType.toBf16(v) << 16) : v;
                    assertEquals(stored * 0.5f, row[i], "row " + r + " col " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"F32", "BF16"})
    void tiedHeadIsOneChunkedMatrixServingGatherAndProducts(WeightFormat format) {
        Checkpoint ck = TinyModels.targetCheckpoint(9);
        try (CpuBackend b = CpuBackend.open(ck, Optional.empty(), new BackendOptions(16, 2, 2), format, TINY)) {
            CpuTarget t = b.target();
            assertSame(t.lmHead, t.embed);
            assertEquals(2, t.lmHead.rowsPerChunk);
            assertEquals(V / 2, t.plan.get(WeightNames.EMBED).chunks());
        }
    }
}
