package dev.agentcollab.inference.harness;

/**
 * What the harness needs from a loaded submission: decode with the submission's own settings (plain or
 * speculative), decode plainly with the target alone (the greedy-identity reference), score continuations
 * (teacher forcing), and the tokenizer. {@link EngineSubmissionModel} implements it over the inference engine.
 *
 * <p>Implementations hold one sequence's state and are not thread safe; the harness calls them one request at a
 * time, which is also how the challenge measures (max concurrency 1).
 */
public interface SubmissionModel extends AutoCloseable {
    /**
     * A short description for tables and result files, e.g. {@code tiny-gemma4 + mtp k=4 (cpu)}.
     *
     * @return the description
     */
    String describe();

    /**
     * Generates exactly {@code outputTokens} tokens after the prompt with the submission's decoding settings,
     * ignoring end-of-sequence tokens (the challenge's {@code ignore_eos}).
     *
     * @param prompt the prompt token ids
     * @param outputTokens how many tokens to produce, at least 1
     * @return the generated tokens and speculative-decoding counters
     * @throws dev.agentcollab.api.error.CollabException {@code INVALID_REQUEST} when the model cannot hold the prompt
     *     and {@code outputTokens} more positions (its context is full first)
     */
    Generation generate(int[] prompt, int outputTokens);

    /**
     * Greedy decoding with the target model alone, no drafter: the reference the submission's greedy output must
     * equal token for token when it claims to be lossless, and the short generation a
     * {@link ChoiceScoring#GENERATED_LETTER} answer is read from. Never consumes the randomness
     * {@link #generate} samples with.
     *
     * @param prompt the prompt token ids
     * @param outputTokens how many tokens to produce
     * @return the generated token ids
     */
    int[] referenceGreedy(int[] prompt, int outputTokens);

    /**
     * Teacher-forced log-probabilities of the target tokens following the context.
     *
     * @param context the context token ids (at least one)
     * @param targets the continuation token ids
     * @return the natural-log probability of each target token, in order
     */
    double[] logProbs(int[] context, int[] targets);

    /**
     * Checks, before anything is timed, that a prompt can be decoded: it has at least one token and, where the model
     * knows its vocabulary, every id is in it. The caller names the prompt.
     *
     * @param prompt the prompt token ids
     * @throws dev.agentcollab.api.error.CollabException {@code INVALID_REQUEST} saying what is wrong with it
     */
    default void checkPrompt(int[] prompt) {
        if (prompt.length == 0) {
            throw dev.agentcollab.api.error.CollabException.of(
                    dev.agentcollab.api.error.ErrorCode.INVALID_REQUEST, "prompt must contain at least one token");
        }
    }

    /**
     * Encodes text (no special tokens added).
     *
     * @param text the text
     * @return the token ids
     */
    int[] encode(String text);

    /**
     * Decodes token ids to text.
     *
     * @param tokens the token ids
     * @return the text
     */
    String decode(int[] tokens);

    /**
     * Whether the model decodes with the checkpoint's weights exactly as stored. {@code false} when its weight format
     * rounded or quantised any of them at load time (f32 weights held as bf16, {@code q8_0}): then its greedy output
     * must be compared with the checkpoint decoded as stored, not with itself.
     *
     * @return {@code true} unless the loaded weights differ from the checkpoint's (the default)
     */
    default boolean weightsAsStored() {
        return true;
    }

    /** Releases the model. */
    @Override
    void close();

    /**
     * One generation.
     *
     * @param tokens the generated token ids
     * @param draftSteps how many draft-and-verify rounds ran (0 for plain decoding)
     * @param draftedTokens how many tokens the drafter proposed
     * @param acceptedTokens how many proposals the target accepted
     */
    record Generation(int[] tokens, long draftSteps, long draftedTokens, long acceptedTokens) {
        /** Validates the counters. */
        public Generation {
            tokens = tokens.clone();
            if (draftSteps < 0 || draftedTokens < 0 || acceptedTokens < 0 || acceptedTokens > draftedTokens) {
                throw new IllegalArgumentException("draft counters must be >= 0 and accepted <= drafted, but were "
                        + draftSteps + "/" + draftedTokens + "/" + acceptedTokens);
            }
        }

        /**
         * A plain (non-speculative) generation.
         *
         * @param tokens the generated token ids
         * @return the generation
         */
        public static Generation plain(int[] tokens) {
            return new Generation(tokens, 0, 0, 0);
        }

        /**
         * The generated token ids.
         *
         * @return a copy
         */
        @Override
        public int[] tokens() {
            return tokens.clone();
        }

        /**
         * How many tokens were generated.
         *
         * @return the count
         */
        public int length() {
            return tokens.length;
        }
    }
}
