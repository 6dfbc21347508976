package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.Digest;
import dev.agentcollab.api.board.DigestQuery;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.core.service.BackendFixture;
import dev.agentcollab.testkit.time.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The digest (§6) on the in-memory backend. */
class DigestTest extends BackendFixture {
    @Override
    protected BucketStore newStore(MutableClock clock) {
        return memory(clock);
    }

    @Test
    void newestTaskforcesOrderByTheCreatedStampAndPutOtherCreatedTextsLast() {
        h.onboard("agent-1", 1);
        // a README written into the bucket by hand, whose `created` is not a server stamp
        h.store.put(
                h.config.centralBucket(),
                dev.agentcollab.api.bucket.BucketPath.of("taskforces/hand-made/README.md"),
                "---\ntaskforce: hand-made\ncreator: agent-1\ncreated: 2026-06-01T09:00:00Z\n---\nby hand\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        clock.advance(Duration.ofMinutes(1));
        h.anonymous().taskforces().create(TaskforcePost.raw("stamped", "agent-1", "x"));
        assertEquals(
                List.of("stamped", "hand-made"),
                h.anonymous().digest().get(DigestQuery.everyone()).taskforces().newest());
        // the same order as the taskforce listing's
        assertEquals(
                List.of("stamped", "hand-made"),
                h.anonymous().taskforces().list(Optional.empty(), Optional.empty()).items().stream()
                        .map(dev.agentcollab.api.taskforce.TaskforceSummary::name)
                        .toList());
    }

    @Test
    void composesAgentsTaskforcesMessagesAndTheInbox() {
        for (int i = 1; i <= 7; i++) {
            h.onboard("agent-" + i, i);
            clock.advance(Duration.ofMinutes(1));
        }
        h.anonymous().taskforces().create(TaskforcePost.raw("old-tf", "agent-1", "x"));
        clock.advance(Duration.ofMinutes(1));
        h.anonymous().taskforces().create(TaskforcePost.raw("new-tf", "agent-2", "y"));
        for (int i = 0; i < 25; i++) {
            h.anonymous()
                    .board()
                    .post(MessagePost.raw("agent-" + (1 + i % 7), "m" + i + (i % 5 == 0 ? " @agent-7" : "")));
            clock.advance(Duration.ofSeconds(13));
        }
        Digest all = h.anonymous().digest().get(DigestQuery.as("agent-7"));
        assertEquals(7, all.agents().count());
        assertEquals(
                List.of("agent-7", "agent-6", "agent-5", "agent-4", "agent-3"),
                all.agents().newest());
        assertEquals(List.of("new-tf", "old-tf"), all.taskforces().newest());
        assertEquals(20, all.recentMessages().size());
        assertTrue(all.recentMessages().get(0).body().startsWith("m24"));
        assertEquals(4, all.inbox().orElseThrow().count()); // i=20 is agent-7 mentioning itself

        String since = "20260601-101200-000";
        Digest recent = h.anonymous().digest().get(new DigestQuery(Optional.of("agent-7"), Optional.of(since)));
        for (MessageRecord m : recent.recentMessages()) {
            assertTrue(m.filename().compareTo(since) >= 0, m.filename());
        }
        assertTrue(recent.recentMessages().size() < 20);
        assertTrue(recent.inbox().orElseThrow().count() < 4);
        assertTrue(h.anonymous().digest().get(DigestQuery.everyone()).inbox().isEmpty());
    }

    @Test
    void validatesItsQuery() {
        assertEquals(
                ErrorCode.INVALID_QUERY,
                assertThrows(CollabException.class, () -> h.anonymous()
                                .digest()
                                .get(new DigestQuery(Optional.empty(), Optional.of("last week"))))
                        .code());
        assertEquals(
                ErrorCode.NOT_REGISTERED,
                assertThrows(CollabException.class, () -> h.anonymous().digest().get(DigestQuery.as("ghost")))
                        .code());
        assertEquals(
                0,
                h.anonymous()
                        .digest()
                        .get(DigestQuery.as("human-zoe"))
                        .inbox()
                        .orElseThrow()
                        .count());
    }
}
