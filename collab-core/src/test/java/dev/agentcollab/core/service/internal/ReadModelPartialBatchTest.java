package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.PartialBatchException;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The central bucket's writes stay correct when the store applies a batch only in part (as the Hub may). */
class ReadModelPartialBatchTest {
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final BucketId central = BucketId.parse("org/central");

    @Test
    void aBatchTheStoreAppliedInPartIsCompletedByResendingWhatFailed() {
        PartialStore store = new PartialStore(InMemoryBucketStore.create(clock), Set.of("inbox/b.md"), 1);
        ReadModel reads = reads(store);
        reads.apply(List.of(put("board/m.md"), put("inbox/a.md"), put("inbox/b.md")));
        assertEquals(List.of("board/m.md", "inbox/a.md", "inbox/b.md"), paths(reads));
        assertEquals(List.of(3, 1), store.batchSizes, "only the failed operation was sent again");
    }

    @Test
    void whenTheResendFailsTooTheWriteFailsAndReadsShowWhatWasApplied() {
        PartialStore store = new PartialStore(InMemoryBucketStore.create(clock), Set.of("inbox/b.md"), 2);
        ReadModel reads = reads(store);
        assertEquals(List.of(), paths(reads));
        CollabException e =
                assertThrows(CollabException.class, () -> reads.apply(List.of(put("board/m.md"), put("inbox/b.md"))));
        assertEquals(ErrorCode.BATCH_PARTIALLY_APPLIED, e.code());
        assertEquals(List.of("board/m.md"), paths(reads), "the cached empty listing was dropped");
    }

    private ReadModel reads(PartialStore store) {
        store.create(central, false);
        return new ReadModel(store, central, clock, Duration.ofMinutes(5), 1024);
    }

    private static List<String> paths(ReadModel reads) {
        return reads.list("").stream().map(x -> x.path().value()).toList();
    }

    private static BatchOp put(String path) {
        return BatchOp.put(path, path.getBytes(StandardCharsets.UTF_8));
    }

    /** Applies every operation except those on the failing paths, and reports them, the first {@code times} calls. */
    private static final class PartialStore extends ForwardingBucketStore {
        private final Set<String> failing;
        private int times;
        final List<Integer> batchSizes = new ArrayList<>();

        PartialStore(InMemoryBucketStore delegate, Set<String> failing, int times) {
            super(delegate);
            this.failing = failing;
            this.times = times;
        }

        @Override
        public void apply(BucketId bucket, List<? extends BatchOp> ops) {
            batchSizes.add(ops.size());
            if (times == 0) {
                super.apply(bucket, ops);
                return;
            }
            times--;
            List<BatchOp> ok = new ArrayList<>();
            Map<BucketPath, String> failed = new LinkedHashMap<>();
            for (BatchOp op : ops) {
                if (failing.contains(op.path().value())) {
                    failed.put(op.path(), "simulated failure");
                } else {
                    ok.add(op);
                }
            }
            super.apply(bucket, ok);
            throw new PartialBatchException(
                    bucket, ok.stream().map(BatchOp::path).toList(), failed, List.of(), null);
        }
    }
}
