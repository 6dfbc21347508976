package dev.agentcollab.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.PartialBatchException;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store that applies a batch only in part (the Hub) must not leave a write's records (idempotency record, dedup
 * claim, transaction record) standing for a write that failed: they are removed with what else landed, and when
 * that removal fails too, their readers ignore them because the file they name is missing.
 */
class PartialBatchRecordsTest extends BackendFixture {
    /** How many central batches still fail their message_board/ put (the rest of the batch is applied). */
    private final AtomicInteger boardFailures = new AtomicInteger();
    /** Whether batches of deletions only (the removal of what a failed write left) fail. */
    private volatile boolean undoFails;

    @Override
    protected BucketStore newStore(MutableClock clock) {
        return new ForwardingBucketStore(memory(clock)) {
            @Override
            public void apply(BucketId bucket, List<? extends BatchOp> ops) {
                boolean central = bucket.name().endsWith("-main-bucket");
                if (central && undoFails && !ops.isEmpty() && ops.stream().allMatch(o -> o instanceof BatchOp.Delete)) {
                    throw new PartialBatchException(
                            bucket, List.of(), Map.of(ops.get(0).path(), "simulated Hub failure"), List.of(), null);
                }
                boolean hit = central
                        && ops.stream().anyMatch(o -> o.path().value().startsWith("message_board/"))
                        && boardFailures.get() > 0;
                if (!hit) {
                    super.apply(bucket, ops);
                    return;
                }
                boardFailures.decrementAndGet();
                List<BatchOp> ok = new ArrayList<>();
                Map<BucketPath, String> failed = new LinkedHashMap<>();
                for (BatchOp op : ops) {
                    if (op.path().value().startsWith("message_board/")) {
                        failed.put(op.path(), "simulated Hub failure");
                    } else {
                        ok.add(op);
                    }
                }
                super.apply(bucket, ok);
                throw new PartialBatchException(
                        bucket, ok.stream().map(BatchOp::path).toList(), failed, List.of(), null);
            }
        };
    }

    private List<String> central(String prefix) {
        return h.store.listAll(h.config.centralBucket(), prefix).stream()
                .map(e -> e.path().value())
                .toList();
    }

    @ParameterizedTest(name = "removal of what landed fails: {0}")
    @ValueSource(booleans = {false, true})
    void aPartiallyAppliedPostGetsNoRecoveredAuditRow(boolean failingUndo) throws Exception {
        h.onboard("agent-1", 1);
        undoFails = failingUndo;
        boardFailures.set(2);
        assertThrows(CollabException.class, () -> h.anonymous().board().post(MessagePost.raw("agent-1", "lost")));
        undoFails = false;
        h.service.close();
        h = h.restart();
        long rows = h.service.context().audit().lines("202606").stream()
                .filter(l -> l.contains("message_board/"))
                .count();
        assertEquals(0, h.anonymous().board().messages(ListQuery.defaults()).count());
        assertEquals(0, rows, "an audit row for a message that was never written");
        assertEquals(List.of(), central(".collab/txn/"), "recovery settles the stale record too");
    }

    @ParameterizedTest(name = "removal of what landed fails: {0}")
    @ValueSource(booleans = {false, true})
    void aPlainRetryOfAPartiallyAppliedPromotionPostsTheMessage(boolean failingUndo) {
        h.onboard("agent-1", 1);
        h.put("agent-1", "msgs/m.md", "---\ntype: agent\n---\nmy findings\n");
        MessagePost fromSource = MessagePost.fromSource(h.uri("agent-1", "msgs/m.md"));
        undoFails = failingUndo;
        boardFailures.set(2);
        CollabException first =
                assertThrows(CollabException.class, () -> h.anonymous().board().post(fromSource));
        assertEquals(ErrorCode.BATCH_PARTIALLY_APPLIED, first.code());
        assertEquals(failingUndo ? 1 : 0, central(".collab/dedup/").size());
        undoFails = false;
        clock.advance(Duration.ofMinutes(1));
        PostReceipt posted = h.anonymous().board().post(fromSource);
        assertEquals(1, h.anonymous().board().messages(ListQuery.defaults()).count(), "the retry posts the message");
        CollabException again =
                assertThrows(CollabException.class, () -> h.anonymous().board().post(fromSource));
        assertEquals(ErrorCode.ALREADY_PROMOTED, again.code(), "the message that exists is still deduplicated");
        assertTrue(
                again.hint().orElse("").contains(posted.filename()),
                again.hint().orElse(""));
    }

    @ParameterizedTest(name = "removal of what landed fails: {0}")
    @ValueSource(booleans = {false, true})
    void aKeyedRetryAfterAPartiallyAppliedPostPostsTheMessage(boolean failingUndo) {
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 2);
        MessagePost post = MessagePost.raw("agent-1", "hello @agent-2");
        undoFails = failingUndo;
        boardFailures.set(2); // the batch and its resend both fail the board file
        CollabException first = assertThrows(CollabException.class, () -> h.service
                .session(CallContext.anonymous().withIdempotencyKey("k-1"))
                .board()
                .post(post));
        assertEquals(ErrorCode.BATCH_PARTIALLY_APPLIED, first.code());
        if (!failingUndo) {
            assertEquals(List.of(), central(".collab/idempotency/"));
            for (String txn : central(".collab/txn/")) { // other writes' records may wait for their rows
                String record = h.store
                        .readString(h.config.centralBucket(), BucketPath.of(txn))
                        .orElse("");
                assertFalse(record.contains("message_board/"), "the failed post's transaction record: " + record);
            }
            assertEquals(List.of(), central("inbox/agent-2/"), "the inbox copy of the failed post is removed");
        }
        undoFails = false;

        PostReceipt retried = h.service
                .session(CallContext.anonymous().withIdempotencyKey("k-1"))
                .board()
                .post(post);
        assertEquals(1, h.anonymous().board().messages(ListQuery.defaults()).count(), "the retry wrote the message");
        assertEquals(
                retried.filename(),
                h.anonymous().board().message(retried.filename()).filename());
        PostReceipt replayed = h.service
                .session(CallContext.anonymous().withIdempotencyKey("k-1"))
                .board()
                .post(post);
        assertEquals(retried.filename(), replayed.filename(), "a further retry replays the message that exists");
        assertEquals(1, h.anonymous().board().messages(ListQuery.defaults()).count());
    }

    @Test
    void theFailureNamesWhatTheFirstCallApplied() {
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 2);
        boardFailures.set(2);
        CollabException e = assertThrows(
                CollabException.class, () -> h.anonymous().board().post(MessagePost.raw("agent-1", "hello @agent-2")));
        assertEquals(ErrorCode.BATCH_PARTIALLY_APPLIED, e.code());
        // the board file failed twice; the inbox copy and the transaction record (with any deletions of settled
        // records the batch carried) were applied by the first call
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(\\d+) applied, 1 failed").matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        assertTrue(Integer.parseInt(m.group(1)) >= 2, e.getMessage());
    }
}
