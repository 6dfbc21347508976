package dev.agentcollab.inference.model;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.safetensors.Tensor;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A target model's config and weights, tensor names canonicalised by {@link ModelLoader} (HF prefixes such as
 * {@code model.language_model.} removed: {@code embed_tokens.weight}, {@code layers.3.self_attn.q_proj.weight},
 * {@code norm.weight}, ...). See {@link WeightNames} for every name. Immutable.
 *
 * @param config the model config
 * @param tensors weights by canonical name
 */
public record Checkpoint(ModelConfig config, Map<String, Tensor> tensors) {
    /** Copies the map. */
    public Checkpoint {
        Objects.requireNonNull(config, "config");
        tensors = Map.copyOf(tensors);
    }

    /**
     * A required tensor.
     *
     * @param name the canonical name
     * @return the tensor
     * @throws CollabException {@link ErrorCode#NOT_FOUND} when absent
     */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw CollabException.of(ErrorCode.NOT_FOUND, "checkpoint has no tensor " + name);
        }
        return t;
    }

    /**
     * An optional tensor.
     *
     * @param name the canonical name
     * @return the tensor, or empty
     */
    public Optional<Tensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }
}
