package dev.agentcollab.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.core.bucket.hf.HfBucketStore;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.hf.HttpXetUploader;
import dev.agentcollab.testkit.hub.FakeHfHub;
import dev.agentcollab.testkit.junit.StartFakeHub;
import dev.agentcollab.testkit.time.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link PartialBatchRecordsTest}'s keyed retry on HfBucketStore, over the fake Hub's per-operation failures. */
class PartialBatchRecordsHfTest extends BackendFixture {
    @StartFakeHub
    static FakeHfHub hub;

    private final AtomicInteger boardFailures = new AtomicInteger();

    @BeforeAll
    static void users() {
        hub.addUser("svc", "hf_svc", Map.of("org", "write"));
    }

    @Override
    protected BucketStore newStore(MutableClock clock) {
        HfHubClient client =
                HfHubClient.builder().endpoint(hub.endpoint()).token("hf_svc").build();
        BucketStore hf = HfBucketStore.create(
                client, new HttpXetUploader(java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(30)), clock);
        return new ForwardingBucketStore(hf) {
            @Override
            public void apply(BucketId bucket, List<? extends BatchOp> ops) {
                String board = ops.stream()
                        .map(o -> o.path().value())
                        .filter(p -> p.startsWith("message_board/"))
                        .findFirst()
                        .orElse(null);
                if (board != null && boardFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    hub.failNextBatchOperation(board, "simulated: upload not found");
                }
                super.apply(bucket, ops);
            }
        };
    }

    @Test
    void aKeyedRetryAfterAPartiallyAppliedPostPostsTheMessage() {
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 2);
        MessagePost post = MessagePost.raw("agent-1", "hello @agent-2");
        boardFailures.set(2);
        CollabException first = assertThrows(CollabException.class, () -> h.service
                .session(CallContext.anonymous().withIdempotencyKey("k-1"))
                .board()
                .post(post));
        assertEquals(ErrorCode.BATCH_PARTIALLY_APPLIED, first.code());
        PostReceipt retried = h.service
                .session(CallContext.anonymous().withIdempotencyKey("k-1"))
                .board()
                .post(post);
        assertEquals(1, h.anonymous().board().messages(ListQuery.defaults()).count(), "the retry wrote the message");
        assertEquals(
                retried.filename(),
                h.anonymous().board().message(retried.filename()).filename());
        assertEquals(
                1,
                h.anonymous().board().inbox("agent-2", ListQuery.defaults()).count(),
                "the first attempt's inbox copy was removed");
    }
}
