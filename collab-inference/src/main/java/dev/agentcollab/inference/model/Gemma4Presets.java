package dev.agentcollab.inference.model;

import java.util.List;

/**
 * Published Gemma 4 text-decoder shapes, for planning memory and checking layouts without a checkpoint. The values
 * are those of the official {@code text_config} (google-deepmind/gemma {@code Gemma4_E4B}).
 */
public final class Gemma4Presets {
    private Gemma4Presets() {}

    /**
     * Gemma 4 E4B: 42 layers ({@code [5 sliding, 1 global] x 7}), hidden 2560, MLP 10240, 8/2 heads, head dims
     * 256/512, vocab 262144 (tied), window 512, the last 18 layers KV-shared, per-layer embeddings 256 wide over the
     * full vocabulary, soft-cap 30, eos {1, 106}.
     *
     * @return the config
     */
    public static ModelConfig e4b() {
        return ModelConfig.builder()
                .vocabSize(262_144)
                .hiddenSize(2560)
                .intermediateSize(10_240)
                .heads(8, 2)
                .headDims(256, 512)
                .pattern(42, 5)
                .slidingWindow(512)
                .numKvSharedLayers(18)
                .perLayerInputs(256, 262_144)
                .rope(RopeConfig.of(10_000.0), new RopeConfig(1_000_000.0, 0.25))
                .rmsNormEps(1e-6)
                .finalLogitSoftcap(30.0)
                .tieWordEmbeddings(true)
                .maxPositionEmbeddings(131_072)
                .specialTokens(2, List.of(1, 106))
                .build();
    }
}
