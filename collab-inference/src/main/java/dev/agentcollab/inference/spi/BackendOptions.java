package dev.agentcollab.inference.spi;

import dev.agentcollab.inference.kv.KvCacheLayout;
import dev.agentcollab.inference.kv.KvCachePlan;
import dev.agentcollab.inference.model.ModelConfig;
import java.util.Objects;

/**
 * Sizes a backend allocates up front; nothing is allocated per token afterwards.
 *
 * @param maxSequenceLength the longest sequence (prompt plus generated tokens plus draft slack)
 * @param maxBatch the most tokens one {@link InferenceBackend#forward} call accepts (prefill chunk, K+1 for
 *     verification)
 * @param threads worker threads for CPU kernels (1 = single-threaded; ignored by GPU backends)
 * @param kvLayout how sliding layers keep K/V: a ring of the window plus one forward ({@link KvCacheLayout#RING}, see
 *     {@link dev.agentcollab.inference.kv.KvCachePlan}) or full length
 */
public record BackendOptions(int maxSequenceLength, int maxBatch, int threads, KvCacheLayout kvLayout) {
    /** Validates the sizes. */
    public BackendOptions {
        Objects.requireNonNull(kvLayout, "kvLayout");
        if (maxSequenceLength <= 0) {
            throw new IllegalArgumentException("maxSequenceLength must be > 0, but was " + maxSequenceLength);
        }
        if (maxBatch <= 0 || maxBatch > maxSequenceLength) {
            throw new IllegalArgumentException("maxBatch must be in [1, maxSequenceLength], but was " + maxBatch);
        }
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be > 0, but was " + threads);
        }
    }

    /**
     * Options with sliding-window rings ({@link KvCacheLayout#RING}).
     *
     * @param maxSequenceLength the longest sequence
     * @param maxBatch the most tokens per forward
     * @param threads CPU worker threads
     */
    public BackendOptions(int maxSequenceLength, int maxBatch, int threads) {
        this(maxSequenceLength, maxBatch, threads, KvCacheLayout.RING);
    }

    /**
     * The same sizes with another K/V layout.
     *
     * @param layout the layout
     * @return new options
     */
    public BackendOptions withKvLayout(KvCacheLayout layout) {
        return new BackendOptions(maxSequenceLength, maxBatch, threads, layout);
    }

    /**
     * The K/V cache sizes these options give a model.
     *
     * @param config the target model
     * @return the plan the backend allocates
     */
    public KvCachePlan kvPlan(ModelConfig config) {
        return new KvCachePlan(config, maxSequenceLength, maxBatch, kvLayout);
    }

    /**
     * Defaults: 16-token batches and one thread per available processor.
     *
     * @param maxSequenceLength the longest sequence
     * @return the options
     */
    public static BackendOptions of(int maxSequenceLength) {
        return forDrafts(maxSequenceLength, 0, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Options for decoding with up to {@code draftTokens} drafts per verification: batches wide enough for a
     * verification ({@code draftTokens + 1} rows) and for a 16-token prefill chunk, but never wider than the
     * sequence (a short run would otherwise be refused).
     *
     * @param maxSequenceLength the longest sequence
     * @param draftTokens the most drafts verified at once, 0 for plain decoding
     * @param threads CPU worker threads
     * @return the options
     */
    public static BackendOptions forDrafts(int maxSequenceLength, int draftTokens, int threads) {
        return new BackendOptions(
                maxSequenceLength, Math.min(maxSequenceLength, Math.max(16, draftTokens + 1)), threads);
    }
}
