package dev.agentcollab.inference;

import dev.agentcollab.inference.sampling.SamplingOptions;
import java.util.List;
import java.util.Objects;

/**
 * Per-call generation knobs.
 *
 * @param maxNewTokens the most tokens to generate (&gt;= 1)
 * @param sampling greedy or seeded sampling; the randomness itself is passed to {@link Generator#generate}
 * @param stopTokenIds ids that end generation (the stop token is emitted); empty to ignore EOS (benchmark mode)
 * @param returnLogProbs whether {@link GenerationResult#logProbs()} is filled with each generated token's log-prob
 *     under the target's untempered distribution
 */
public record GenerationOptions(
        int maxNewTokens, SamplingOptions sampling, List<Integer> stopTokenIds, boolean returnLogProbs) {
    /** Validates and copies. */
    public GenerationOptions {
        if (maxNewTokens <= 0) {
            throw new IllegalArgumentException("maxNewTokens must be > 0, but was " + maxNewTokens);
        }
        Objects.requireNonNull(sampling, "sampling");
        stopTokenIds = List.copyOf(stopTokenIds);
    }

    /**
     * Greedy decoding of {@code maxNewTokens} tokens, no stop tokens, no log-probs.
     *
     * @param maxNewTokens the token count
     * @return the options
     */
    public static GenerationOptions greedy(int maxNewTokens) {
        return new GenerationOptions(maxNewTokens, SamplingOptions.greedy(), List.of(), false);
    }

    /**
     * A copy with other sampling options.
     *
     * @param s the sampling options
     * @return the copy
     */
    public GenerationOptions withSampling(SamplingOptions s) {
        return new GenerationOptions(maxNewTokens, s, stopTokenIds, returnLogProbs);
    }

    /**
     * A copy with other stop tokens.
     *
     * @param ids the stop token ids
     * @return the copy
     */
    public GenerationOptions withStopTokens(List<Integer> ids) {
        return new GenerationOptions(maxNewTokens, sampling, ids, returnLogProbs);
    }

    /**
     * A copy that returns log-probs.
     *
     * @param on whether to return them
     * @return the copy
     */
    public GenerationOptions withLogProbs(boolean on) {
        return new GenerationOptions(maxNewTokens, sampling, stopTokenIds, on);
    }
}
