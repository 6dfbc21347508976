package dev.agentcollab.inference.spi;

/**
 * Sizes a backend allocates up front; nothing is allocated per token afterwards.
 *
 * @param maxSequenceLength the longest sequence (prompt plus generated tokens plus draft slack)
 * @param maxBatch the most tokens one {@link InferenceBackend#forward} call accepts (prefill chunk, K+1 for
 *     verification)
 * @param threads worker threads for CPU kernels (1 = single-threaded; ignored by GPU backends)
 */
public record BackendOptions(int maxSequenceLength, int maxBatch, int threads) {
    /** Validates the sizes. */
    public BackendOptions {
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
     * Defaults: 16-token batches and one thread per available processor.
     *
     * @param maxSequenceLength the longest sequence
     * @return the options
     */
    public static BackendOptions of(int maxSequenceLength) {
        return new BackendOptions(
                maxSequenceLength,
                Math.min(16, maxSequenceLength),
                Runtime.getRuntime().availableProcessors());
    }
}
