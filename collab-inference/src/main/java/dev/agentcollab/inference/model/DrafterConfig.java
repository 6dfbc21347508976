package dev.agentcollab.inference.model;

import java.util.Objects;

/**
 * Shape of a Gemma 4 MTP drafter ({@code gemma4_assistant}). The drafter has no K/V of its own: each of its layers
 * queries the target's cache of the last K/V-owning target layer of the same type. Its input is the target's scaled
 * token embedding concatenated with the target's last hidden state ({@code 2 * backboneHiddenSize} wide), projected
 * down by {@code pre_projection}; {@code post_projection} maps its final hidden state back to the backbone width for
 * the next draft step. With {@code useOrderedEmbeddings} the output head scores only the tokens of the
 * {@code centroidTopK} best of {@code numCentroids} clusters.
 *
 * @param text the drafter's own layer stack (every layer KV-shared, no PLE; a {@code finalLogitSoftcap} here is
 *     ignored, as HF's assistant never soft-caps its logits)
 * @param backboneHiddenSize the target's hidden size
 * @param useOrderedEmbeddings whether the clustered (centroid) output head is used
 * @param numCentroids number of token clusters (divides the vocabulary)
 * @param centroidTopK clusters scored per step
 */
public record DrafterConfig(
        ModelConfig text, int backboneHiddenSize, boolean useOrderedEmbeddings, int numCentroids, int centroidTopK) {

    /** Validates the drafter rules of {@code configuration_gemma4_assistant.py}. */
    public DrafterConfig {
        Objects.requireNonNull(text, "text");
        if (text.numKvSharedLayers() != text.numLayers()) {
            throw new IllegalArgumentException("every drafter layer must be KV-shared, but numKvSharedLayers="
                    + text.numKvSharedLayers() + " of " + text.numLayers());
        }
        if (text.hasPerLayerInputs()) {
            throw new IllegalArgumentException("a drafter has no per-layer embeddings");
        }
        if (backboneHiddenSize <= 0) {
            throw new IllegalArgumentException("backboneHiddenSize must be > 0, but was " + backboneHiddenSize);
        }
        if (useOrderedEmbeddings) {
            if (numCentroids <= 0 || text.vocabSize() % numCentroids != 0) {
                throw new IllegalArgumentException(
                        "numCentroids must divide the vocabulary " + text.vocabSize() + ", but was " + numCentroids);
            }
            if (centroidTopK <= 0 || centroidTopK > numCentroids) {
                throw new IllegalArgumentException(
                        "centroidTopK must be in [1, numCentroids], but was " + centroidTopK);
            }
        }
    }

    /**
     * How many of the target's most recent sliding-layer keys a draft query attends to: the sliding window plus
     * one. HF's assistant masks the shared sliding K/V with {@code create_bidirectional_sliding_window_mask}, whose
     * overlay is {@code |q_idx - kv_idx| <= sliding_window}, so its single query sees the {@code W + 1} newest
     * entries (a target sliding layer itself sees {@code W}, its own position included). HF's shared sliding K/V
     * holds {@code W - 1} kept keys plus the target's last chunk, so right after a verification that accepted no
     * draft it holds only {@code W} keys; this engine then still reads the one before (see docs/deviations.md).
     *
     * @return {@code text().slidingWindow() + 1}
     */
    public int slidingKeys() {
        return text.slidingWindow() + 1;
    }

    /**
     * Token ids owned by each cluster.
     *
     * @return {@code vocabSize / numCentroids}
     */
    public int tokensPerCentroid() {
        return useOrderedEmbeddings ? text.vocabSize() / numCentroids : text.vocabSize();
    }

    /**
     * Checks that this drafter can run against a target: same vocabulary and backbone width, same KV heads and head
     * dimensions, the same RoPE per layer type, and the target has K/V-owning layers of each type the drafter uses.
     *
     * @param target the target config
     * @throws IllegalArgumentException when they do not fit
     */
    public void checkCompatible(ModelConfig target) {
        if (target.vocabSize() != text.vocabSize() || target.hiddenSize() != backboneHiddenSize) {
            throw new IllegalArgumentException("drafter vocab/backbone " + text.vocabSize() + "/" + backboneHiddenSize
                    + " does not match target " + target.vocabSize() + "/" + target.hiddenSize());
        }
        if (target.numKvHeads() != text.numKvHeads()
                || target.headDim() != text.headDim()
                || target.globalHeadDim() != text.globalHeadDim()) {
            throw new IllegalArgumentException("drafter KV heads/head dims must equal the target's");
        }
        // draft queries are rotated with the target's RoPE tables, so the drafter's own RoPE must be the same
        if (!target.slidingRope().equals(text.slidingRope())
                || !target.globalRope().equals(text.globalRope())) {
            throw new IllegalArgumentException("drafter RoPE " + text.slidingRope() + "/" + text.globalRope()
                    + " must equal the target's " + target.slidingRope() + "/" + target.globalRope());
        }
        for (LayerType t : text.layerTypes()) {
            if (target.lastKvOwner(t) < 0) {
                throw new IllegalArgumentException("target has no K/V-owning " + t + " layer for the drafter");
            }
        }
    }
}
