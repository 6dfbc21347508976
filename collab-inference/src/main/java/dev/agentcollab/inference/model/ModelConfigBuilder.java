package dev.agentcollab.inference.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Mutable builder of {@link ModelConfig}; validation happens in {@link #build()}. Not thread safe. Defaults describe
 * a tiny two-layer model (one sliding, one global layer) with Gemma 4 numerics.
 */
public final class ModelConfigBuilder {
    private int vocabSize = 256;
    private int hiddenSize = 64;
    private int intermediateSize = 128;
    private int numHeads = 4;
    private int numKvHeads = 2;
    private int headDim = 16;
    private int globalHeadDim = 32;
    private List<LayerType> layerTypes = List.of(LayerType.SLIDING, LayerType.GLOBAL);
    private int slidingWindow = 512;
    private int numKvSharedLayers;
    private int hiddenSizePerLayerInput;
    private int vocabSizePerLayerInput;
    private RopeConfig slidingRope = RopeConfig.of(10_000.0);
    private RopeConfig globalRope = new RopeConfig(1_000_000.0, 0.25);
    private double rmsNormEps = 1e-6;
    private double finalLogitSoftcap = 30.0;
    private boolean tieWordEmbeddings = true;
    private int maxPositionEmbeddings = 131_072;
    private int bosTokenId = 2;
    private List<Integer> eosTokenIds = List.of(1);

    ModelConfigBuilder() {}

    ModelConfigBuilder(ModelConfig c) {
        vocabSize = c.vocabSize();
        hiddenSize = c.hiddenSize();
        intermediateSize = c.intermediateSize();
        numHeads = c.numHeads();
        numKvHeads = c.numKvHeads();
        headDim = c.headDim();
        globalHeadDim = c.globalHeadDim();
        layerTypes = c.layerTypes();
        slidingWindow = c.slidingWindow();
        numKvSharedLayers = c.numKvSharedLayers();
        hiddenSizePerLayerInput = c.hiddenSizePerLayerInput();
        vocabSizePerLayerInput = c.vocabSizePerLayerInput();
        slidingRope = c.slidingRope();
        globalRope = c.globalRope();
        rmsNormEps = c.rmsNormEps();
        finalLogitSoftcap = c.finalLogitSoftcap();
        tieWordEmbeddings = c.tieWordEmbeddings();
        maxPositionEmbeddings = c.maxPositionEmbeddings();
        bosTokenId = c.bosTokenId();
        eosTokenIds = c.eosTokenIds();
    }

    /**
     * Sets the vocabulary size.
     *
     * @param v the vocabulary size
     * @return this builder
     */
    public ModelConfigBuilder vocabSize(int v) {
        vocabSize = v;
        return this;
    }

    /**
     * Sets the residual width.
     *
     * @param v the residual width
     * @return this builder
     */
    public ModelConfigBuilder hiddenSize(int v) {
        hiddenSize = v;
        return this;
    }

    /**
     * Sets the MLP width.
     *
     * @param v the MLP width
     * @return this builder
     */
    public ModelConfigBuilder intermediateSize(int v) {
        intermediateSize = v;
        return this;
    }

    /**
     * Sets the head counts.
     *
     * @param heads query heads
     * @param kvHeads key/value heads
     * @return this
     */
    public ModelConfigBuilder heads(int heads, int kvHeads) {
        numHeads = heads;
        numKvHeads = kvHeads;
        return this;
    }

    /**
     * Sets the head dimensions.
     *
     * @param sliding head dim of sliding layers
     * @param global head dim of global layers
     * @return this
     */
    public ModelConfigBuilder headDims(int sliding, int global) {
        headDim = sliding;
        globalHeadDim = global;
        return this;
    }

    /**
     * Sets the layer types, one per layer.
     *
     * @param v the layer types, one per layer
     * @return this builder
     */
    public ModelConfigBuilder layerTypes(List<LayerType> v) {
        layerTypes = List.copyOf(v);
        return this;
    }

    /**
     * Sets Gemma's repeating pattern: {@code slidingPerGlobal} sliding layers then one global layer, repeated, with
     * the last layer forced global.
     *
     * @param layers the layer count
     * @param slidingPerGlobal sliding layers before each global one
     * @return this
     */
    public ModelConfigBuilder pattern(int layers, int slidingPerGlobal) {
        List<LayerType> types = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            boolean global = (l + 1) % (slidingPerGlobal + 1) == 0 || l == layers - 1;
            types.add(global ? LayerType.GLOBAL : LayerType.SLIDING);
        }
        layerTypes = List.copyOf(types);
        return this;
    }

    /**
     * Sets the sliding window.
     *
     * @param v the sliding window
     * @return this builder
     */
    public ModelConfigBuilder slidingWindow(int v) {
        slidingWindow = v;
        return this;
    }

    /**
     * Sets the trailing KV-shared layers.
     *
     * @param v the trailing KV-shared layers
     * @return this builder
     */
    public ModelConfigBuilder numKvSharedLayers(int v) {
        numKvSharedLayers = v;
        return this;
    }

    /**
     * Sets per-layer embeddings.
     *
     * @param width PLE width per layer, 0 for none
     * @param vocab PLE table rows
     * @return this
     */
    public ModelConfigBuilder perLayerInputs(int width, int vocab) {
        hiddenSizePerLayerInput = width;
        vocabSizePerLayerInput = vocab;
        return this;
    }

    /**
     * Sets the RoPE of both layer types.
     *
     * @param sliding sliding-layer RoPE
     * @param global global-layer RoPE
     * @return this
     */
    public ModelConfigBuilder rope(RopeConfig sliding, RopeConfig global) {
        slidingRope = sliding;
        globalRope = global;
        return this;
    }

    /**
     * Sets the RMSNorm epsilon.
     *
     * @param v the RMSNorm epsilon
     * @return this builder
     */
    public ModelConfigBuilder rmsNormEps(double v) {
        rmsNormEps = v;
        return this;
    }

    /**
     * Sets the final logit soft-cap, 0 for none.
     *
     * @param v the final logit soft-cap, 0 for none
     * @return this builder
     */
    public ModelConfigBuilder finalLogitSoftcap(double v) {
        finalLogitSoftcap = v;
        return this;
    }

    /**
     * Sets the whether the output head is the input embedding.
     *
     * @param v the whether the output head is the input embedding
     * @return this builder
     */
    public ModelConfigBuilder tieWordEmbeddings(boolean v) {
        tieWordEmbeddings = v;
        return this;
    }

    /**
     * Sets the longest sequence.
     *
     * @param v the longest sequence
     * @return this builder
     */
    public ModelConfigBuilder maxPositionEmbeddings(int v) {
        maxPositionEmbeddings = v;
        return this;
    }

    /**
     * Sets the special ids.
     *
     * @param bos beginning-of-sequence id
     * @param eos ids that stop generation
     * @return this
     */
    public ModelConfigBuilder specialTokens(int bos, List<Integer> eos) {
        bosTokenId = bos;
        eosTokenIds = List.copyOf(eos);
        return this;
    }

    /**
     * Builds and validates the config.
     *
     * @return the config
     * @throws IllegalArgumentException when a value or combination is invalid
     */
    public ModelConfig build() {
        return new ModelConfig(
                vocabSize,
                hiddenSize,
                intermediateSize,
                numHeads,
                numKvHeads,
                headDim,
                globalHeadDim,
                layerTypes,
                slidingWindow,
                numKvSharedLayers,
                hiddenSizePerLayerInput,
                vocabSizePerLayerInput,
                slidingRope,
                globalRope,
                rmsNormEps,
                finalLogitSoftcap,
                tieWordEmbeddings,
                maxPositionEmbeddings,
                bosTokenId,
                eosTokenIds);
    }
}
