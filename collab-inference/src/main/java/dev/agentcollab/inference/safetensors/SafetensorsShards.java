package dev.agentcollab.inference.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Opens the safetensors files of a model directory. With {@value #INDEX} (HF sharded checkpoints) the shards are the
 * files its {@code weight_map} names, and every tensor it maps must be in the named shard; without it, every
 * {@code *.safetensors} file in the directory is a shard.
 */
public final class SafetensorsShards {
    /** The HF shard index file name. */
    public static final String INDEX = "model.safetensors.index.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SafetensorsShards() {}

    /**
     * Opens every shard and returns all tensors, in shard (file name) then header order.
     *
     * @param dir the model directory
     * @param windowBytes the mapping window passed to {@link SafetensorsFile#read(Path, long)}
     * @return the tensors
     * @throws CollabException {@link ErrorCode#NOT_FOUND} when there are no shards or a shard is missing,
     *     {@link ErrorCode#INVALID_REQUEST} for a malformed index, a tensor in two shards, or one missing from its
     *     mapped shard
     */
    public static List<Tensor> readAll(Path dir, long windowBytes) {
        Path index = dir.resolve(INDEX);
        Map<String, String> weightMap = Files.isRegularFile(index) ? weightMap(dir, index) : Map.of();
        List<Path> files = weightMap.isEmpty() ? listShards(dir) : shardsOf(dir, weightMap);
        Map<String, Tensor> all = new LinkedHashMap<>();
        for (Path f : files) {
            for (Tensor t : SafetensorsFile.read(f, windowBytes).tensors().values()) {
                if (all.put(t.name(), t) != null) {
                    throw CollabException.of(ErrorCode.INVALID_REQUEST, "tensor " + t.name() + " is in two shards");
                }
                String mapped = weightMap.get(t.name());
                if (mapped != null && !mapped.equals(f.getFileName().toString())) {
                    throw CollabException.of(
                            ErrorCode.INVALID_REQUEST, "index maps " + t.name() + " to " + mapped + ", found in " + f);
                }
            }
        }
        for (String name : weightMap.keySet()) {
            if (!all.containsKey(name)) {
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST, "index maps " + name + " to " + weightMap.get(name) + ", not in it");
            }
        }
        return List.copyOf(all.values());
    }

    private static Map<String, String> weightMap(Path dir, Path index) {
        JsonNode root;
        try {
            root = MAPPER.readTree(index.toFile());
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "cannot parse " + index + ": " + e.getMessage())
                    .withCause(e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, index + " has no weight_map object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String file = e.getValue().asText("");
            Path p = dir.resolve(file).normalize();
            if (!e.getValue().isTextual()
                    || !file.endsWith(".safetensors")
                    || !dir.normalize().equals(p.getParent())) {
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST, index + " maps " + e.getKey() + " to a bad shard name: " + file);
            }
            out.put(e.getKey(), file);
        }
        return out;
    }

    private static List<Path> shardsOf(Path dir, Map<String, String> weightMap) {
        List<Path> files = new ArrayList<>();
        for (String f : new TreeSet<>(weightMap.values())) {
            Path p = dir.resolve(f);
            if (!Files.isRegularFile(p)) {
                throw CollabException.of(ErrorCode.NOT_FOUND, "shard " + f + " named by " + INDEX + " is missing");
            }
            files.add(p);
        }
        return files;
    }

    private static List<Path> listShards(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".safetensors"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw CollabException.notFound(dir.toString()).withCause(e);
        }
        if (files.isEmpty()) {
            throw CollabException.of(ErrorCode.NOT_FOUND, "no .safetensors files in " + dir);
        }
        return files;
    }
}
