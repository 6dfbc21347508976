package dev.agentcollab.api.bucket;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A batch that a backend applied only in part ({@link ErrorCode#BATCH_PARTIALLY_APPLIED}): the Hugging Face Hub's
 * bucket batch is not transactional, so some of its operations may take effect while others fail. The exception
 * says exactly which: {@link #applied()} took effect, {@link #failed()} did not (with the backend's reason), and
 * {@link #pending()} were not sent or their outcome is unknown (a later call of a split batch, or a call that failed
 * in transit). Every operation of the contract sets or removes a whole file, so sending the failed and pending
 * operations again is safe; the whole batch may also be sent again.
 */
public final class PartialBatchException extends CollabException {
    private static final long serialVersionUID = 1L;

    /** The paths whose operation took effect. */
    private final List<BucketPath> applied;

    /** The paths whose operation failed, with the reason, in batch order. */
    private final Map<BucketPath, String> failed;

    /** The paths whose operation was not sent or has an unknown outcome. */
    private final List<BucketPath> pending;

    /**
     * Creates the exception.
     *
     * @param bucket the bucket written
     * @param applied the paths whose operation took effect
     * @param failed the paths whose operation failed, with the reason
     * @param pending the paths whose operation was not sent or has an unknown outcome
     * @param cause the failure that stopped the batch, or {@code null}
     */
    public PartialBatchException(
            BucketId bucket,
            List<BucketPath> applied,
            Map<BucketPath, String> failed,
            List<BucketPath> pending,
            Throwable cause) {
        super(
                ErrorCode.BATCH_PARTIALLY_APPLIED,
                message(bucket, applied, failed, pending),
                "send the failed and pending operations again (each sets or removes a whole file)",
                null,
                cause);
        this.applied = List.copyOf(applied);
        this.failed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failed));
        this.pending = List.copyOf(pending);
    }

    /**
     * The paths whose operation took effect.
     *
     * @return the paths, in batch order
     */
    public List<BucketPath> applied() {
        return applied;
    }

    /**
     * The paths whose operation failed, with the backend's reason.
     *
     * @return path to reason, in batch order
     */
    public Map<BucketPath, String> failed() {
        return failed;
    }

    /**
     * The paths whose operation was not sent, or sent without a known outcome.
     *
     * @return the paths, in batch order
     */
    public List<BucketPath> pending() {
        return pending;
    }

    private static String message(
            BucketId bucket, List<BucketPath> applied, Map<BucketPath, String> failed, List<BucketPath> pending) {
        Objects.requireNonNull(bucket, "bucket");
        StringBuilder m = new StringBuilder("batch on ")
                .append(bucket)
                .append(" partly applied: ")
                .append(applied.size())
                .append(" applied, ")
                .append(failed.size())
                .append(" failed, ")
                .append(pending.size())
                .append(" pending");
        int shown = 0;
        for (Map.Entry<BucketPath, String> f : failed.entrySet()) {
            if (shown++ == 5) {
                m.append("; ...");
                break;
            }
            m.append("; ").append(f.getKey()).append(": ").append(f.getValue());
        }
        return m.toString();
    }
}
