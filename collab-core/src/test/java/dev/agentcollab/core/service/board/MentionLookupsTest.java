package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.api.board.MentionMiss;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.core.service.BackendFixture;
import dev.agentcollab.testkit.time.MutableClock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Mentions are routed from the agents listing, as in the reference: a body full of {@code @words} that name no agent
 * (a pasted Javadoc, a long list of typos) costs no read of the store per word.
 */
class MentionLookupsTest extends BackendFixture {
    private CountingReads counting;

    /** Counts reads of registration files. */
    private static final class CountingReads extends ForwardingBucketStore {
        final AtomicInteger registrations = new AtomicInteger();

        CountingReads(BucketStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<byte[]> read(BucketId bucket, BucketPath path) {
            if (path.value().startsWith("agents/")) {
                registrations.incrementAndGet();
            }
            return super.read(bucket, path);
        }
    }

    @Override
    protected BucketStore newStore(MutableClock clock) {
        counting = new CountingReads(memory(clock));
        return counting;
    }

    @Test
    void unknownMentionsAreNotLookedUpOneByOne() {
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 2);
        StringBuilder body = new StringBuilder("@agent-2 ");
        for (int i = 0; i < 500; i++) {
            body.append("@param x @typo-").append(i).append(' ');
        }
        int before = counting.registrations.get();
        PostReceipt r = h.anonymous().board().post(MessagePost.raw("agent-1", body.toString()));
        assertEquals(List.of("agent-2"), r.mentionsDelivered());
        assertEquals(501, r.mentionsNotDelivered().size());
        assertEquals(
                new MentionMiss("param", MentionMiss.NOT_REGISTERED),
                r.mentionsNotDelivered().getFirst());
        assertEquals(0, counting.registrations.get() - before, "registration files read for the mentions");
    }
}
