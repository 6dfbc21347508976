package dev.agentcollab.inference;

import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.DrafterConfig;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.RandomCheckpoints;
import dev.agentcollab.inference.spi.BackendOptions;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** Tiny random Gemma-4-shaped models exercising every feature: windows, KV sharing, PLE, two head dims, clusters. */
public final class TinyModels {
    private TinyModels() {}

    /** Target: 5 layers [S,S,G,S,G], window 4, last 2 layers KV-shared, PLE width 8, soft-cap 30. */
    public static ModelConfig target() {
        return ModelConfig.builder()
                .vocabSize(96)
                .hiddenSize(32)
                .intermediateSize(64)
                .heads(4, 2)
                .headDims(8, 16)
                .pattern(5, 2)
                .slidingWindow(4)
                .numKvSharedLayers(2)
                .perLayerInputs(8, 96)
                .maxPositionEmbeddings(512)
                .specialTokens(2, List.of(1))
                .build();
    }

    /** Drafter: 2 KV-shared layers [S,G], 8 clusters of 12 tokens, top-3. */
    public static DrafterConfig drafter() {
        ModelConfig text = ModelConfig.builder()
                .vocabSize(96)
                .hiddenSize(16)
                .intermediateSize(32)
                .heads(2, 2)
                .headDims(8, 16)
                .pattern(2, 1)
                .slidingWindow(4)
                .numKvSharedLayers(2)
                .finalLogitSoftcap(0)
                .maxPositionEmbeddings(512)
                .specialTokens(2, List.of(1))
                .build();
        return new DrafterConfig(text, 32, true, 8, 3);
    }

    public static Checkpoint targetCheckpoint(long seed) {
        return RandomCheckpoints.target(target(), new SplittableRandom(seed));
    }

    public static DrafterCheckpoint drafterCheckpoint(long seed) {
        return RandomCheckpoints.drafter(drafter(), new SplittableRandom(seed));
    }

    /** A CPU backend with target and drafter from one seed. */
    public static CpuBackend backend(long seed, int threads) {
        return CpuBackend.open(
                targetCheckpoint(seed), Optional.of(drafterCheckpoint(seed + 1)), new BackendOptions(160, 12, threads));
    }

    /** A random prompt starting with BOS. */
    public static int[] prompt(long seed, int length) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] p = new int[length];
        p[0] = 2;
        for (int i = 1; i < length; i++) {
            p[i] = 3 + r.nextInt(93);
        }
        return p;
    }
}
