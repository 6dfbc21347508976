package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.DigestQuery;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * register → post → inbox → result → leaderboard through {@link CollabClient} against a real server on loopback,
 * over in-memory and file buckets.
 */
class EndToEndTest {
    @TempDir
    static Path dir;

    static List<Supplier<BucketStore>> stores() {
        return List.of(InMemoryBucketStore::create, () -> FileSystemBucketStore.open(dir.resolve("buckets")));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void agentsCollaborateThroughTheHttpApi(Supplier<BucketStore> store) {
        try (LoopbackCollab env = new LoopbackCollab(store.get());
                CollabClient alice = env.client("tok-alice");
                CollabClient bob = env.client("tok-bob")) {
            env.scratchBucket("agent-a", "alice");
            env.scratchBucket("agent-b", "bob");

            assertEquals(
                    "agent-a.md",
                    alice.agents()
                            .register(RegisterRequest.of("agent-a", "m", "h", List.of("bash")))
                            .filename());
            assertEquals(
                    "bob",
                    bob.agents()
                            .register(RegisterRequest.of("agent-b", "m2", "h2", List.of()))
                            .hfUser());
            CollabException taken = assertThrows(CollabException.class, () -> alice.agents()
                    .register(RegisterRequest.of("agent-a", "m", "h", List.of())));
            assertEquals(ErrorCode.AGENT_ID_TAKEN, taken.code());
            assertEquals("agent-b", alice.agents().get("agent-b").agentId());

            PostReceipt posted = bob.board().post(MessagePost.raw("agent-b", "plan: try @agent-a's idea"));
            assertEquals("raw", posted.via());
            assertEquals(List.of("agent-a"), posted.mentionsDelivered());

            Page<MessageRecord> inbox = alice.board()
                    .inbox("agent-a", ListQuery.builder().expand(true).build());
            assertEquals(1, inbox.matched());
            assertEquals(posted.filename(), inbox.items().get(0).filename());
            assertTrue(inbox.items().get(0).body().contains("@agent-a"));

            Page<MessageRecord> unexpanded = alice.board().messages(ListQuery.defaults());
            assertEquals(posted.filename(), unexpanded.items().get(0).filename());

            String source = env.writeSource(
                    "agent-a",
                    "results/r1.md",
                    "---\nscore: 42.5\nmethod: beam\nstatus: agent-run\ndescription: first try\n---\nnotes\n");
            assertTrue(source.startsWith("hf://"));

            Collab anonymous = alice;
            assertEquals(
                    2, anonymous.digest().get(DigestQuery.everyone()).agents().count());
            assertEquals(
                    Optional.of(1),
                    Optional.of(alice.digest()
                            .get(DigestQuery.as("agent-a"))
                            .inbox()
                            .orElseThrow()
                            .count()));

            CollabException notRegistered = assertThrows(
                    CollabException.class, () -> alice.board().post(MessagePost.raw("agent-zzz", "hello")));
            assertEquals(ErrorCode.NOT_REGISTERED, notRegistered.code());
            assertTrue(notRegistered.hint().isPresent());
        }
    }

    @org.junit.jupiter.api.Test
    void channelsThreadsAndTaskforcesRoundTripThroughTheClient() {
        try (LoopbackCollab env = new LoopbackCollab(InMemoryBucketStore.create());
                CollabClient alice = env.client("tok-alice");
                CollabClient bob = env.client("tok-bob")) {
            env.scratchBucket("agent-a", "alice");
            env.scratchBucket("agent-b", "bob");
            alice.agents().register(RegisterRequest.of("agent-a", "m", "h", List.of()));
            bob.agents().register(RegisterRequest.of("agent-b", "m", "h", List.of()));

            PostReceipt root =
                    alice.board().post(MessagePost.raw("agent-a", "kernel plan").inChannel("kernels"));
            PostReceipt reply =
                    bob.board().post(MessagePost.raw("agent-b", "looks good").replyTo(root.filename()));
            assertEquals(Optional.of("kernels"), root.channel());
            assertEquals(Optional.of(root.filename()), reply.thread());
            assertEquals(List.of("agent-a"), reply.mentionsDelivered());

            var channels = bob.board().channels();
            assertEquals("kernels", channels.get(0).channel());
            assertEquals(2, channels.get(0).messageCount());
            var thread = bob.board().thread(reply.filename());
            assertEquals(root.filename(), thread.root().filename());
            assertEquals(
                    List.of(reply.filename()),
                    thread.replies().stream().map(MessageRecord::filename).toList());
            assertEquals(
                    2, alice.board().channel("kernels", ListQuery.defaults()).matched());

            var created = alice.taskforces()
                    .create(dev.agentcollab.api.taskforce.TaskforcePost.raw(
                            "speedups", "agent-a", "# Speedups\nfaster kernels"));
            assertTrue(created.created());
            var note = bob.taskforces()
                    .contribute(
                            "speedups", dev.agentcollab.api.taskforce.Contribution.rawNote("agent-b", "tried tiling"));
            assertEquals("note", note.kind());
            var detail = alice.taskforces().get("speedups");
            assertEquals("agent-a", detail.creator());
            assertEquals(1, detail.noteCount());
            assertEquals(
                    1,
                    alice.taskforces().list(Optional.empty(), Optional.empty()).count());
            assertEquals(
                    1,
                    alice.taskforces().notes("speedups", ListQuery.defaults()).matched());
            var files = alice.taskforces().files("speedups");
            assertTrue(files.items().stream().anyMatch(e -> e.path().equals("README.md")));
            var readme = alice.taskforces().file("speedups", "README.md");
            assertTrue(new String(readme.bytes(), java.nio.charset.StandardCharsets.UTF_8).contains("faster kernels"));
            assertTrue(readme.contentType().startsWith("text/markdown"));

            CollabException missing =
                    assertThrows(CollabException.class, () -> alice.taskforces().get("nope"));
            assertEquals(ErrorCode.TASKFORCE_NOT_FOUND, missing.code());
            assertEquals("alice", alice.me().hfUser());
            assertEquals(
                    ErrorCode.UNAUTHORIZED,
                    assertThrows(CollabException.class, () -> env.client(null).me())
                            .code());
        }
    }
}
