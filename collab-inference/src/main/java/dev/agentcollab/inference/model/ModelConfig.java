package dev.agentcollab.inference.model;

import java.util.List;
import java.util.Objects;

/**
 * Shape and numerics of a Gemma-4-style decoder (the speculative target, and, inside {@link DrafterConfig}, the
 * drafter's own layers). Mirrors the HF {@code text_config} of {@code gemma4}: two head dimensions (sliding vs global
 * layers), a sliding-window pattern, KV sharing of the last {@code numKvSharedLayers} layers (each reuses the cache of
 * the last non-shared layer of its type), optional per-layer embeddings (PLE), tied embeddings, a final logit
 * soft-cap, RMSNorm whose weight multiplies directly, and per-type RoPE.
 *
 * <p>Build one with {@link #builder()}; {@link HfConfigReader} reads it from {@code config.json}.
 *
 * @param vocabSize the vocabulary size
 * @param hiddenSize the residual width
 * @param intermediateSize the gated MLP width
 * @param numHeads query heads per layer
 * @param numKvHeads key/value heads per layer (divides {@code numHeads})
 * @param headDim head dimension of sliding layers
 * @param globalHeadDim head dimension of global layers
 * @param layerTypes the attention type of each layer (its size is the layer count; the last layer is global)
 * @param slidingWindow positions a sliding layer attends to, the current one included
 * @param numKvSharedLayers how many trailing layers reuse an earlier layer's K/V (0 = none)
 * @param hiddenSizePerLayerInput PLE width per layer (0 = no per-layer embeddings)
 * @param vocabSizePerLayerInput PLE table rows (0 when there is no PLE)
 * @param slidingRope RoPE of sliding layers
 * @param globalRope RoPE of global layers
 * @param rmsNormEps RMSNorm epsilon
 * @param finalLogitSoftcap soft-cap {@code c} of {@code c*tanh(logit/c)}; 0 disables it
 * @param tieWordEmbeddings whether the output head is the input embedding
 * @param maxPositionEmbeddings the longest supported sequence
 * @param bosTokenId the beginning-of-sequence id
 * @param eosTokenIds ids that end generation
 */
