package dev.agentcollab.inference.spi;

import dev.agentcollab.inference.sampling.SamplingOptions;

/**
 * The MTP draft loop recorded once over preallocated buffers and replayed for every speculative step (on CUDA: one
 * captured graph). One replay runs {@link #steps()} drafter forwards at a constant position: step 0 reads the
 * target's embedding of {@code lastToken} and the target's final hidden state of row {@code hiddenRow} of the most
 * recent {@link InferenceBackend#forward} call; step i &gt; 0 reads the embedding of the token proposed at step i-1
 * and the drafter's own projected hidden state. Every step's queries attend to the target's K/V cache
 * {@code [0, backend.length())}; nothing is written to it.
 *
 * <p>Token choice is part of the plan so that no host round-trip happens between steps: greedy plans take the
 * argmax; sampling plans apply {@link #sampling()} to the draft logits and pick by inverse CDF with the caller's
 * uniform draws, so the caller's {@code RandomGenerator} still decides every random choice.
 *
 * <p>Implementations are bound to one backend and are not thread safe; replay only from the thread driving the
 * backend. A replay MUST produce exactly what an eager run of the same drafter produces.
 */
public interface DraftPlan extends AutoCloseable {
    /**
     * Draft tokens proposed per replay (K).
     *
     * @return K &gt;= 1
     */
    int steps();

    /**
     * How draft tokens are chosen.
     *
     * @return the sampling options; greedy plans return {@link SamplingOptions#greedy()}
     */
    SamplingOptions sampling();

    /**
     * Replays the plan.
     *
     * @param lastToken the newest token, not yet in the target's cache (it sits at position {@code backend.length()})
     * @param hiddenRow which row of the last target forward holds the hidden state that produced {@code lastToken}
     * @param uniforms {@code steps()} draws in [0, 1) (read only by sampling plans; may be empty for greedy ones)
     * @param draftTokens receives {@code steps()} proposed ids
     * @param draftProbs for sampling plans, receives {@code steps() * vocabSize} draft probabilities q (row i is the
     *     distribution token i was drawn from); ignored by greedy plans (may be empty)
     */
    void replay(int lastToken, int hiddenRow, float[] uniforms, int[] draftTokens, float[] draftProbs);

    /** Releases buffers (device memory, graphs); the plan cannot be replayed afterwards. */
    @Override
    void close();
}
