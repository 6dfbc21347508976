package dev.agentcollab.inference.model;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.safetensors.Tensor;
import java.util.Map;
import java.util.Objects;

/**
 * An MTP drafter's config and weights, tensor names canonicalised ({@code pre_projection.weight},
 * {@code post_projection.weight}, {@code layers.N...}, {@code norm.weight}, {@code embed_tokens.weight},
 * {@code masked_embedding.centroids.weight}, {@code masked_embedding.token_ordering}). Immutable.
 *
 * @param config the drafter config
 * @param tensors weights by canonical name
 */
public record DrafterCheckpoint(DrafterConfig config, Map<String, Tensor> tensors) {
    /** Copies the map. */
    public DrafterCheckpoint {
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
            throw CollabException.of(ErrorCode.NOT_FOUND, "drafter checkpoint has no tensor " + name);
        }
        return t;
    }
}
