package dev.agentcollab.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.Collab;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.agent.Registration;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.taskforce.Contribution;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.internal.AuditLog;
import dev.agentcollab.core.service.internal.WriteCommit;
import dev.agentcollab.testkit.time.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once writes over a restart (a new service instance over the same folder): idempotency keys, durable
 * promotion dedup, and the audit row of every committed write.
 */
class ExactlyOnceFileSystemTest extends BackendFixture {
    private final AtomicBoolean auditDown = new AtomicBoolean();
    private final DeadAuditWriters deadWriters = new DeadAuditWriters();

    /**
     * The file store, whose audit bucket refuses writes while {@link #auditDown} is set (a crash before the append),
     * and for good those of an audit log it refused ({@link DeadAuditWriters}).
     */
    @Override
    protected BucketStore newStore(MutableClock clock) {
        BucketStore files = files(clock);
        return new ForwardingBucketStore(files) {
            @Override
            public void apply(BucketId bucket, List<? extends BatchOp> ops) {
                if (bucket.name().endsWith("-audit") && (auditDown.get() || deadWriters.refuses(ops))) {
                    deadWriters.kill(ops);
                    throw CollabException.of(ErrorCode.UNAVAILABLE, "audit bucket down");
                }
                super.apply(bucket, ops);
            }
        };
    }

    private Collab keyed(String key) {
        return h.service.session(CallContext.anonymous().withIdempotencyKey(key));
    }

    private int boardCount(ServiceHarness harness) {
        return harness.anonymous().board().messages(ListQuery.defaults()).count();
    }

