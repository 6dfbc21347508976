package dev.agentcollab.inference.spi;

import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.sampling.SamplingOptions;

/**
 * A target model (and optionally its MTP drafter) loaded on one device, holding one sequence's K/V cache. This is
 * the narrow seam every backend implements ({@code CpuBackend} is the reference; a CUDA backend implements the same
 * contract and is checked against it); generation, speculative decoding and scoring are written once on top of it.
 *
 * <p>State: the cache holds positions {@code [0, length())}. {@link #forward} appends, {@link #truncate} rolls back
 * (after a rejected draft). Row {@code r} of a forward is the token at position {@code length() + r} (before the
 * call). The final hidden state of every row of the latest forward is kept for the drafter.
 *
 * <p>Determinism contract: the logits of a position MUST NOT depend on how tokens were batched into forward calls
 * (bit-identical on the CPU backend), so speculative greedy decoding equals plain greedy decoding.
 *
 * <p>Not thread safe: one thread drives a backend. All buffers are allocated when the backend is opened.
 */
public interface InferenceBackend extends AutoCloseable {
    /**
     * A short name for logs and bench tables, e.g. {@code cpu-vector} or {@code cuda}.
     *
     * @return the name
     */
    String name();

    /**
     * The target model's config.
     *
     * @return the config
     */
    ModelConfig config();

    /**
     * Whether a drafter is loaded, so that {@link #recordDraftPlan} works.
     *
     * @return {@code true} with a drafter
     */
    boolean hasDrafter();

    /**
     * The sizes this backend was opened with.
     *
     * @return the options
     */
    BackendOptions options();

    /**
     * Positions currently cached.
     *
     * @return the sequence length
     */
    int length();

    /**
     * Drops cached positions at and after {@code length}; {@code truncate(0)} starts a new sequence. Rolling back to
     * the start of the latest forward or later is always exact; with sliding-window rings
     * ({@link dev.agentcollab.inference.kv.KvCacheLayout#RING}) a rollback further back is refused when the ring has
     * overwritten an entry the new length needs.
     *
     * @param length the new length, in [0, length()]
     * @throws dev.agentcollab.api.error.CollabException {@code INVALID_REQUEST} when a ring no longer holds what
     *     {@code length} needs (see {@link dev.agentcollab.inference.kv.KvRetention})
     */
    void truncate(int length);

    /**
     * Runs the target on {@code count} tokens at positions {@code length()..length()+count-1}, appends their K/V and
     * writes logits (after the final soft-cap).
     *
     * @param tokens token ids; the first {@code count} are used
     * @param count tokens to run, in [1, options().maxBatch()], not exceeding the free cache
     * @param logits receives {@code count * vocabSize} logits when {@code allRows}, else only the last row's
     *     {@code vocabSize}
     * @param allRows whether every row's logits are needed (verification, scoring) or only the last (prefill)
     */
    void forward(int[] tokens, int count, float[] logits, boolean allRows);

    /**
     * Like {@link #forward} but returns the argmax (lowest id on ties) of every row instead of logits; backends may
     * avoid copying logits off the device.
     *
     * @param tokens token ids
     * @param count tokens to run
     * @param argmax receives {@code count} ids
     */
    default void forwardArgmax(int[] tokens, int count, int[] argmax) {
        int vocab = config().vocabSize();
        float[] logits = new float[count * vocab];
        forward(tokens, count, logits, true);
        for (int r = 0; r < count; r++) {
            int best = 0;
            for (int i = 1; i < vocab; i++) {
                if (logits[r * vocab + i] > logits[r * vocab + best]) {
                    best = i;
                }
            }
            argmax[r] = best;
        }
    }

    /**
     * Records the drafter loop for {@code steps} draft tokens; the plan is replayed once per speculative step.
     *
     * @param steps K, at least 1 and below {@code options().maxBatch()}
     * @param sampling how draft tokens are chosen
     * @return the plan, owned by the caller (close it)
     * @throws dev.agentcollab.api.error.CollabException {@code INVALID_REQUEST} when no drafter is loaded
     */
    DraftPlan recordDraftPlan(int steps, SamplingOptions sampling);

    /**
     * A draft plan that runs the drafter eagerly (no recording); the reference a recorded plan must match. Backends
     * without a separate eager path return a recorded plan.
     *
     * @param steps K
     * @param sampling how draft tokens are chosen
     * @return the plan, owned by the caller
     */
    default DraftPlan eagerDraftPlan(int steps, SamplingOptions sampling) {
        return recordDraftPlan(steps, sampling);
    }

    /** Frees all buffers and worker threads. */
    @Override
    void close();
}