public record ModelConfig(
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHeads,
        int numKvHeads,
        int headDim,
        int globalHeadDim,
        List<LayerType> layerTypes,
        int slidingWindow,
        int numKvSharedLayers,
        int hiddenSizePerLayerInput,
        int vocabSizePerLayerInput,
        RopeConfig slidingRope,
        RopeConfig globalRope,
        double rmsNormEps,
        double finalLogitSoftcap,
        boolean tieWordEmbeddings,
        int maxPositionEmbeddings,
        int bosTokenId,
        List<Integer> eosTokenIds) {

    /** Validates every field and the cross-field rules (head grouping, KV-sharing sources exist). */
    public ModelConfig {
        positive("vocabSize", vocabSize);
        positive("hiddenSize", hiddenSize);
        positive("intermediateSize", intermediateSize);
        positive("numHeads", numHeads);
        positive("numKvHeads", numKvHeads);
        positive("headDim", headDim);
        positive("globalHeadDim", globalHeadDim);
        positive("slidingWindow", slidingWindow);
        positive("maxPositionEmbeddings", maxPositionEmbeddings);
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException(
                    "numHeads must be a multiple of numKvHeads, but was " + numHeads + "/" + numKvHeads);
        }
        if (headDim % 2 != 0 || globalHeadDim % 2 != 0) {
            throw new IllegalArgumentException("head dimensions must be even");
        }
        layerTypes = List.copyOf(Objects.requireNonNull(layerTypes, "layerTypes"));
        if (layerTypes.isEmpty()) {
            throw new IllegalArgumentException("layerTypes must not be empty");
        }
        if (numKvSharedLayers < 0 || numKvSharedLayers > layerTypes.size()) {
            throw new IllegalArgumentException(
                    "numKvSharedLayers must be in [0, layers], but was " + numKvSharedLayers);
        }
        if (hiddenSizePerLayerInput < 0 || vocabSizePerLayerInput < 0) {
            throw new IllegalArgumentException("PLE sizes must be >= 0");
        }
        if (hiddenSizePerLayerInput > 0 && vocabSizePerLayerInput == 0) {
            throw new IllegalArgumentException("vocabSizePerLayerInput must be > 0 when PLE is used");
        }
        if (hiddenSizePerLayerInput > 0 && vocabSizePerLayerInput < vocabSize) {
            // HF indexes embed_tokens_per_layer with the token id itself: a smaller table cannot serve every token
            throw new IllegalArgumentException("vocabSizePerLayerInput must be >= vocabSize (" + vocabSize
                    + ") when PLE is used, but was " + vocabSizePerLayerInput);
        }
        Objects.requireNonNull(slidingRope, "slidingRope");
        Objects.requireNonNull(globalRope, "globalRope");
        if (!(rmsNormEps > 0.0)) {
            throw new IllegalArgumentException("rmsNormEps must be > 0, but was " + rmsNormEps);
        }
        if (!(finalLogitSoftcap >= 0.0) || Double.isInfinite(finalLogitSoftcap)) {
            throw new IllegalArgumentException("finalLogitSoftcap must be >= 0, but was " + finalLogitSoftcap);
        }
        eosTokenIds = List.copyOf(Objects.requireNonNull(eosTokenIds, "eosTokenIds"));
        for (int id : eosTokenIds) {
            tokenId("eosTokenIds", id, vocabSize);
        }
        tokenId("bosTokenId", bosTokenId, vocabSize);
        int first = layerTypes.size() - numKvSharedLayers;
        if (numKvSharedLayers > 0 && first > 0) {
            for (int l = first; l < layerTypes.size(); l++) {
                if (lastOwner(layerTypes, first, layerTypes.get(l)) < 0) {
                    throw new IllegalArgumentException("shared layer " + l + " (" + layerTypes.get(l)
                            + ") has no earlier non-shared layer of the same type");
                }
            }
        }
    }

    /**
     * A builder starting from small defaults (a 2-layer model); every setter validates at {@link ModelConfigBuilder#build()}.
     *
     * @return a new builder
     */
    public static ModelConfigBuilder builder() {
        return new ModelConfigBuilder();
    }

    /**
     * A builder holding this config's values.
     *
     * @return a new builder
     */
    public ModelConfigBuilder toBuilder() {
        return new ModelConfigBuilder(this);
    }

    /**
     * The number of decoder layers.
     *
     * @return {@code layerTypes().size()}
     */
    public int numLayers() {
        return layerTypes.size();
    }

    /**
     * The attention type of a layer.
     *
     * @param layer the layer index
     * @return its type
     */
    public LayerType layerType(int layer) {
        return layerTypes.get(layer);
    }

    /**
     * The head dimension of a layer.
     *
     * @param layer the layer index
     * @return {@link #headDim()} for sliding layers, {@link #globalHeadDim()} for global ones
     */
    public int headDim(int layer) {
        return layerTypes.get(layer) == LayerType.SLIDING ? headDim : globalHeadDim;
    }

    /**
     * The RoPE parameters of a layer.
     *
     * @param layer the layer index
     * @return the sliding or global RoPE
     */
    public RopeConfig rope(int layer) {
        return layerTypes.get(layer) == LayerType.SLIDING ? slidingRope : globalRope;
    }

    /**
     * The index of the first layer that reuses another layer's K/V.
     *
     * @return {@code numLayers() - numKvSharedLayers()}
     */
    public int firstSharedLayer() {
        return layerTypes.size() - numKvSharedLayers;
    }

    /**
     * Whether a layer computes and caches its own K/V.
     *
     * @param layer the layer index
     * @return {@code true} below {@link #firstSharedLayer()}
     */
    public boolean ownsKv(int layer) {
        return layer < firstSharedLayer();
    }

    /**
     * The layer whose K/V cache a layer reads: itself if it owns K/V, otherwise the last non-shared layer of the same
     * type (for E4B: sliding layers 24+ read layer 22, global ones layer 23).
     *
     * @param layer the layer index
     * @return the source layer index
     */
    public int kvSourceLayer(int layer) {
        return ownsKv(layer) ? layer : lastOwner(layerTypes, firstSharedLayer(), layerTypes.get(layer));
    }

    /**
     * The last layer of a type that owns its K/V; the cache a KV-shared drafter layer of that type reads.
     *
     * @param type the layer type
     * @return the layer index, or -1 when no owning layer has that type
     */
    public int lastKvOwner(LayerType type) {
        return lastOwner(layerTypes, firstSharedLayer(), type);
    }

    /**
     * Whether the model has per-layer embeddings.
     *
     * @return {@code hiddenSizePerLayerInput() > 0}
     */
    public boolean hasPerLayerInputs() {
        return hiddenSizePerLayerInput > 0;
    }

    private static int lastOwner(List<LayerType> types, int firstShared, LayerType type) {
        for (int l = firstShared - 1; l >= 0; l--) {
            if (types.get(l) == type) {
                return l;
            }
        }
        return -1;
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, but was " + value);
        }
    }

    private static void tokenId(String name, int id, int vocab) {
        if (id < 0 || id >= vocab) {
            throw new IllegalArgumentException(name + " must be in [0, " + vocab + "), but was " + id);
        }
    }
}
