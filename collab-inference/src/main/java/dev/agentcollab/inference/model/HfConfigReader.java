package dev.agentcollab.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@link ModelConfig} / {@link DrafterConfig} from HF {@code config.json} ({@code gemma4},
 * {@code gemma4_text}, {@code gemma4_assistant}). A nested {@code text_config} is used when present. Missing optional
 * keys take {@code Gemma4TextConfig}'s defaults (e.g. 4 KV heads, global head dim 512, PLE width 256); RoPE comes
 * from {@code rope_parameters.{sliding_attention,full_attention}} or, for older files, {@code rope_local_base_freq}/
 * {@code rope_theta} (a missing {@code rope_parameters} means HF's default: proportional RoPE with
 * {@code partial_rotary_factor} 0.25 on global layers). The end-of-sequence ids are those of {@code text_config} and
 * of the outer config together.
 */
public final class HfConfigReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HfConfigReader() {}

    /**
     * Reads a target config.
     *
     * @param configJson the file
     * @return the config
     * @throws CollabException {@link ErrorCode#NOT_FOUND} if missing, {@link ErrorCode#INVALID_REQUEST} if invalid
     */
    public static ModelConfig readModel(Path configJson) {
        JsonNode root = read(configJson);
        return text(root, textNode(root), configJson);
    }

    /**
     * Reads a drafter ({@code gemma4_assistant}) config.
     *
     * @param configJson the file
     * @return the config
     */
    public static DrafterConfig readDrafter(Path configJson) {
        JsonNode root = read(configJson);
        ModelConfig text = text(root, textNode(root), configJson);
        try {
            return new DrafterConfig(
                    text,
                    required(root, "backbone_hidden_size", configJson).asInt(),
                    root.path("use_ordered_embeddings").asBoolean(false),
                    root.path("num_centroids").asInt(0),
                    root.path("centroid_intermediate_top_k").asInt(0));
        } catch (IllegalArgumentException e) {
            throw invalid(configJson, e.getMessage());
        }
    }

    private static JsonNode textNode(JsonNode root) {
        return root.has("text_config") ? root.get("text_config") : root;
    }

    /**
     * Gemma 4 variants this engine does not implement (E2B's double-wide MLP, K=V global attention and the MoE
     * block of the larger models, bidirectional attention): loading one must fail with a clear message instead of
     * computing something else or failing later on a missing tensor.
     */
    private static final List<String> UNSUPPORTED_FLAGS =
            List.of("use_double_wide_mlp", "attention_k_eq_v", "enable_moe_block");

    private static void rejectUnsupported(JsonNode t, Path file) {
        for (String flag : UNSUPPORTED_FLAGS) {
            if (t.path(flag).asBoolean(false)) {
                throw invalid(file, flag + "=true is not supported by this engine (supported: the E4B-style layout)");
            }
        }
        JsonNode bidirectional = t.path("use_bidirectional_attention");
        boolean causal = bidirectional.isMissingNode()
                || bidirectional.isNull()
                || (bidirectional.isBoolean() && !bidirectional.asBoolean())
                || (bidirectional.isTextual() && List.of("", "none").contains(bidirectional.asText()));
        if (!causal) {
            throw invalid(file, "use_bidirectional_attention=" + bidirectional + " is not supported (causal only)");
        }
    }

    private static ModelConfig text(JsonNode root, JsonNode t, Path file) {
        rejectUnsupported(t, file);
        try {
            int layers = required(t, "num_hidden_layers", file).asInt();
            int headDim = t.path("head_dim").asInt(256);
            List<LayerType> types = new ArrayList<>();
            if (t.has("layer_types")) {
                t.get("layer_types").forEach(n -> types.add(LayerType.fromHf(n.asText())));
            } else {
                int pattern = t.path("sliding_window_pattern").asInt(6);
                for (int l = 0; l < layers; l++) {
                    types.add((l + 1) % pattern == 0 || l == layers - 1 ? LayerType.GLOBAL : LayerType.SLIDING);
                }
            }
            if (types.size() != layers) {
                throw invalid(file, "layer_types has " + types.size() + " entries for " + layers + " layers");
            }
            JsonNode rp = t.path("rope_parameters");
            // without rope_parameters, Gemma4TextConfig defaults full_attention to proportional RoPE with factor 0.25
            double globalPartial = rp.isObject() ? 1.0 : 0.25;
            RopeConfig sliding = new RopeConfig(
                    rp.path("sliding_attention")
                            .path("rope_theta")
                            .asDouble(t.path("rope_local_base_freq").asDouble(10_000.0)),
                    rp.path("sliding_attention").path("partial_rotary_factor").asDouble(1.0));
            RopeConfig global = new RopeConfig(
                    rp.path("full_attention")
                            .path("rope_theta")
                            .asDouble(t.path("rope_theta").asDouble(1_000_000.0)),
                    rp.path("full_attention")
                            .path("partial_rotary_factor")
                            .asDouble(t.path("partial_rotary_factor").asDouble(globalPartial)));
            int vocab = required(t, "vocab_size", file).asInt();
            int ple = t.path("hidden_size_per_layer_input").asInt(256);
            // text_config carries Gemma4TextConfig's own eos (1); the outer config may add end-of-turn (106): use both
            List<Integer> eosIds = new ArrayList<>();
            addIds(t.path("eos_token_id"), eosIds);
            addIds(root.path("eos_token_id"), eosIds);
            JsonNode cap = t.path("final_logit_softcapping");
            return new ModelConfig(
                    vocab,
                    required(t, "hidden_size", file).asInt(),
                    required(t, "intermediate_size", file).asInt(),
                    required(t, "num_attention_heads", file).asInt(),
                    t.path("num_key_value_heads").asInt(4),
                    headDim,
                    t.path("global_head_dim").asInt(512),
                    types,
                    t.path("sliding_window").asInt(512),
                    t.path("num_kv_shared_layers").asInt(0),
                    ple,
                    ple > 0 ? t.path("vocab_size_per_layer_input").asInt(262_144) : 0,
                    sliding,
                    global,
                    t.path("rms_norm_eps").asDouble(1e-6),
                    cap.isNumber() ? cap.asDouble() : 0.0,
                    first(t, root, "tie_word_embeddings").asBoolean(true),
                    t.path("max_position_embeddings").asInt(131_072),
                    first(t, root, "bos_token_id").asInt(2),
                    eosIds);
        } catch (IllegalArgumentException e) {
            throw invalid(file, e.getMessage());
        }
    }

    private static void addIds(JsonNode ids, List<Integer> out) {
        if (ids.isArray()) {
            ids.forEach(n -> addId(n.asInt(), out));
        } else if (ids.isNumber()) {
            addId(ids.asInt(), out);
        }
    }

    private static void addId(int id, List<Integer> out) {
        if (!out.contains(id)) {
            out.add(id);
        }
    }

    private static JsonNode first(JsonNode t, JsonNode root, String key) {
        return t.has(key) ? t.get(key) : root.path(key);
    }

    private static JsonNode required(JsonNode n, String key, Path file) {
        if (!n.hasNonNull(key)) {
            throw invalid(file, "missing " + key);
        }
        return n.get(key);
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw CollabException.notFound(file.toString());
        }
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw invalid(file, e.getMessage()).withCause(e);
        }
    }

    private static CollabException invalid(Path file, String why) {
        return CollabException.of(ErrorCode.INVALID_REQUEST, "invalid model config " + file + ": " + why);
    }
}
