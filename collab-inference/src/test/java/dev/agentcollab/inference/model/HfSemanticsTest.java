package dev.agentcollab.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcollab.inference.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config semantics that must read in HF transformers as they do here. */
class HfSemanticsTest {
    @TempDir
    Path dir;

    @Test
    void aFullyRotatingGlobalRopeIsWrittenAsProportionalSoHfKeepsTheGlobalHeadDim() throws IOException {
        ModelConfig c = TinyModels.target().toBuilder()
                .rope(new RopeConfig(10_000.0, 1.0), new RopeConfig(1_000_000.0, 1.0))
                .build();
        String json = HfConfigWriter.model(c);
        JsonNode global = new ObjectMapper()
                .readTree(json)
                .path("text_config")
                .path("rope_parameters")
                .path("full_attention");
        // HF's "default" rope would derive the global frequencies from head_dim instead of global_head_dim
        assertEquals("proportional", global.path("rope_type").asText());
        assertEquals(1.0, global.path("partial_rotary_factor").asDouble());
        Files.writeString(dir.resolve("config.json"), json);
        assertEquals(c, HfConfigReader.readModel(dir.resolve("config.json")));
    }

    @Test
    void aPerLayerTableSmallerThanTheVocabularyIsRejectedNotWrapped() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TinyModels.target().toBuilder().perLayerInputs(8, 95).build());
        assertTrue(e.getMessage().contains("vocabSizePerLayerInput must be >= vocabSize (96)"), e.getMessage());
    }
}
