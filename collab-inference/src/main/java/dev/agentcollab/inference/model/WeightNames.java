package dev.agentcollab.inference.model;

/**
 * Canonical tensor names (HF Gemma 4 names without the {@code model.language_model.} / {@code model.} prefix). Linear
 * weights are {@code [out, in]} row-major as in PyTorch.
 */
public final class WeightNames {
    /** Token embedding {@code [vocab, hidden]}; also the output head when embeddings are tied. */
    public static final String EMBED = "embed_tokens.weight";
    /** Untied output head {@code [vocab, hidden]}. */
    public static final String LM_HEAD = "lm_head.weight";
    /** Final RMSNorm {@code [hidden]}. */
    public static final String NORM = "norm.weight";
    /** PLE token table {@code [pleVocab, layers * pleWidth]}. */
    public static final String PLE_EMBED = "embed_tokens_per_layer.weight";
    /** PLE context projection {@code [layers * pleWidth, hidden]}. */
    public static final String PLE_PROJECTION = "per_layer_model_projection.weight";
    /** PLE projection RMSNorm {@code [pleWidth]}. */
    public static final String PLE_PROJECTION_NORM = "per_layer_projection_norm.weight";
    /** Drafter input projection {@code [hidden, 2 * backbone]}. */
    public static final String PRE_PROJECTION = "pre_projection.weight";
    /** Drafter output projection {@code [backbone, hidden]}. */
    public static final String POST_PROJECTION = "post_projection.weight";
    /** Drafter cluster scores {@code [numCentroids, hidden]}. */
    public static final String CENTROIDS = "masked_embedding.centroids.weight";
    /** Drafter token ordering {@code [vocab]}: cluster c owns ids {@code ordering[c*n .. c*n+n)}. */
    public static final String TOKEN_ORDERING = "masked_embedding.token_ordering";

    private WeightNames() {}

    /**
     * A per-layer tensor name.
     *
     * @param layer the layer index
     * @param suffix e.g. {@code self_attn.q_proj.weight}, {@code mlp.gate_proj.weight}, {@code input_layernorm.weight},
     *     {@code post_attention_layernorm.weight}, {@code pre_feedforward_layernorm.weight},
     *     {@code post_feedforward_layernorm.weight}, {@code self_attn.q_norm.weight}, {@code self_attn.k_norm.weight},
     *     {@code per_layer_input_gate.weight}, {@code per_layer_projection.weight},
     *     {@code post_per_layer_input_norm.weight}, {@code layer_scalar}
     * @return {@code layers.<layer>.<suffix>}
     */
    public static String layer(int layer, String suffix) {
        return "layers." + layer + "." + suffix;
    }
}
