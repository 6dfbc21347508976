package dev.agentcollab.core.service.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.taskforce.Contribution;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.ServiceHarness;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The write-auth policy: {@code open} keeps the reference's tokenless writes; {@code owner} requires the token of
 * the Hub user who registered the agent on every write in its name, raw or from a bucket source.
 */
class WriteAuthTest {
    private static final String RESULT =
            "---\nscore: 12.5\nmethod: eagle\nstatus: agent-run\ndescription: d\n---\nwhat I did\n";
    private static final String MANIFEST = "---\nschema_version: 1\nharness: codex\nsession_id: s1\n---\nsummary\n";

    /** Each agent-attributed write route, as agent-1 (owned by owner1), given a view. */
    private static final Map<String, Function<Collab, Object>> WRITES = Map.of(
            "raw message", c -> c.board().post(MessagePost.raw("agent-1", "hello @agent-2")),
            "source message", c -> c.board().post(MessagePost.fromSource(uri("notes/plan.md"))),
            "raw taskforce", c -> c.taskforces().create(TaskforcePost.raw("tf-raw", "agent-1", "# goal")),
            "raw note", c -> c.taskforces().contribute("tf-base", Contribution.rawNote("agent-1", "a note")),
            "named file",
                    c -> c.taskforces().contribute("tf-base", Contribution.file(uri("data.csv"), "d_agent-1.csv")),
            "result", c -> c.results().promote(uri("results/r.md")),
            "artifacts sync", c -> c.sync().artifacts(uri("out"), "run1"),
            "trace", c -> c.traces().share(uri("traces/s1"), "stats"));

    private static String uri(String path) {
        return "hf://buckets/" + ServiceHarness.ORG + "/" + ServiceHarness.SLUG + "-agent-1/" + path;
    }

    private static ServiceHarness harness(WriteAuth policy) {
        ServiceHarness h = new ServiceHarness(
                InMemoryBucketStore.create(),
                MutableClock.at("2026-06-01T10:00:00Z"),
                CollabConfig.custom(ServiceHarness.ORG, ServiceHarness.SLUG)
                        .writeAuth(policy)
                        .build());
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 2);
        h.put("agent-1", "notes/plan.md", "---\ntype: plan\n---\nplan for @agent-2\n");
        h.put("agent-1", "data.csv", "a,b\n1,2\n");
        h.put("agent-1", "results/r.md", RESULT);
        h.put("agent-1", "out/model.bin", "weights");
        h.put("agent-1", "traces/s1/manifest.md", MANIFEST);
        h.as("tok-owner1").taskforces().create(TaskforcePost.raw("tf-base", "agent-1", "# base"));
        return h;
    }

    @Test
    void defaultIsOpenForWireCompatibility() {
        assertEquals(WriteAuth.OPEN, CollabConfig.custom("o", "s").build().writeAuth());
    }

    @Test
    void openAcceptsATokenlessRawPost() {
        ServiceHarness h = harness(WriteAuth.OPEN);
        assertEquals(
                "raw",
                h.anonymous().board().post(MessagePost.raw("agent-1", "hi")).via());
        assertEquals(
                "raw",
                h.as("tok-owner2")
                        .board()
                        .post(MessagePost.raw("agent-1", "posted by someone else"))
                        .via());
    }

    @Test
    void openAcceptsEveryWriteWithoutAToken() {
        ServiceHarness h = harness(WriteAuth.OPEN);
        WRITES.forEach((name, write) -> write.apply(h.anonymous()));
    }

    @Test
    void ownerRejectsTokenlessWritesWith401() {
        ServiceHarness h = harness(WriteAuth.OWNER);
        WRITES.forEach((name, write) -> {
            CollabException e = assertThrows(CollabException.class, () -> write.apply(h.anonymous()), name);
            assertEquals(ErrorCode.UNAUTHORIZED, e.code(), name);
            assertEquals(401, e.code().httpStatus(), name);
            assertTrue(e.hint().orElseThrow().contains("agent-1"), name);
        });
    }

    @Test
    void ownerRejectsAnotherUsersTokenWith403() {
        ServiceHarness h = harness(WriteAuth.OWNER);
        WRITES.forEach((name, write) -> {
            CollabException e = assertThrows(CollabException.class, () -> write.apply(h.as("tok-owner2")), name);
            assertEquals(ErrorCode.IDENTITY_MISMATCH, e.code(), name);
            assertEquals(403, e.code().httpStatus(), name);
        });
        // an organizer is not the owner either
        CollabException admin = assertThrows(
                CollabException.class, () -> h.as("tok-alice").board().post(MessagePost.raw("agent-1", "x")));
        assertEquals(ErrorCode.IDENTITY_MISMATCH, admin.code());
    }

    @Test
    void ownerRejectsAnUnknownTokenWith401() {
        ServiceHarness h = harness(WriteAuth.OWNER);
        CollabException e = assertThrows(
                CollabException.class, () -> h.as("tok-nobody").board().post(MessagePost.raw("agent-1", "x")));
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
    }

    @Test
    void ownerAcceptsTheOwnersToken() {
        ServiceHarness h = harness(WriteAuth.OWNER);
        WRITES.forEach((name, write) -> write.apply(h.as("tok-owner1")));
        List<String> delivered = h.as("tok-owner1")
                .board()
                .post(MessagePost.raw("agent-1", "again @agent-2"))
                .mentionsDelivered();
        assertEquals(List.of("agent-2"), delivered);
    }

    @Test
    void ownerStillAnswersNotRegisteredFirst() {
        ServiceHarness h = harness(WriteAuth.OWNER);
        CollabException e =
                assertThrows(CollabException.class, () -> h.anonymous().board().post(MessagePost.raw("ghost", "x")));
        assertEquals(ErrorCode.NOT_REGISTERED, e.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"owner", " OWNER ", "Owner"})
    void parsesTheConfiguredName(String text) {
        assertEquals(WriteAuth.OWNER, WriteAuth.parse(text));
        assertEquals(
                WriteAuth.OWNER,
                CollabConfig.fromEnvironment(Map.of("ORG", "o", "COLLAB_SLUG", "s", "WRITE_AUTH", text))
                        .writeAuth());
    }

    @Test
    void rejectsAnUnknownNameWithTheAllowedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WriteAuth.parse("token"));
        assertTrue(e.getMessage().contains("'open' or 'owner'"), e.getMessage());
    }
}
