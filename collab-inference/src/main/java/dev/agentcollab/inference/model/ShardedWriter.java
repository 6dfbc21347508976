package dev.agentcollab.inference.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.safetensors.SafetensorsShards;
import dev.agentcollab.inference.safetensors.SafetensorsWriter;
import dev.agentcollab.inference.safetensors.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes tensors as an HF shard set with its {@code model.safetensors.index.json}. */
final class ShardedWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ShardedWriter() {}

    /** Packs tensors in order into shards of at most {@code maxShardBytes} (one oversized tensor per shard). */
    static void write(Path dir, List<Tensor> tensors, long maxShardBytes) {
        List<List<Tensor>> shards = new ArrayList<>();
        List<Tensor> current = new ArrayList<>();
        long bytes = 0;
        long total = 0;
        for (Tensor t : tensors) {
            long size = t.bytes().size();
            if (!current.isEmpty() && bytes + size > maxShardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(t);
            bytes += size;
            total += size;
        }
        if (!current.isEmpty()) {
            shards.add(current);
        }
        ObjectNode index = MAPPER.createObjectNode();
        index.putObject("metadata").put("total_size", total);
        ObjectNode weightMap = index.putObject("weight_map");
        for (int i = 0; i < shards.size(); i++) {
            String file = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
            SafetensorsWriter.write(dir.resolve(file), shards.get(i), Map.of("format", "pt"));
            shards.get(i).forEach(t -> weightMap.put(t.name(), file));
        }
        try {
            Files.writeString(dir.resolve(SafetensorsShards.INDEX), index.toPrettyString());
        } catch (IOException e) {
            throw CollabException.of(
                            ErrorCode.INTERNAL, "cannot write the shard index in " + dir + ": " + e.getMessage())
                    .withCause(e);
        }
    }
}
