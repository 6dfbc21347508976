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
import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.leaderboard.LeaderboardRow;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.result.ResultReceipt;
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
            ResultReceipt promoted = alice.results().promote(source);
            assertEquals("results/" + promoted.filename(), promoted.path());
            assertEquals(
                    ErrorCode.ALREADY_PROMOTED,
                    assertThrows(CollabException.class, () -> alice.results().promote(source))
                            .code());
            assertEquals("pending", bob.results().get(promoted.filename()).verification());
            assertEquals(
                    1,
                    bob.results().list(ListQuery.builder().expand(true).build()).matched());
            Leaderboard board = bob.leaderboard().leaderboard(LeaderboardQuery.defaults());
            assertEquals(1, board.rows().size());
            LeaderboardRow top = board.rows().get(0);
            assertEquals(1, top.rank());
            assertEquals("agent-a", top.agent());
            assertEquals(42.5, top.score());
            assertEquals(Optional.of("alice"), top.hfUser());
            assertEquals("beam", top.method());

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

    @org.junit.jupiter.api.Test
    void syncsTracesAndStatsRoundTripThroughTheClient() {
        try (LoopbackCollab env = new LoopbackCollab(InMemoryBucketStore.create());
                CollabClient alice = env.client("tok-alice")) {
            env.scratchBucket("agent-a", "alice");
            alice.agents().register(RegisterRequest.of("agent-a", "m", "h", List.of()));
            env.writeSource("agent-a", "out/weights.bin", "0123456789");
            var synced = alice.sync().artifacts("hf://buckets/org/demo-agent-a/out", "tiny");
            assertEquals("artifacts/tiny_agent-a/", synced.dest());
            assertEquals(10, synced.bytesCopied());

            String bundle = env.writeSource(
                    "agent-a",
                    "traces/s1/manifest.md",
                    "---\nschema_version: 1\nharness: claude-code\nsession_id: s1\nmodel: m\n"
                            + "usage:\n  total_tokens: 1200\n  input_tokens: 1000\n  output_tokens: 200\n"
                            + "activity:\n  tool_calls: 7\n---\nfixed the kernel\n");
            var receipt = alice.traces().share(bundle.substring(0, bundle.length() - "/manifest.md".length()), "stats");
            assertEquals("s1", receipt.sessionId());
            assertEquals("full", receipt.completeness());
            var listed = alice.traces().list(ListQuery.builder().expand(true).build());
            assertEquals(1, listed.matched());
            assertEquals(Optional.of(1200L), listed.items().get(0).totalTokens());
            assertEquals(
                    "agent-a/s1",
                    alice.traces().list(ListQuery.defaults()).items().get(0).id());
            assertEquals("s1", alice.traces().get("agent-a", "s1").sessionId());
            assertEquals(1200, alice.traces().stats().tokens().total());
            CollabException badShare =
                    assertThrows(CollabException.class, () -> alice.traces().share(bundle, "bogus"));
            assertEquals(ErrorCode.INVALID_REQUEST, badShare.code());
            assertEquals(
                    ErrorCode.JOBS_DISABLED,
                    assertThrows(CollabException.class, () -> alice.jobs()
                                    .run(new dev.agentcollab.api.job.JobRunRequest("agent-a", "sub", "run")))
                            .code());
        }
    }

    @org.junit.jupiter.api.Test
    void theServicesRateLimitReachesTheClientWithRetryAfter() {
        try (LoopbackCollab env = new LoopbackCollab(InMemoryBucketStore.create());
                CollabClient bob = env.client("tok-bob");
                CollabClient noRetry = CollabClient.create(
                        ClientConfig.custom(env.server.baseUri()).maxAttempts(1).build())) {
            env.scratchBucket("agent-b", "bob");
            bob.agents().register(RegisterRequest.of("agent-b", "m", "h", List.of()));
            for (int i = 0; i < 5; i++) {
                noRetry.board().post(MessagePost.raw("agent-b", "update " + i));
            }
            CollabException limited = assertThrows(
                    CollabException.class, () -> noRetry.board().post(MessagePost.raw("agent-b", "one too many")));
            assertEquals(ErrorCode.RATE_LIMITED, limited.code());
            assertTrue(limited.retryAfter().orElseThrow().toSeconds() >= 1);
            assertTrue(limited.getMessage().startsWith("rate limit exceeded"));
        }
    }
}
