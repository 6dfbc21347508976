package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The inbox page cache: an unchanged inbox answers with the same page instance; a mention, a broadcast and a
 * filtered query each give what the uncached listing gives.
 */
@Timeout(60)
class InboxPagesTest {
    private InMemoryBucketStore store;
    private CollabService service;
    private Collab bob;
    private Collab alice;

    @BeforeEach
    void start() {
        store = InMemoryBucketStore.create();
        service = CollabService.builder()
                .store(store)
                .config(CollabConfig.custom("org", "demo").build())
                .identity(StaticIdentityProvider.builder()
                        .member("tok-alice", "alice", "org", "admin")
                        .member("tok-bob", "bob", "org", "write")
                        .build())
                .build();
        bob = service.session("tok-bob");
        alice = service.session("tok-alice");
        for (String agent : List.of("agent-1", "agent-2")) {
            BucketId bucket = BucketId.parse("org/demo-" + agent);
            store.create(bucket, true);
            store.put(bucket, BucketPath.of(".bucket-sync-handshake"), "bob\n".getBytes(StandardCharsets.UTF_8));
            bob.agents().register(RegisterRequest.of(agent, "m", "h", List.of()));
        }
    }

    @AfterEach
    void stop() {
        service.close();
        store.close();
    }

    private Page<MessageRecord> inbox(ListQuery q) {
        return bob.board().inbox("agent-1", q);
    }

    private static List<String> names(Page<MessageRecord> p) {
        return p.items().stream().map(MessageRecord::filename).toList();
    }

    @Test
    void anUnchangedInboxIsTheSamePageAndAMentionReplacesIt() {
        String first =
                bob.board().post(MessagePost.raw("agent-2", "hi @agent-1")).filename();
        ListQuery q = ListQuery.builder().expand(true).limit(20).build();
        Page<MessageRecord> a = inbox(q);
        assertSame(a, inbox(q), "nothing changed: the cached page");
        assertSame(
                a,
                bob.board()
                        .inbox(
                                "agent-1",
                                ListQuery.builder().expand(true).limit(20).build()));

        bob.board().post(MessagePost.raw("agent-1", "a note to @agent-2")); // touches agent-2's inbox only
        assertSame(a, inbox(q), "another agent's inbox changed, not this one");

        String second =
                bob.board().post(MessagePost.raw("agent-2", "again @agent-1")).filename();
        Page<MessageRecord> b = inbox(q);
        assertNotSame(a, b);
        assertEquals(List.of(second, first), names(b));
        assertEquals(List.of(first), names(a), "a page once served does not change");
    }

    @Test
    void aBroadcastReplacesEveryInboxPage() {
        bob.board().post(MessagePost.raw("agent-2", "hi @agent-1"));
        ListQuery q = ListQuery.defaults();
        Page<MessageRecord> before = inbox(q);
        String broadcast = alice.board()
                .post(MessagePost.raw("human-alice", "everyone: read this").asBroadcast())
                .filename();
        Page<MessageRecord> after = inbox(q);
        assertNotSame(before, after);
        assertEquals(broadcast, after.items().getFirst().filename());
        assertEquals(before.count() + 1, after.count());
    }

    @Test
    void aFilteredQueryIsAnsweredAsBeforeAndNotKept() {
        bob.board().post(MessagePost.raw("agent-2", "hi @agent-1"));
        ListQuery filtered = ListQuery.builder().agent("agent-2").build();
        Page<MessageRecord> a = inbox(filtered);
        assertEquals(1, a.items().size());
        assertNotSame(a, inbox(filtered), "filtered queries take the general path every time");
    }
}
