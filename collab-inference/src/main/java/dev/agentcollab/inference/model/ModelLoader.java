package dev.agentcollab.inference.model;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.safetensors.SafetensorsFile;
import dev.agentcollab.inference.safetensors.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads HF model directories: {@code config.json} plus every {@code *.safetensors} shard. Target tensor names lose
 * their {@code model.language_model.} or {@code model.} prefix; vision/audio towers of multimodal checkpoints are
 * skipped. Drafter names lose {@code model.}. Weights stay memory-mapped until a backend converts them.
 */
public final class ModelLoader {
    private static final List<String> TARGET_PREFIXES =
            List.of("model.language_model.", "language_model.model.", "model.");
    private static final List<String> TEXT_ROOTS =
            List.of("layers.", "embed_tokens", "norm.", "per_layer_", "lm_head.");

    private ModelLoader() {}

    /**
     * Loads a target checkpoint.
     *
     * @param dir the model directory
     * @return the checkpoint
     * @throws CollabException {@link ErrorCode#NOT_FOUND} when files are missing
     */
    public static Checkpoint loadTarget(Path dir) {
        ModelConfig config = HfConfigReader.readModel(dir.resolve("config.json"));
        Map<String, Tensor> tensors = new HashMap<>();
        for (Tensor t : readAll(dir)) {
            String name = strip(t.name(), TARGET_PREFIXES);
            if (TEXT_ROOTS.stream().anyMatch(name::startsWith)) {
                tensors.put(name, rename(t, name));
            }
        }
        return new Checkpoint(config, tensors);
    }

    /**
     * Loads an MTP drafter checkpoint.
     *
     * @param dir the drafter directory
     * @return the checkpoint
     */
    public static DrafterCheckpoint loadDrafter(Path dir) {
        DrafterConfig config = HfConfigReader.readDrafter(dir.resolve("config.json"));
        Map<String, Tensor> tensors = new HashMap<>();
        for (Tensor t : readAll(dir)) {
            String name = strip(t.name(), List.of("model."));
            tensors.put(name, rename(t, name));
        }
        return new DrafterCheckpoint(config, tensors);
    }

    private static Tensor rename(Tensor t, String name) {
        return name.equals(t.name()) ? t : new Tensor(name, t.dtype(), t.shape(), t.data());
    }

    private static String strip(String name, List<String> prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return name.substring(p.length());
            }
        }
        return name;
    }

    private static List<Tensor> readAll(Path dir) {
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
        return files.stream()
                .flatMap(f -> SafetensorsFile.read(f).tensors().values().stream())
                .toList();
    }
}
