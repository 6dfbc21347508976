package dev.agentcollab.core.service.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketInfo;
import dev.agentcollab.api.bucket.BucketListing;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.ListRequest;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.sync.SyncReceipt;
import dev.agentcollab.core.service.result.ResultsHarness;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A sync copies many files in one batch; what the service does after the copy (noting the new files for the next
 * read) must neither cost a listing per file nor turn a copy that happened into an error.
 */
class SyncListingTest {
    /** Counts listings of the central bucket; can fail the first one after a write. */
    private static final class CentralWatch implements BucketStore {
        final InMemoryBucketStore store;
        final AtomicInteger centralLists = new AtomicInteger();
        final AtomicBoolean failListAfterWrite = new AtomicBoolean();
        private final AtomicBoolean armed = new AtomicBoolean();

        CentralWatch(InMemoryBucketStore store) {
            this.store = store;
        }

        private static boolean central(BucketId b) {
            return b.name().endsWith("-main-bucket");
        }

        @Override
        public Optional<BucketInfo> info(BucketId bucket) {
            return store.info(bucket);
        }

        @Override
        public BucketInfo create(BucketId bucket, boolean existOk) {
            return store.create(bucket, existOk);
        }

        @Override
        public BucketListing list(BucketId bucket, ListRequest request) {
            if (central(bucket)) {
                centralLists.incrementAndGet();
                if (armed.getAndSet(false)) {
                    throw CollabException.of(ErrorCode.UNAVAILABLE, "listing failed");
                }
            }
            return store.list(bucket, request);
        }

        @Override
        public Optional<byte[]> read(BucketId bucket, BucketPath path) {
            return store.read(bucket, path);
        }

        @Override
        public void apply(BucketId bucket, List<? extends BatchOp> ops) {
            store.apply(bucket, ops);
            if (central(bucket) && failListAfterWrite.get()) {
                armed.set(true);
            }
        }

        @Override
        public String scheme() {
            return store.scheme();
        }
    }

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final CentralWatch store = new CentralWatch(InMemoryBucketStore.create(clock));

    private ResultsHarness harnessWithFiles(int files) {
        ResultsHarness h = new ResultsHarness(store, clock);
        h.onboard("agent-1", 1);
        for (int i = 0; i < files; i++) {
            h.put("agent-1", "out/f" + i + ".txt", "x" + i);
        }
        return h;
    }

    @Test
    void aSyncOfManyFilesCostsNoMoreCentralListingsThanASyncOfOne() {
        try (ResultsHarness h = harnessWithFiles(40)) {
            h.put("agent-1", "one/f.txt", "x");
            store.centralLists.set(0);
            h.anonymous().sync().artifacts(h.uri("agent-1", "one"), "one");
            int forOne = store.centralLists.getAndSet(0);
            SyncReceipt r = h.anonymous().sync().artifacts(h.uri("agent-1", "out"), "many");
            assertEquals(40, r.files().size());
            int forForty = store.centralLists.get();
            assertTrue(forForty <= forOne, "central listings: " + forOne + " for 1 file, " + forForty + " for 40");
        }
    }

    @Test
    void aFailedListingAfterTheCopyDoesNotFailTheSync() {
        try (ResultsHarness h = harnessWithFiles(3)) {
            store.failListAfterWrite.set(true);
            SyncReceipt r = h.anonymous().sync().artifacts(h.uri("agent-1", "out"), "ok");
            store.failListAfterWrite.set(false);
            assertEquals(3, r.files().size());
            assertEquals(Optional.of("x1"), h.central("artifacts/ok_agent-1/f1.txt"));
        }
    }
}
