package dev.agentcollab.inference.model;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.SafetensorsWriter;
import dev.agentcollab.inference.safetensors.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes checkpoints as HF directories ({@code config.json} + {@code model.safetensors}) with HF tensor names:
 * target tensors under {@code model.language_model.}, drafter tensors under {@code model.} (projections, centroids
 * and the token ordering at the top level, as in {@code Gemma4AssistantForCausalLM}).
 */
public final class ModelWriter {
    private ModelWriter() {}

    /**
     * Writes a target checkpoint, converting float tensors to {@code dtype}.
     *
     * @param dir the directory (created if needed)
     * @param ck the checkpoint
     * @param dtype stored float type
     */
    public static void writeTarget(Path dir, Checkpoint ck, DType dtype) {
        write(dir, HfConfigWriter.model(ck.config()), ck.tensors(), "model.language_model.", dtype, 0);
    }

    /**
     * Writes a target checkpoint as an HF shard set: {@code model-0000i-of-0000n.safetensors} files of at most
     * {@code maxShardBytes} tensor bytes each (a bigger tensor gets a shard of its own) and
     * {@code model.safetensors.index.json} with the {@code weight_map}.
     *
     * @param dir the directory (created if needed)
     * @param ck the checkpoint
     * @param dtype stored float type
     * @param maxShardBytes the shard size limit, positive
     */
    public static void writeTargetSharded(Path dir, Checkpoint ck, DType dtype, long maxShardBytes) {
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("maxShardBytes must be positive, but was " + maxShardBytes);
        }
        write(dir, HfConfigWriter.model(ck.config()), ck.tensors(), "model.language_model.", dtype, maxShardBytes);
    }

    /**
     * Writes a drafter checkpoint.
     *
     * @param dir the directory
     * @param ck the checkpoint
     * @param dtype stored float type
     */
    public static void writeDrafter(Path dir, DrafterCheckpoint ck, DType dtype) {
        write(dir, HfConfigWriter.drafter(ck.config()), ck.tensors(), "model.", dtype, 0);
    }

    private static void write(
            Path dir, String config, Map<String, Tensor> tensors, String prefix, DType dtype, long maxShardBytes) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), config);
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INTERNAL, "cannot write " + dir + ": " + e.getMessage())
                    .withCause(e);
        }
        List<Tensor> out = tensors.values().stream()
                .sorted(Comparator.comparing(Tensor::name))
                .map(t -> {
                    boolean top = t.name().startsWith("layers.")
                            || t.name().startsWith("embed_tokens")
                            || t.name().equals(WeightNames.NORM)
                            || t.name().startsWith("per_layer_")
                            || prefix.startsWith("model.language");
                    String name = (top ? prefix : "") + t.name();
                    boolean isInt = t.dtype() == DType.I32 || t.dtype() == DType.I64;
                    int[] shape = t.shape().stream().mapToInt(Integer::intValue).toArray();
                    return isInt
                            ? new Tensor(name, t.dtype(), t.shape(), t.bytes())
                            : Tensor.ofFloats(name, dtype, t.toFloats(), shape);
                })
                .toList();
        if (maxShardBytes <= 0) {
            SafetensorsWriter.write(dir.resolve("model.safetensors"), out, Map.of("format", "pt"));
        } else {
            ShardedWriter.write(dir, out, maxShardBytes);
        }
    }
}
