package dev.agentcollab.core.service.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.result.VerdictReceipt;
import dev.agentcollab.api.result.VerdictRequest;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An organizer's verdict, its announcement and the announcement's audit and idempotency records are one commit: a
 * failure of that commit leaves the verdict as it was, and the keyed retry reports the state the verdict replaced.
 */
class VerdictAnnouncementFailureTest extends ResultsHarnessFixture {
    static final AtomicBoolean failAnnouncement = new AtomicBoolean();

    @Override
    protected BucketStore newStore(Path dir, MutableClock clock) {
        return new ForwardingBucketStore(InMemoryBucketStore.create(clock)) {
            @Override
            public void apply(BucketId bucket, List<? extends BatchOp> ops) {
                if (bucket.name().endsWith("-main-bucket")
                        && ops.stream().anyMatch(o -> o.path().value().startsWith("message_board/"))
                        && failAnnouncement.compareAndSet(true, false)) {
                    throw CollabException.of(ErrorCode.UNAVAILABLE, "store briefly unavailable");
                }
                super.apply(bucket, ops);
            }
        };
    }

    private long verdictRows() {
        return h.service.context().audit().lines("202606").stream()
                .filter(l -> l.contains("/verification"))
                .count();
    }

    @Test
    void aFailedAnnouncementLeavesTheVerdictAsItWasAndTheRetryReportsTheReplacedState() {
        String f = h.promote("agent-1", "results/r.md", ResultsHarness.fm(7, "agent-run"));
        h.service.context().audit().flush();
        int messages = h.anonymous().board().messages(ListQuery.defaults()).count();
        failAnnouncement.set(true);
        CollabException e = assertThrows(CollabException.class, () -> h.service
                .session(CallContext.ofToken("tok-alice").withIdempotencyKey("v-1"))
                .results()
                .setVerification(f, new VerdictRequest("invalid", "sorted input")));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals("pending", h.anonymous().results().get(f).verification(), "the failed call changed nothing");
        assertEquals(0, verdictRows());

        VerdictReceipt retry = h.service
                .session(CallContext.ofToken("tok-alice").withIdempotencyKey("v-1"))
                .results()
                .setVerification(f, new VerdictRequest("invalid", "sorted input"));
        assertEquals("invalid", h.anonymous().results().get(f).verification());
        assertEquals("pending", retry.previous(), "the verdict replaced 'pending'");
        assertEquals(1, verdictRows(), "one audit row for the verdict");
        assertEquals(
                messages + 1,
                h.anonymous().board().messages(ListQuery.defaults()).count(),
                "one announcement");
        VerdictReceipt replay = h.service
                .session(CallContext.ofToken("tok-alice").withIdempotencyKey("v-1"))
                .results()
                .setVerification(f, new VerdictRequest("invalid", "sorted input"));
        assertEquals(retry, replay, "a further retry replays the first answer");
    }
}
