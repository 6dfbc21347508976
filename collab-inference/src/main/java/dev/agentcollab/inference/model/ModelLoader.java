package dev.agentcollab.inference.model;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.safetensors.SafetensorsFile;
import dev.agentcollab.inference.safetensors.SafetensorsShards;
import dev.agentcollab.inference.safetensors.Tensor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads HF model directories: {@code config.json} plus the shards listed by {@code model.safetensors.index.json}, or
 * every {@code *.safetensors} file when there is no index (see {@link SafetensorsShards}). Target tensor names lose
 * their {@code model.language_model.} or {@code model.} prefix; vision/audio towers of multimodal checkpoints are
 * skipped. Drafter names lose {@code model.}. Weights stay memory-mapped until a backend converts them; tensors over
 * the mapping window (1 GiB by default) are mapped as several windows, so tensors over 2 GiB load too.
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
        return loadTarget(dir, defaultWindow());
    }

    /**
     * Loads a target checkpoint with a chosen mapping window.
     *
     * @param dir the model directory
     * @param windowBytes the mapping window (see {@link SafetensorsFile#read(Path, long)})
     * @return the checkpoint
     */
    public static Checkpoint loadTarget(Path dir, long windowBytes) {
        ModelConfig config = HfConfigReader.readModel(dir.resolve("config.json"));
        Map<String, Tensor> tensors = new HashMap<>();
        for (Tensor t : SafetensorsShards.readAll(dir, windowBytes)) {
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
        return loadDrafter(dir, defaultWindow());
    }

    /**
     * Loads an MTP drafter checkpoint with a chosen mapping window.
     *
     * @param dir the drafter directory
     * @param windowBytes the mapping window (see {@link SafetensorsFile#read(Path, long)})
     * @return the checkpoint
     */
    public static DrafterCheckpoint loadDrafter(Path dir, long windowBytes) {
        DrafterConfig config = HfConfigReader.readDrafter(dir.resolve("config.json"));
        Map<String, Tensor> tensors = new HashMap<>();
        for (Tensor t : SafetensorsShards.readAll(dir, windowBytes)) {
            String name = strip(t.name(), List.of("model."));
            tensors.put(name, rename(t, name));
        }
        return new DrafterCheckpoint(config, tensors);
    }

    private static Tensor rename(Tensor t, String name) {
        return name.equals(t.name()) ? t : new Tensor(name, t.dtype(), t.shape(), t.bytes());
    }

    private static String strip(String name, List<String> prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return name.substring(p.length());
            }
        }
        return name;
    }

    private static long defaultWindow() {
        return Long.getLong(SafetensorsFile.WINDOW_PROPERTY, SafetensorsFile.DEFAULT_WINDOW_BYTES);
    }
}
