package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.core.service.ServiceHarness;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Files become visible in stamp order: a post whose commit is slow holds back the posts stamped after it, so an
 * inbox poller that follows {@code after=<newest seen>} in ascending order never steps over a message.
 */
@Timeout(60)
class StampOrderTest {
    private final HeldStore store = new HeldStore(InMemoryBucketStore.create());
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    /** A thread per post (the common pool may have a single worker on a small machine). */
    private final ExecutorService posters = Executors.newVirtualThreadPerTaskExecutor();

    private ServiceHarness h;

    /** Holds the next central batch that writes a board message until released. */
    private static final class HeldStore extends ForwardingBucketStore {
        final AtomicBoolean armed = new AtomicBoolean();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicReference<RuntimeException> failWith = new AtomicReference<>();

        HeldStore(BucketStore delegate) {
            super(delegate);
        }

        @Override
        public void apply(BucketId bucket, List<? extends BatchOp> ops) {
            boolean board = ops.stream().anyMatch(op -> op.path().value().startsWith("message_board/"));
            if (board && armed.compareAndSet(true, false)) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                RuntimeException e = failWith.get();
                if (e != null) {
                    throw e;
                }
            }
            super.apply(bucket, ops);
        }
    }

    @AfterEach
    void stop() {
        store.release.countDown();
        posters.close();
    }

    @BeforeEach
    void agents() {
        h = new ServiceHarness(store, clock);
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 2);
        h.onboard("agent-3", 3);
    }

    private Page<MessageRecord> poll(String after) {
        return h.anonymous()
                .board()
                .inbox(
                        "agent-2",
                        ListQuery.builder().after(after).order(SortOrder.ASC).build());
    }

    private CompletableFuture<PostReceipt> slowPost(String body) throws InterruptedException {
        store.armed.set(true);
        CompletableFuture<PostReceipt> slow = CompletableFuture.supplyAsync(
                () -> h.anonymous().board().post(MessagePost.raw("agent-1", body)), posters);
        assertTrue(store.entered.await(10, TimeUnit.SECONDS));
        return slow;
    }

    /** A post by agent-3 a millisecond later, given time to commit (and be held back behind the slow one). */
    private CompletableFuture<PostReceipt> laterPost(String body) throws InterruptedException {
        clock.advanceMillis(1);
        CompletableFuture<PostReceipt> later = CompletableFuture.supplyAsync(
                () -> h.anonymous().board().post(MessagePost.raw("agent-3", body)), posters);
        Thread.sleep(200);
        return later;
    }

    @Test
    void aPollerNeverStepsOverAMessageWhoseCommitWasSlow() throws Exception {
        CompletableFuture<PostReceipt> slow = slowPost("first @agent-2");
        CompletableFuture<PostReceipt> fast = laterPost("second @agent-2");
        // an agent polls as the agent README says: ascending, after the newest filename seen
        List<String> delivered = new java.util.ArrayList<>();
        Page<MessageRecord> before = poll(null);
        before.items().forEach(m -> delivered.add(m.filename()));
        String cursor = delivered.isEmpty() ? null : delivered.getLast();
        store.release.countDown();
        PostReceipt first = slow.get(10, TimeUnit.SECONDS);
        PostReceipt second = fast.get(10, TimeUnit.SECONDS);
        poll(cursor).items().forEach(m -> delivered.add(m.filename()));
        assertTrue(first.filename().compareTo(second.filename()) < 0);
        assertEquals(List.of(first.filename(), second.filename()), delivered, "every message delivered once, in order");
    }

    @Test
    void aListingOfTheStoreHidesALaterStampUntilTheEarlierOneIsVisible() throws Exception {
        CompletableFuture<PostReceipt> slow = slowPost("first @agent-2");
        CompletableFuture<PostReceipt> fast = laterPost("second @agent-2");
        h.service.context().reads().invalidate(); // the next page lists the store, which holds the second message
        assertEquals(0, poll(null).items().size());
        store.release.countDown();
        slow.get(10, TimeUnit.SECONDS);
        fast.get(10, TimeUnit.SECONDS);
        assertEquals(2, poll(null).items().size());
    }

    @Test
    void aFailedEarlierWriteLetsTheLaterOnesThroughAtOnce() throws Exception {
        store.failWith.set(CollabException.of(dev.agentcollab.api.error.ErrorCode.UNAVAILABLE, "store down"));
        CompletableFuture<PostReceipt> slow = slowPost("lost @agent-2");
        CompletableFuture<PostReceipt> fast = laterPost("kept @agent-2");
        assertFalse(fast.isDone());
        store.release.countDown();
        assertTrue(slow.handle((r, e) -> e != null).get(10, TimeUnit.SECONDS), "the first post failed");
        PostReceipt kept = fast.get(5, TimeUnit.SECONDS);
        assertEquals(
                List.of(kept.filename()),
                poll(null).items().stream().map(MessageRecord::filename).toList());
    }
}
