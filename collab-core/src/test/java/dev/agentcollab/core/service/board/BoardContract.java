package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.MentionMiss;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import dev.agentcollab.core.service.BackendFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Messages, inboxes, broadcasts and the read model (§5, §9), run on every backend. */
abstract class BoardContract extends BackendFixture {

    @BeforeEach
    void agents() {
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 2);
        h.onboard("agent-3", 3);
    }

    private static ErrorCode code(Runnable r) {
        return assertThrows(CollabException.class, r::run).code();
    }

    private byte[] central(String path) {
        return h.store.read(h.config.centralBucket(), BucketPath.of(path)).orElseThrow();
    }

    @Test
    void rawPostIsStampedAndListed() {
        PostReceipt r = h.anonymous().board().post(MessagePost.raw("agent-1", "hello board"));
        assertEquals("20260601-100000-000_agent-1.md", r.filename());
        assertEquals("raw", r.via());
        assertEquals("message_board/20260601-100000-000_agent-1.md", r.path());
        assertEquals(
                "---\ntype: agent\nagent: agent-1\ntimestamp: 2026-06-01 10:00 UTC\nvia: raw\n---\n\nhello board\n",
                new String(central(r.path()), StandardCharsets.UTF_8));
        MessageRecord m = h.anonymous().board().message(r.filename());
        assertEquals("hello board\n", m.body());
        assertEquals("agent-1", m.field("agent").orElseThrow());
        assertEquals(ErrorCode.NOT_FOUND, code(() -> h.anonymous().board().message("20990101-000000-000_x.md")));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> h.anonymous().board().message("notes.txt")));
        assertEquals(ErrorCode.INVALID_PATH, code(() -> h.anonymous().board().message("../agents/agent-1.md")));
        assertEquals(ErrorCode.INVALID_PATH, code(() -> h.anonymous().board().thread("a/b.md")));
    }

    @Test
    void sourcePostIsAttributedToTheBucketOwner() {
        h.put("agent-2", "drafts/plan.md", "---\nagent: agent-1\ntopic: kernels\n---\n\nmy plan\n");
        PostReceipt r = h.anonymous().board().post(MessagePost.fromSource(h.uri("agent-2", "drafts/plan.md")));
        assertEquals("20260601-100000-000_agent-2.md", r.filename());
        assertEquals("bucket", r.via());
        MessageRecord m = h.anonymous().board().message(r.filename());
        // the client claimed agent-1; the bucket proves agent-2 and the server stamp wins in place
        assertEquals("agent-2", m.field("agent").orElseThrow());
        assertEquals(
                List.of("agent", "topic", "type", "timestamp", "via"),
                List.copyOf(m.frontmatter().keySet()));
        assertEquals("agent", m.field("type").orElseThrow());
    }

    @Test
    void typeDefaultsOnlyWhenAbsentOrEmptyAsInTheReference() {
        // setdefault: a file's explicit `type: null` is what the agent wrote, and stays
        h.put("agent-2", "drafts/null-type.md", "---\ntype: null\ntopic: x\n---\n\nuntyped\n");
        PostReceipt nullType =
                h.anonymous().board().post(MessagePost.fromSource(h.uri("agent-2", "drafts/null-type.md")));
        assertEquals(
                "---\ntype: null\ntopic: x\nagent: agent-2\ntimestamp: 2026-06-01 10:00 UTC\nvia: bucket\n---\n\n"
                        + "untyped\n",
                new String(central(nullType.path()), StandardCharsets.UTF_8));
        assertEquals(
                List.of(nullType.filename()),
                h.anonymous().board().messages(ListQuery.builder().type("None").build()).items().stream()
                        .map(MessageRecord::filename)
                        .toList());
        // `req.type or default`: an empty request type is the default type
        PostReceipt empty = h.anonymous()
                .board()
                .post(MessagePost.raw("agent-1", "empty type").withType(""));
        assertEquals(
                "agent",
                h.anonymous().board().message(empty.filename()).field("type").orElseThrow());
        PostReceipt human =
                h.as("tok-bob").board().post(MessagePost.raw("human-bob", "hi").withType(""));
        assertEquals(
                "user",
                h.anonymous().board().message(human.filename()).field("type").orElseThrow());
    }

    @Test
    void rejectsTraversalForeignOrgsAndForeignBuckets() {
        String[] bad = {
            "hf://buckets/org/collab-agent-1/../collab-agent-2/x.md",
            "hf://buckets/org/collab-agent-1/a/../../x.md",
            "hf://buckets/org/collab-agent-1/.bucket-sync-handshake",
            "hf://buckets/org/collab-agent-1//x.md",
            "hf://buckets/other/collab-agent-1/x.md",
            "hf://buckets/org/collab-/x.md",
            "hf://buckets/org/evil-agent-1/x.md",
            "hf://buckets/org/collab-Agent-1/x.md",
            "s3://bucket/x.md",
            "/etc/passwd",
        };
        for (String uri : bad) {
            assertEquals(
                    ErrorCode.INVALID_PATH, code(() -> h.anonymous().board().post(MessagePost.fromSource(uri))), uri);
        }
        assertEquals(
                ErrorCode.SOURCE_NOT_FOUND,
                code(() -> h.anonymous().board().post(MessagePost.fromSource(h.uri("agent-1", "missing.md")))));
        assertEquals(
                ErrorCode.NOT_REGISTERED,
                code(() -> h.anonymous().board().post(MessagePost.fromSource(h.uri("ghost", "x.md")))));
    }

    @Test
    void identitySpoofingIsRejected() {
        // a raw post may only name a registered agent
        assertEquals(ErrorCode.NOT_REGISTERED, code(() -> h.anonymous().board().post(MessagePost.raw("ghost", "x"))));
        assertEquals(ErrorCode.NOT_REGISTERED, code(() -> h.anonymous().board().post(MessagePost.raw("human", "x"))));
        // human handles need the owner's token and org membership
        assertEquals(
                ErrorCode.UNAUTHORIZED, code(() -> h.anonymous().board().post(MessagePost.raw("human-alice", "x"))));
        assertEquals(
                ErrorCode.IDENTITY_MISMATCH,
                code(() -> h.as("tok-bob").board().post(MessagePost.raw("human-alice", "x"))));
        assertEquals(
                ErrorCode.IDENTITY_MISMATCH,
                code(() -> h.as("tok-eve").board().post(MessagePost.raw("human-eve", "x"))));
        PostReceipt ok = h.as("tok-bob").board().post(MessagePost.raw("human-bob", "hi from bob"));
        assertEquals("dashboard", ok.via());
        assertEquals(
                "user",
                h.anonymous().board().message(ok.filename()).field("type").orElseThrow());
        // broadcasts: organizers only
        assertEquals(ErrorCode.NOT_ORGANIZER, code(() -> h.as("tok-bob")
                .board()
                .post(MessagePost.raw("human-bob", "x").asBroadcast())));
        assertEquals(ErrorCode.NOT_ORGANIZER, code(() -> h.anonymous()
                .board()
                .post(MessagePost.raw("agent-1", "x").asBroadcast())));
        h.put("agent-1", "b.md", "---\nbroadcast: false\n---\nx\n");
        assertEquals(
                ErrorCode.NOT_ORGANIZER,
                code(() -> h.anonymous().board().post(MessagePost.fromSource(h.uri("agent-1", "b.md")))));
        assertEquals(ErrorCode.INVALID_REQUEST, code(() -> MessagePost.raw("agent-1", "x")
                .withType("t")
                .equals(new MessagePost(
                        java.util.Optional.of("s"),
                        java.util.Optional.of("agent-1"),
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        false,
                        java.util.Optional.empty(),
                        java.util.Optional.empty()))));
    }

    @Test
    void mentionsAndRefsFanOutByteIdenticalCopies() {
        PostReceipt first = h.anonymous().board().post(MessagePost.raw("agent-3", "base"));
        clock.advanceMillis(5);
        PostReceipt r = h.anonymous()
                .board()
                .post(MessagePost.raw("agent-1", "thanks @agent-2, cc @human-alice x@agent-3 @agent-1 @ghost @ALL")
                        .withRefs(first.filename()));
        assertEquals(List.of("agent-2", "human-alice", "agent-3"), r.mentionsDelivered());
        assertEquals(List.of(new MentionMiss("ghost", MentionMiss.NOT_REGISTERED)), r.mentionsNotDelivered());
        byte[] board = central(r.path());
        for (String who : r.mentionsDelivered()) {
            assertArrayEquals(board, central("inbox/" + who + "/" + r.filename()));
        }
        Page<MessageRecord> inbox = h.anonymous().board().inbox("agent-2", ListQuery.defaults());
        assertEquals(1, inbox.count());
        assertEquals(r.filename(), inbox.items().get(0).filename());
        assertEquals(
                0, h.anonymous().board().inbox("agent-1", ListQuery.defaults()).count());
        assertEquals(
                0,
                h.anonymous()
                        .board()
                        .inbox("human-nobody", ListQuery.defaults())
                        .count());
        assertEquals(ErrorCode.NOT_REGISTERED, code(() -> h.anonymous().board().inbox("ghost", ListQuery.defaults())));
    }

    @Test
    void inboxPollingWithAfterNeverRedelivers() {
        String seen = "";
        int delivered = 0;
        for (int round = 0; round < 3; round++) {
            h.anonymous().board().post(MessagePost.raw("agent-1", "ping @agent-2 #" + round));
            clock.advanceMillis(1);
            h.anonymous().board().post(MessagePost.raw("agent-3", "pong @agent-2 #" + round));
            clock.advanceMillis(1);
            ListQuery poll = ListQuery.builder()
                    .after(seen.isEmpty() ? null : seen)
                    .expand(true)
                    .order(SortOrder.ASC)
                    .build();
            Page<MessageRecord> page = h.anonymous().board().inbox("agent-2", poll);
            assertEquals(2, page.items().size());
            delivered += page.items().size();
            seen = page.items().get(page.items().size() - 1).filename();
            assertEquals(delivered, page.matched());
        }
        Page<MessageRecord> fromAgent3 = h.anonymous()
                .board()
                .inbox("agent-2", ListQuery.builder().agent("agent-3").build());
        assertEquals(3, fromAgent3.matched());
    }

    @Test
    void fanOutStopsAtTheCap() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            body.append("@human-h").append(i).append(' ');
        }
        PostReceipt r = h.anonymous().board().post(MessagePost.raw("agent-1", body.toString()));
        assertEquals(10, r.mentionsDelivered().size());
        assertEquals("human-h9", r.mentionsDelivered().get(9));
        assertEquals(
                List.of(
                        new MentionMiss("human-h10", MentionMiss.OVER_CAP),
                        new MentionMiss("human-h11", MentionMiss.OVER_CAP)),
                r.mentionsNotDelivered());
    }

    @Test
    void broadcastsReachEveryInboxAtReadTime() {
        PostReceipt b = h.as("tok-alice")
                .board()
                .post(MessagePost.raw("human-alice", "all hands @agent-1").asBroadcast());
        assertTrue(b.broadcast());
        assertEquals(List.of(), b.mentionsDelivered());
        assertEquals(List.of(), b.mentionsNotDelivered(), "a broadcast reaches everyone");
        assertArrayEquals(central(b.path()), central("broadcasts/" + b.filename()));
        assertEquals(
                b.filename(),
                h.anonymous()
                        .board()
                        .inbox("agent-2", ListQuery.defaults())
                        .items()
                        .get(0)
                        .filename());
        h.onboard("agent-4", 4); // registered after the broadcast, still sees it
        Page<MessageRecord> late = h.anonymous().board().inbox("agent-4", ListQuery.defaults());
        assertEquals(1, late.count());
        assertEquals(Boolean.TRUE, late.items().get(0).frontmatter().get("broadcast"));
    }

    @Test
    void duplicatePromotionIsRejectedWithTheExistingName() {
        h.put("agent-1", "m.md", "same bytes\n");
        PostReceipt r = h.anonymous().board().post(MessagePost.fromSource(h.uri("agent-1", "m.md")));
        clock.advanceMillis(1);
        CollabException e = assertThrows(
                CollabException.class,
                () -> h.anonymous().board().post(MessagePost.fromSource(h.uri("agent-1", "m.md"))));
        assertEquals(ErrorCode.ALREADY_PROMOTED, e.code());
        assertEquals("existing filename: " + r.filename(), e.hint().orElseThrow());
    }

    @Test
    void rawPostsAreRateLimitedWithRetryAfter() {
        for (int i = 0; i < 5; i++) {
            h.anonymous().board().post(MessagePost.raw("agent-1", "m" + i));
        }
        CollabException e = assertThrows(
                CollabException.class, () -> h.anonymous().board().post(MessagePost.raw("agent-1", "six")));
        assertEquals(ErrorCode.RATE_LIMITED, e.code());
        assertEquals(Duration.ofSeconds(13), e.retryAfter().orElseThrow());
        assertEquals("rate limit exceeded; retry after 13s", e.getMessage());
        clock.advanceMillis(1);
        e = assertThrows(CollabException.class, () -> h.anonymous().board().post(MessagePost.raw("agent-1", "six")));
        assertEquals(Duration.ofSeconds(12), e.retryAfter().orElseThrow());
        assertEquals(5, h.anonymous().board().messages(ListQuery.defaults()).count()); // nothing partial written
        h.anonymous().board().post(MessagePost.raw("agent-2", "other key")); // keys are independent
        clock.advance(Duration.ofSeconds(12));
        h.anonymous().board().post(MessagePost.raw("agent-1", "six"));
    }

    @Test
    void theHourlyRawLimitRefillsItsNumberPerHourNotOnePerMinute() {
        int posted = 0;
        for (int minute = 0; minute < 120; minute++) { // two hours, posting as fast as the limits allow
            while (true) {
                try {
                    h.anonymous().board().post(MessagePost.raw("agent-1", "m" + posted));
                    posted++;
                } catch (CollabException e) {
                    assertEquals(ErrorCode.RATE_LIMITED, e.code());
                    break;
                }
            }
            clock.advance(Duration.ofMinutes(1));
        }
        // 30 at once, then 30 an hour (the reference refills 30 // 60 -> at least 1 a minute: 60 an hour)
        assertTrue(posted >= 89 && posted <= 91, posted + " raw posts in two hours");
    }

    @Test
    void everyWriteIsVisibleToTheNextReadWhateverTheTtl() {
        Page<MessageRecord> before = h.anonymous().board().messages(ListQuery.defaults()); // caches the listing
        assertEquals(0, before.count());
        for (int i = 0; i < 4; i++) {
            PostReceipt r = h.anonymous().board().post(MessagePost.raw("agent-" + (1 + i % 3), "n" + i));
            Page<MessageRecord> after =
                    h.anonymous().board().messages(ListQuery.builder().limit(0).build());
            assertEquals(i + 1, after.count());
            assertEquals(r.filename(), after.items().get(0).filename());
            clock.advanceMillis(1);
        }
    }

    @Test
    void outOfBandEditsAppearAfterTheTtl() {
        h.anonymous().board().messages(ListQuery.defaults());
        h.store.put(
                h.config.centralBucket(),
                BucketPath.of("message_board/20260601-090000-000_agent-2.md"),
                "---\nagent: agent-2\n---\nfrom outside\n".getBytes(StandardCharsets.UTF_8));
        h.store.put(
                h.config.centralBucket(),
                BucketPath.of("message_board/20260601-090001-000_agent-3.md"),
                "---\n: : [bad yaml\n---\nbroken\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, h.anonymous().board().messages(ListQuery.defaults()).count());
        clock.advance(Duration.ofSeconds(31));
        Page<MessageRecord> page = h.anonymous()
                .board()
                .messages(ListQuery.builder().order(SortOrder.ASC).build());
        assertEquals(2, page.count());
        MessageRecord broken = page.items().get(1);
        assertTrue(broken.frontmatter().isEmpty());
        assertTrue(broken.body().contains("broken"));
    }

    @Test
    void listGrammarPagesWithCursors() {
        for (int i = 0; i < 7; i++) {
            h.anonymous()
                    .board()
                    .post(MessagePost.raw("agent-" + (1 + i % 2), "m" + i).withType(i % 2 == 0 ? "plan" : "result"));
            clock.advance(Duration.ofSeconds(20));
        }
        Page<MessageRecord> p1 =
                h.anonymous().board().messages(ListQuery.builder().limit(3).build());
        assertEquals(7, p1.count());
        assertEquals(3, p1.items().size());
        String next = p1.next().orElseThrow();
        Page<MessageRecord> p2 = h.anonymous()
                .board()
                .messages(ListQuery.builder().limit(3).before(next).build());
        assertEquals(7, p2.matched());
        assertTrue(p2.items().get(0).filename().compareTo(next) < 0);
        Page<MessageRecord> plans = h.anonymous()
                .board()
                .messages(ListQuery.builder().type("plan").agent("agent-1").build());
        assertEquals(4, plans.matched());
        Page<MessageRecord> since = h.anonymous()
                .board()
                .messages(ListQuery.builder().since("2026-06-01T10:01:00Z").build());
        assertEquals(4, since.matched());
        assertEquals(ErrorCode.INVALID_QUERY, code(() -> h.anonymous()
                .board()
                .messages(ListQuery.builder().since("yesterday").build())));
        Page<MessageRecord> q = h.anonymous()
                .board()
                .messages(ListQuery.builder().q("TYPE: RESULT").build());
        assertEquals(3, q.matched());
        assertFalse(q.next().isPresent());
    }

    @Test
    void qAndTypeSeeSourceFrontmatterAsPythonsStrWritesIt() {
        h.put(
                "agent-2",
                "drafts/plan.md",
                "---\ntype: [plan, draft]\ntags: [kv, \"it's\"]\nbudget: {gpu: 300}\nurgent: yes\nlr: 1.0e-5\n"
                        + "owner: null\n---\n\nmy plan\n");
        String f = h.anonymous()
                .board()
                .post(MessagePost.fromSource(h.uri("agent-2", "drafts/plan.md")))
                .filename();
        h.anonymous().board().post(MessagePost.raw("agent-1", "tags: [kv, it's] budget: {gpu: 300}"));
        for (String q :
                List.of("tags: ['kv', \"it's\"]", "budget: {'gpu': 300}", "urgent: true", "lr: 1e-05", "owner: none")) {
            Page<MessageRecord> p =
                    h.anonymous().board().messages(ListQuery.builder().q(q).build());
            assertEquals(
                    List.of(f), p.items().stream().map(MessageRecord::filename).toList(), q);
        }
        assertEquals(
                List.of(f),
                h
                        .anonymous()
                        .board()
                        .messages(ListQuery.builder().type("['plan', 'draft']").build())
                        .items()
                        .stream()
                        .map(MessageRecord::filename)
                        .toList());
        assertEquals(
                0,
                h.anonymous()
                        .board()
                        .messages(ListQuery.builder().type("[plan, draft]").build())
                        .matched());
    }
}
