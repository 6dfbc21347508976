package dev.agentcollab.inference.harness;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens a model for the harness. {@link EngineSubmissionModel#loader()} opens real checkpoints with the inference
 * engine; tests may supply their own. Implementations MUST be thread safe (each call opens a new model).
 */
@FunctionalInterface
public interface SubmissionModelLoader {
    /**
     * Opens a model.
     *
     * @param modelDir the target model directory
     * @param drafterDir the drafter directory, when speculative decoding is asked for
     * @param decoding the decoding settings
     * @return the opened model; the caller closes it
     */
    SubmissionModel open(Path modelDir, Optional<Path> drafterDir, DecodingSettings decoding);
}