    private List<JsonNode> auditRows(ServiceHarness harness) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : new AuditLog(harness.store, harness.config.auditBucket(), clock).lines("202606")) {
            rows.add(Json.mapper().readTree(line));
        }
        return rows;
    }

    @Test
    void aRepeatedKeyReturnsTheFirstResponseAcrossARestartWithoutWritingAgain() {
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 2);
        MessagePost post = MessagePost.raw("agent-1", "hello @agent-2");
        PostReceipt first = keyed("k-1").board().post(post);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(first, keyed("k-1").board().post(post));

        ServiceHarness after = h.restart();
        clock.advance(Duration.ofHours(24));
        PostReceipt replayed = after.service
                .session(CallContext.anonymous().withIdempotencyKey("k-1"))
                .board()
                .post(post);
        assertEquals(first, replayed);
        assertEquals(1, boardCount(after));
        assertEquals(
                1,
                after.anonymous().board().inbox("agent-2", ListQuery.defaults()).count());

        CollabException e = assertThrows(CollabException.class, () -> after.service
                .session(CallContext.anonymous().withIdempotencyKey("k-1"))
                .board()
                .post(MessagePost.raw("agent-1", "another body")));
        assertEquals(ErrorCode.IDEMPOTENCY_MISMATCH, e.code());
        assertEquals(409, e.code().httpStatus());
        assertEquals(1, boardCount(after));
    }

    @Test
    void aKeyIsScopedToItsBearerAndExpiresAfterItsTtl() {
        h.onboard("agent-1", 1);
        MessagePost post = MessagePost.raw("agent-1", "hello");
        keyed("k-2").board().post(post);
        Collab otherBearer = h.service.session(CallContext.ofToken("tok-bob").withIdempotencyKey("k-2"));
        otherBearer.board().post(post); // another caller's key space: a new write
        assertEquals(2, boardCount(h));

        clock.advance(Duration.ofHours(49));
        keyed("k-2").board().post(post); // the record expired: the key runs again
        assertEquals(3, boardCount(h));
    }

    @Test
    void aReplayedPromotionIsNotRefusedAsADuplicateAndOtherWritesReplayToo() {
        h.onboard("agent-1", 1);
        h.put("agent-1", "msgs/m.md", "---\ntype: agent\n---\npromoted once\n");
        MessagePost fromSource = MessagePost.fromSource(h.uri("agent-1", "msgs/m.md"));
        PostReceipt first = keyed("promo").board().post(fromSource);
        ServiceHarness after = h.restart();
        Collab again = after.service.session(CallContext.anonymous().withIdempotencyKey("promo"));
        assertEquals(first, again.board().post(fromSource));

        h.prepareBucket("agent-3", "owner3");
        Collab owner = h.service.session(CallContext.ofToken("tok-owner3").withIdempotencyKey("reg"));
        RegisterRequest reg = RegisterRequest.of("agent-3", "gemma", "codex", List.of());
        Registration r1 = owner.agents().register(reg);
        assertEquals(r1, owner.agents().register(reg)); // without the key this would be AGENT_ID_TAKEN

        var created = keyed("tf").taskforces().create(TaskforcePost.raw("kv", "agent-1", "x"));
        assertEquals(created, keyed("tf").taskforces().create(TaskforcePost.raw("kv", "agent-1", "x")));
        var note = keyed("note").taskforces().contribute("kv", Contribution.rawNote("agent-1", "n"));
        assertEquals(note, keyed("note").taskforces().contribute("kv", Contribution.rawNote("agent-1", "n")));
        assertEquals(
                1, h.anonymous().taskforces().notes("kv", ListQuery.defaults()).count());
    }

    @Test
    void promotionDedupSurvivesARestart() {
        h.onboard("agent-1", 1);
        h.put("agent-1", "msgs/m.md", "---\ntype: agent\n---\npromoted once\n");
        MessagePost fromSource = MessagePost.fromSource(h.uri("agent-1", "msgs/m.md"));
        PostReceipt first = h.anonymous().board().post(fromSource);

        ServiceHarness after = h.restart();
        CollabException e = assertThrows(
                CollabException.class, () -> after.anonymous().board().post(fromSource));
        assertEquals(ErrorCode.ALREADY_PROMOTED, e.code());
        assertEquals(Optional.of("existing filename: " + first.filename()), e.hint());
    }

    @Test
    void promotionDedupOutlivesItsMemoryCache() {
        ServiceHarness small = new ServiceHarness(
                h.store,
                clock,
                CollabConfig.custom(ServiceHarness.ORG, ServiceHarness.SLUG)
                        .dedupLruSize(1)
                        .build());
        small.onboard("agent-1", 1);
        for (int i = 0; i < 3; i++) {
            small.put("agent-1", "msgs/m" + i + ".md", "message " + i + "\n");
            small.anonymous().board().post(MessagePost.fromSource(small.uri("agent-1", "msgs/m" + i + ".md")));
            clock.advance(Duration.ofSeconds(1));
        }
        CollabException e = assertThrows(
                CollabException.class,
                () -> small.anonymous().board().post(MessagePost.fromSource(small.uri("agent-1", "msgs/m0.md"))));
        assertEquals(ErrorCode.ALREADY_PROMOTED, e.code());
    }

    @Test
    void everyCommittedWriteHasExactlyOneAuditRowAfterARestart() throws Exception {
        h.onboard("agent-1", 1);
        h.anonymous().board().post(MessagePost.raw("agent-1", "audited live"));
        h.service.context().audit().flush(); // audit rows are written behind the answer: this one is durable
        auditDown.set(true); // the process "dies" between each commit and its audit append
        PostReceipt lost1 = h.anonymous().board().post(MessagePost.raw("agent-1", "committed, row lost 1"));
        clock.advance(Duration.ofSeconds(1));
        PostReceipt lost2 = h.anonymous().board().post(MessagePost.raw("agent-1", "committed, row lost 2"));
        h.service.context().audit().flush(); // the two rows' append fails while the bucket is down
        auditDown.set(false);
        assertEquals(2, auditRows(h).size()); // registration + first post
        assertFalse(h.store
                .listAll(h.config.centralBucket(), WriteCommit.TXN_PREFIX)
                .isEmpty());

        ServiceHarness after = h.restart();
        List<JsonNode> rows = auditRows(after);
        assertEquals(4, rows.size());
        Set<String> txns = new HashSet<>();
        rows.forEach(r -> assertTrue(txns.add(r.path("txn").asText()), "one row per transaction: " + r));
        Set<String> targets = new HashSet<>();
        rows.stream()
                .filter(r -> r.path("recovered").asBoolean())
                .forEach(r -> targets.add(r.path("target_path").asText()));
        assertEquals(Set.of("message_board/" + lost1.filename(), "message_board/" + lost2.filename()), targets);
        assertTrue(after.store
                .listAll(after.config.centralBucket(), WriteCommit.TXN_PREFIX)
                .isEmpty());

        after.restart(); // recovery again: nothing appended twice
        assertEquals(4, auditRows(after).size());
    }

    @Test
    void auditedTransactionRecordsAreRemovedByLaterWrites() {
        h.onboard("agent-1", 1);
        for (int i = 0; i < 5; i++) {
            h.anonymous().board().post(MessagePost.raw("agent-1", "m" + i));
            h.service.context().audit().flush(); // the row, written behind the answer, is durable before the next write
            clock.advance(Duration.ofSeconds(1));
        }
        // each batch deletes the records of the writes audited before it: only the last one is left
        assertEquals(
                1,
                h.store
                        .listAll(h.config.centralBucket(), WriteCommit.TXN_PREFIX)
                        .size());
    }

    @Test
    void aMalformedKeyIsRejected() {
        CollabException e = assertThrows(
                CollabException.class, () -> CallContext.anonymous().withIdempotencyKey("has space"));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertNotEquals(
                ErrorCode.INVALID_REQUEST,
                assertThrows(
                                CollabException.class,
                                () -> keyed("x".repeat(200)).board().post(MessagePost.raw("nobody", "x")))
                        .code());
    }
}
