package dev.agentcollab.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link HfConfigReader} fills what a Gemma 4 {@code config.json} leaves out, checked against HF's rules. */
class HfConfigReaderTest {
    private static final String TEXT =
            """
            "vocab_size":262144,"hidden_size":2560,"intermediate_size":10240,"num_hidden_layers":42,
            "num_attention_heads":8,"num_key_value_heads":2,"head_dim":256,"global_head_dim":512,
            "sliding_window":512,"num_kv_shared_layers":18,"hidden_size_per_layer_input":256,
            "final_logit_softcapping":30.0""";

    @TempDir
    Path dir;

    private ModelConfig read(String json) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return HfConfigReader.readModel(file);
    }

    @Test
    void endOfTurnFromTheOuterConfigIsKeptWhenTheTextConfigNamesOnlyEos() throws IOException {
        // Gemma4TextConfig serialises its own eos_token_id (1); the multimodal config adds 106 (<turn|>)
        ModelConfig c = read("{\"model_type\":\"gemma4\",\"eos_token_id\":[1,106],\"text_config\":{" + TEXT
                + ",\"eos_token_id\":1}}");
        assertEquals(List.of(1, 106), c.eosTokenIds());
    }

    @Test
    void missingRopeParametersTakeGemma4Defaults() throws IOException {
        // Gemma4TextConfig.__post_init__: sliding θ=10 000 full rotation; full_attention proportional, θ=1e6,
        // partial_rotary_factor 0.25
        ModelConfig c = read("{\"model_type\":\"gemma4\",\"text_config\":{" + TEXT + "}}");
        assertEquals(new RopeConfig(10_000.0, 1.0), c.slidingRope());
        assertEquals(new RopeConfig(1_000_000.0, 0.25), c.globalRope());
        double[] inv = c.globalRope().inverseFrequencies(512);
        assertEquals(Math.pow(1_000_000.0, -2.0 * 63 / 512), inv[63], 1e-18);
        assertEquals(0.0, inv[64]);
    }

    @Test
    void missingShapeKeysTakeGemma4TextConfigDefaults() throws IOException {
        // Gemma4TextConfig: num_key_value_heads 4, global_head_dim 512, hidden_size_per_layer_input 256 (PLE on)
        ModelConfig c = read(
                """
                {"model_type":"gemma4_text","vocab_size":1024,"hidden_size":64,"intermediate_size":128,
                 "num_hidden_layers":6,"num_attention_heads":8}""");
        assertEquals(4, c.numKvHeads());
        assertEquals(256, c.headDim());
        assertEquals(512, c.globalHeadDim());
        assertEquals(256, c.hiddenSizePerLayerInput());
        assertEquals(262_144, c.vocabSizePerLayerInput());
    }

    @Test
    void variantsThisEngineDoesNotImplementAreRefusedByName() throws IOException {
        for (String flag : List.of("use_double_wide_mlp", "attention_k_eq_v", "enable_moe_block")) {
            CollabException e = assertThrows(
                    CollabException.class, () -> read("{\"text_config\":{" + TEXT + ",\"" + flag + "\":true}}"), flag);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertTrue(e.getMessage().contains(flag + "=true is not supported"), e.getMessage());
        }
        CollabException e = assertThrows(
                CollabException.class,
                () -> read("{\"text_config\":{" + TEXT + ",\"use_bidirectional_attention\":\"all\"}}"));
        assertTrue(e.getMessage().contains("use_bidirectional_attention"), e.getMessage());
        // the E4B values of the same keys load
        read("{\"text_config\":{" + TEXT + ",\"use_double_wide_mlp\":false,\"attention_k_eq_v\":false,"
                + "\"enable_moe_block\":false,\"use_bidirectional_attention\":null}}");
    }
}
