package dev.agentcollab.hf.buckets;

import java.util.List;
import java.util.Objects;

/**
 * The Hub's answer to one batch call: {@code {"success", "processed", "succeeded", "failed": [{"path", "error"}]}},
 * sent with status 200, or 422 when some operations failed. The batch is not transactional: the operations not
 * listed in {@link #failed()} took effect even when others failed.
 *
 * @param processed how many operations the Hub processed
 * @param succeeded how many took effect
 * @param failed the operations that did not, in the Hub's order
 */
public record HfBatchResult(int processed, int succeeded, List<Failure> failed) {
    /** Checks for null and copies the list. */
    public HfBatchResult {
        failed = List.copyOf(failed);
    }

    /**
     * One operation the Hub could not apply.
     *
     * @param path the operation's path
     * @param error the Hub's reason
     */
    public record Failure(String path, String error) {
        /** Checks for nulls. */
        public Failure {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * Whether every operation took effect.
     *
     * @return {@code true} when nothing failed
     */
    public boolean complete() {
        return failed.isEmpty();
    }
}
