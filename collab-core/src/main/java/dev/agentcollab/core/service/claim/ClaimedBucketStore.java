package dev.agentcollab.core.service.claim;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketInfo;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A store that refuses every write once its service's {@link WriterClaim} is lost ({@link WriterClaim#guard}):
 * another service holds the collaboration then, and a write of this one would land among its writes. Reads go on,
 * and closing it closes nothing (the store belongs to whoever opened it).
 */
final class ClaimedBucketStore extends ForwardingBucketStore {
    private final CompletableFuture<String> lost;

    ClaimedBucketStore(BucketStore delegate, CompletableFuture<String> lost) {
        super(delegate);
        this.lost = lost;
    }

    @Override
    public BucketInfo create(BucketId bucket, boolean existOk) {
        refuseIfLost();
        return super.create(bucket, existOk);
    }

    @Override
    public void apply(BucketId bucket, List<? extends BatchOp> ops) {
        refuseIfLost();
        super.apply(bucket, ops);
    }

    @Override
    public void close() {
        // the guarded store stays open: it is its opener's
    }

    private void refuseIfLost() {
        if (lost.isDone() && !lost.isCancelled()) {
            throw CollabException.of(
                    ErrorCode.CONFLICT,
                    "this service no longer holds its collaboration, so it writes nothing more: " + lost.getNow(""),
                    "stop this service; the one that took the collaboration over serves it now");
        }
    }
}
