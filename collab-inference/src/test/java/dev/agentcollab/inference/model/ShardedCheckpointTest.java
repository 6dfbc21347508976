package dev.agentcollab.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.TinyModels;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.SafetensorsShards;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HF shard sets ({@code model.safetensors.index.json}) load like one file, and a broken index fails clearly. */
class ShardedCheckpointTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private static long shardCount(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".safetensors"))
                    .count();
        }
    }

    @Test
    void shardSetLoadsTheSameTensorsAsOneFileEvenWithTinyWindows() throws IOException {
        Checkpoint ck = TinyModels.targetCheckpoint(11);
        ModelWriter.writeTarget(dir.resolve("one"), ck, DType.BF16);
        ModelWriter.writeTargetSharded(dir.resolve("many"), ck, DType.BF16, 4096);
        assertTrue(shardCount(dir.resolve("many")) >= 3, "several shards");
        assertTrue(Files.isRegularFile(dir.resolve("many").resolve(SafetensorsShards.INDEX)));
        Checkpoint one = ModelLoader.loadTarget(dir.resolve("one"));
        Checkpoint many = ModelLoader.loadTarget(dir.resolve("many"), 1000); // cuts rows and elements mid-window
        assertEquals(one.config(), many.config());
        assertEquals(one.tensors().keySet(), many.tensors().keySet());
        one.tensors().forEach((name, t) -> {
            assertEquals(t.shape(), many.tensor(name).shape(), name);
            assertArrayEquals(t.toFloats(), many.tensor(name).toFloats(), name);
        });
        assertTrue(many.tensor(WeightNames.EMBED).bytes().segmentCount() > 1, "embedding spans windows");
    }

    @Test
    void indexIsPreferredOverStrayFilesAndEveryMappedTensorMustExist() throws IOException {
        Path d = dir.resolve("m");
        ModelWriter.writeTargetSharded(d, TinyModels.targetCheckpoint(12), DType.F32, 8192);
        Files.copy(
                d.resolve("model-00001-of-" + String.format("%05d", shardCount(d)) + ".safetensors"),
                d.resolve("stray.safetensors"));
        assertEquals(TinyModels.target(), ModelLoader.loadTarget(d).config(), "stray file ignored, no duplicates");

        ObjectNode index =
                (ObjectNode) MAPPER.readTree(d.resolve(SafetensorsShards.INDEX).toFile());
        ((ObjectNode) index.get("weight_map")).put("model.language_model.ghost.weight", "stray.safetensors");
        Files.writeString(d.resolve(SafetensorsShards.INDEX), index.toString());
        CollabException missing = assertThrows(CollabException.class, () -> ModelLoader.loadTarget(d));
        assertEquals(ErrorCode.INVALID_REQUEST, missing.code());

        ((ObjectNode) index.get("weight_map")).put("model.language_model.ghost.weight", "gone.safetensors");
        Files.writeString(d.resolve(SafetensorsShards.INDEX), index.toString());
        assertEquals(
                ErrorCode.NOT_FOUND,
                assertThrows(CollabException.class, () -> ModelLoader.loadTarget(d))
                        .code());

        ((ObjectNode) index.get("weight_map")).put("model.language_model.ghost.weight", "../x.safetensors");
        Files.writeString(d.resolve(SafetensorsShards.INDEX), index.toString());
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                assertThrows(CollabException.class, () -> ModelLoader.loadTarget(d))
                        .code());
    }

    @Test
    void tensorMappedToTheWrongShardIsRejected() throws IOException {
        Path d = dir.resolve("m");
        ModelWriter.writeTargetSharded(d, TinyModels.targetCheckpoint(13), DType.F32, 8192);
        ObjectNode index =
                (ObjectNode) MAPPER.readTree(d.resolve(SafetensorsShards.INDEX).toFile());
        ObjectNode map = (ObjectNode) index.get("weight_map");
        String name = "model.language_model." + WeightNames.NORM;
        String actual = map.get(name).asText();
        String other = map.properties().stream()
                .map(e -> e.getValue().asText())
                .filter(f -> !f.equals(actual))
                .findFirst()
                .orElseThrow();
        map.put(name, other);
        Files.writeString(d.resolve(SafetensorsShards.INDEX), index.toString());
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                assertThrows(CollabException.class, () -> ModelLoader.loadTarget(d))
                        .code());
    }
}
