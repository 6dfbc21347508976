package dev.agentcollab.inference.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes configs as HF {@code config.json} trees that {@link HfConfigReader} reads back unchanged. */
public final class HfConfigWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HfConfigWriter() {}

    /**
     * A {@code gemma4} config with the text part under {@code text_config}.
     *
     * @param c the target config
     * @return the JSON text
     */
    public static String model(ModelConfig c) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model_type", "gemma4");
        root.putArray("architectures").add("Gemma4ForConditionalGeneration");
        root.set("text_config", text(c, "gemma4_text"));
        return root.toPrettyString();
    }

    /**
     * A {@code gemma4_assistant} config.
     *
     * @param d the drafter config
     * @return the JSON text
     */
    public static String drafter(DrafterConfig d) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model_type", "gemma4_assistant");
        root.putArray("architectures").add("Gemma4AssistantForCausalLM");
        root.put("backbone_hidden_size", d.backboneHiddenSize());
        root.put("use_ordered_embeddings", d.useOrderedEmbeddings());
        root.put("num_centroids", d.numCentroids());
        root.put("centroid_intermediate_top_k", d.centroidTopK());
        root.set("text_config", text(d.text(), "gemma4_text"));
        return root.toPrettyString();
    }

    private static ObjectNode text(ModelConfig c, String type) {
        ObjectNode t = MAPPER.createObjectNode();
        t.put("model_type", type);
        t.put("vocab_size", c.vocabSize());
        t.put("hidden_size", c.hiddenSize());
        t.put("intermediate_size", c.intermediateSize());
        t.put("num_hidden_layers", c.numLayers());
        t.put("num_attention_heads", c.numHeads());
        t.put("num_key_value_heads", c.numKvHeads());
        t.put("head_dim", c.headDim());
        t.put("global_head_dim", c.globalHeadDim());
        ArrayNode types = t.putArray("layer_types");
        c.layerTypes().forEach(lt -> types.add(lt.hfName()));
        t.put("sliding_window", c.slidingWindow());
        t.put("num_kv_shared_layers", c.numKvSharedLayers());
        t.put("hidden_size_per_layer_input", c.hiddenSizePerLayerInput());
        t.put("vocab_size_per_layer_input", c.vocabSizePerLayerInput());
        ObjectNode rp = t.putObject("rope_parameters");
        ObjectNode s = rp.putObject("sliding_attention");
        s.put("rope_type", "default");
        s.put("rope_theta", c.slidingRope().theta());
        ObjectNode g = rp.putObject("full_attention");
        // always "proportional": HF's "default" rope on full_attention derives its frequencies from head_dim, while
        // this engine (and "proportional", whatever the factor) uses global_head_dim
        g.put("rope_type", "proportional");
        g.put("rope_theta", c.globalRope().theta());
        g.put("partial_rotary_factor", c.globalRope().partialRotaryFactor());
        t.put("rms_norm_eps", c.rmsNormEps());
        if (c.finalLogitSoftcap() > 0) {
            t.put("final_logit_softcapping", c.finalLogitSoftcap());
        } else {
            t.putNull("final_logit_softcapping");
        }
        t.put("tie_word_embeddings", c.tieWordEmbeddings());
        t.put("max_position_embeddings", c.maxPositionEmbeddings());
        t.put("bos_token_id", c.bosTokenId());
        ArrayNode eos = t.putArray("eos_token_id");
        c.eosTokenIds().forEach(eos::add);
        return t;
    }
}
