package dev.agentcollab.inference.pair;

import dev.agentcollab.inference.model.DrafterConfig;
import dev.agentcollab.inference.model.LayerType;
import dev.agentcollab.inference.model.ModelConfig;
import java.util.List;

/**
 * The smallest target and drafter shapes with every Gemma 4 shape rule (per-layer embeddings, KV sharing, sliding
 * and global layers, a centroid-head MTP drafter), small enough for a CPU in seconds: the shape of
 * {@code collab bench pair --shape demo}, of the {@code collab demo} submissions and of many tests.
 */
public final class TinyPair {
    /** The vocabulary size of both shapes (a demo tokenizer fits in it). */
    public static final int VOCAB = 512;

    /** The seed of the measured pair that {@link #build()} returns. */
    public static final long SEED = 3;

    private TinyPair() {}

    /**
     * The tiny target: vocabulary {@value #VOCAB}, hidden 64, four layers (sliding, global, sliding, global), the
     * last two reusing the K/V of the first two, per-layer inputs of width 8, sliding window 16.
     *
     * @return the config
     */
    public static ModelConfig target() {
        return ModelConfig.builder()
                .vocabSize(VOCAB)
                .layerTypes(List.of(LayerType.SLIDING, LayerType.GLOBAL, LayerType.SLIDING, LayerType.GLOBAL))
                .numKvSharedLayers(2)
                .perLayerInputs(8, VOCAB)
                .slidingWindow(16)
                .maxPositionEmbeddings(512)
                .build();
    }

    /**
     * The tiny drafter for {@link #target()}: hidden 32, one sliding and one global layer (both reading the
     * target's cache), a centroid head of 16 clusters, top 4 scored.
     *
     * @return the config
     */
    public static DrafterConfig drafter() {
        ModelConfig text = ModelConfig.builder()
                .vocabSize(VOCAB)
                .hiddenSize(32)
                .intermediateSize(64)
                .layerTypes(List.of(LayerType.SLIDING, LayerType.GLOBAL))
                .numKvSharedLayers(2)
                .slidingWindow(16)
                .maxPositionEmbeddings(512)
                .build();
        return new DrafterConfig(text, 64, true, 16, 4);
    }

    /**
     * The measured pair of these shapes: built by {@link AcceptingPairs} for Gemma 4's MTP acceptance profile with
     * the fixed seed {@link #SEED}, so that the drafter really predicts the target (about 0.7 of first draft tokens
     * accepted, falling with the position). Built in memory (calibration and one measured tuning round) in a few
     * seconds.
     *
     * @return the pair
     */
    public static AcceptingPair build() {
        return AcceptingPairs.build(target(), drafter(), AcceptanceProfile.gemma4Mtp(), SEED, 1);
    }
}
