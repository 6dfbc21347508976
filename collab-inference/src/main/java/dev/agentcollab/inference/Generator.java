package dev.agentcollab.inference;

import java.util.random.RandomGenerator;

/**
 * Text generation over token ids. {@link DefaultGenerator} decodes one token per target forward;
 * {@link dev.agentcollab.inference.spec.SpeculativeGenerator} drafts K tokens with the MTP drafter and verifies them in
 * one forward. Both produce the same greedy output, and the same output distribution when sampling.
 *
 * <p>A generator drives one backend and is not thread safe; each call starts a new sequence.
 */
public interface Generator {
    /**
     * Generates a continuation of the prompt.
     *
     * @param prompt token ids (at least one; include BOS if the model expects it)
     * @param options length, sampling, stop tokens
     * @param random the randomness for sampling (unused by greedy decoding); a seeded generator gives reproducible
     *     output
     * @return the tokens, timings and counts
     * @throws dev.agentcollab.api.error.CollabException {@code INVALID_REQUEST} for an empty prompt, out-of-vocabulary
     *     ids or a prompt longer than the cache
     */
    GenerationResult generate(int[] prompt, GenerationOptions options, RandomGenerator random);

    /**
     * Scores a continuation by teacher forcing: the log-probability of each {@code continuation[i]} given the
     * context and {@code continuation[0..i)}, from the target's raw (temperature 1) distribution.
     *
     * @param context conditioning ids (at least one)
     * @param continuation ids to score
     * @return one log-probability per continuation token
     * @throws dev.agentcollab.api.error.CollabException {@code INVALID_REQUEST} for an empty context, out-of-vocabulary
     *     ids, or when the context and the continuation but its last token (which is predicted, never fed) need more
     *     positions than the cache holds, or when the logits give a scored token no finite log-probability (NaN or
     *     infinite logits, e.g. from NaN weights)
     */
    TokenScores score(int[] context, int[] continuation);
}
