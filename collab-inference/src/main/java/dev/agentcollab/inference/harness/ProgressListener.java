package dev.agentcollab.inference.harness;

/**
 * Receives progress of a long harness stage (throughput requests, perplexity records, eval items). Called from
 * the thread running the harness; implementations need not be thread safe.
 */
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void start(String stage, long total) {}

        @Override
        public void advance(long done, String detail) {}

        @Override
        public void finish() {}
    };

    /**
     * A stage begins.
     *
     * @param stage a short name, e.g. {@code throughput}
     * @param total the number of units, at least 1
     */
    void start(String stage, long total);

    /**
     * Units completed so far in the current stage.
     *
     * @param done units done, 0..total
     * @param detail a short live figure, e.g. {@code 41.2 tok/s} (may be empty)
     */
    void advance(long done, String detail);

    /** The current stage ended. */
    void finish();
}
