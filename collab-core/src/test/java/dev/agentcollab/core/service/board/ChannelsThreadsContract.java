package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.board.ChannelSummary;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.board.MessageThread;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.core.service.BackendFixture;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Channels and threads (docs/channels-threads.md), run on every backend. */
abstract class ChannelsThreadsContract extends BackendFixture {

    @BeforeEach
    void agents() {
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 2);
        h.onboard("agent-3", 3);
    }

    private static ErrorCode code(Runnable r) {
        return assertThrows(CollabException.class, r::run).code();
    }

    @Test
    void repliesFormAThreadInTheParentsChannel() {
        PostReceipt root = h.anonymous()
                .board()
                .post(MessagePost.raw("agent-1", "kernel plan").inChannel("kernels"));
        assertEquals("kernels", root.channel().orElseThrow());
        clock.advanceMillis(10);
        PostReceipt reply = h.anonymous()
                .board()
                .post(MessagePost.raw("agent-2", "looks good").replyTo(root.filename()));
        assertEquals(root.filename(), reply.thread().orElseThrow());
        assertEquals("kernels", reply.channel().orElseThrow());
        assertEquals(List.of("agent-1"), reply.mentionsDelivered()); // the parent's author is notified
        clock.advanceMillis(10);
        PostReceipt nested =
                h.anonymous().board().post(MessagePost.raw("agent-3", "+1").replyTo(reply.filename()));
        assertEquals(root.filename(), nested.thread().orElseThrow());
        MessageRecord stored = h.anonymous().board().message(nested.filename());
        assertEquals(reply.filename(), stored.field("parent").orElseThrow());
        assertEquals(root.filename(), stored.field("thread").orElseThrow());

        MessageThread t = h.anonymous().board().thread(nested.filename());
        assertEquals(root.filename(), t.root().filename());
        assertEquals(
                List.of(reply.filename(), nested.filename()),
                t.replies().stream().map(MessageRecord::filename).toList());
        assertEquals(List.of("agent-1", "agent-2", "agent-3"), t.participants());

        Page<MessageRecord> channel = h.anonymous().board().channel("kernels", ListQuery.defaults());
        assertEquals(3, channel.count());
        List<ChannelSummary> channels = h.anonymous().board().channels();
        assertEquals(1, channels.size());
        assertEquals(3, channels.get(0).messageCount());
        assertEquals(nested.filename(), channels.get(0).lastFilename());
    }

    @Test
    void rejectsBadChannelsAndParents() {
        PostReceipt root =
                h.anonymous().board().post(MessagePost.raw("agent-1", "x").inChannel("kernels"));
        assertEquals(ErrorCode.INVALID_PATH, code(() -> h.anonymous()
                .board()
                .post(MessagePost.raw("agent-1", "x").inChannel("Bad Name"))));
        assertEquals(ErrorCode.INVALID_PATH, code(() -> h.anonymous()
                .board()
                .post(MessagePost.raw("agent-1", "x").replyTo("../agents/agent-1.md"))));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> h.anonymous()
                .board()
                .post(MessagePost.raw("agent-1", "x").replyTo("20990101-000000-000_agent-9.md"))));
        assertEquals(ErrorCode.INVALID_REQUEST, code(() -> h.anonymous()
                .board()
                .post(MessagePost.raw("agent-2", "x").replyTo(root.filename()).inChannel("other"))));
        CollabException other = assertThrows(CollabException.class, () -> h.anonymous()
                .board()
                .post(MessagePost.raw("agent-2", "x").replyTo(root.filename()).inChannel("other")));
        assertEquals("a reply stays in its parent's channel 'kernels', got channel 'other'", other.getMessage());
        PostReceipt plain = h.anonymous().board().post(MessagePost.raw("agent-1", "no channel"));
        CollabException none = assertThrows(CollabException.class, () -> h.anonymous()
                .board()
                .post(MessagePost.raw("agent-2", "x").replyTo(plain.filename()).inChannel("kernels")));
        assertEquals(ErrorCode.INVALID_REQUEST, none.code());
        assertEquals(
                "a reply stays out of channels when its parent is in none, got channel 'kernels'", none.getMessage());
        assertEquals(ErrorCode.INVALID_PATH, code(() -> h.anonymous().board().channel("UPPER", ListQuery.defaults())));
        assertEquals(
                0, h.anonymous().board().channel("empty", ListQuery.defaults()).count());
    }

    @Test
    void aRefusedReplyCostsNoRawMessageToken() {
        PostReceipt root =
                h.anonymous().board().post(MessagePost.raw("agent-1", "x").inChannel("kernels"));
        // the raw limit is 5 a minute and the clock stands still: refused replies must not use it up
        for (int i = 0; i < 5; i++) {
            assertEquals(ErrorCode.NOT_FOUND, code(() -> h.anonymous()
                    .board()
                    .post(MessagePost.raw("agent-2", "x").replyTo("20990101-000000-000_agent-9.md"))));
            assertEquals(ErrorCode.INVALID_REQUEST, code(() -> h.anonymous()
                    .board()
                    .post(MessagePost.raw("agent-2", "x")
                            .replyTo(root.filename())
                            .inChannel("other"))));
        }
        PostReceipt reply =
                h.anonymous().board().post(MessagePost.raw("agent-2", "fixed").replyTo(root.filename()));
        assertEquals(root.filename(), reply.thread().orElseThrow());
    }

    @Test
    void aRefusedReplyFromABucketFileCostsNoBucketWriteToken() {
        PostReceipt root =
                h.anonymous().board().post(MessagePost.raw("agent-1", "x").inChannel("kernels"));
        h.put("agent-2", "gone.md", "---\nparent: 20990101-000000-000_agent-9.md\n---\nreply\n");
        h.put("agent-2", "other.md", "---\nchannel: other\n---\nreply\n");
        // bucket writes allow 20 back to back and the clock stands still: refused replies must not use them up
        for (int i = 0; i < 7; i++) {
            assertEquals(
                    ErrorCode.NOT_FOUND,
                    code(() -> h.anonymous().board().post(MessagePost.fromSource(h.uri("agent-2", "gone.md")))));
            assertEquals(ErrorCode.NOT_FOUND, code(() -> h.anonymous()
                    .board()
                    .post(MessagePost.fromSource(h.uri("agent-2", "other.md"))
                            .replyTo("20990101-000000-000_agent-9.md"))));
            assertEquals(ErrorCode.INVALID_REQUEST, code(() -> h.anonymous()
                    .board()
                    .post(MessagePost.fromSource(h.uri("agent-2", "other.md")).replyTo(root.filename()))));
        }
        h.put("agent-2", "ok.md", "---\nparent: " + root.filename() + "\n---\nfixed\n");
        PostReceipt reply = h.anonymous().board().post(MessagePost.fromSource(h.uri("agent-2", "ok.md")));
        assertEquals(root.filename(), reply.thread().orElseThrow());
    }

    @Test
    void sourcePostsMayNameChannelAndParentInFrontmatter() {
        PostReceipt root =
                h.anonymous().board().post(MessagePost.raw("agent-1", "root").inChannel("evals"));
        clock.advanceMillis(3);
        h.put("agent-2", "r.md", "---\nparent: " + root.filename() + "\n---\nreply body\n");
        PostReceipt r = h.anonymous().board().post(MessagePost.fromSource(h.uri("agent-2", "r.md")));
        assertEquals("evals", r.channel().orElseThrow());
        assertEquals(root.filename(), r.thread().orElseThrow());
    }

    @Test
    void requestFieldsReplaceTheFilesChannelAndParentBeforeTheyAreChecked() {
        PostReceipt root =
                h.anonymous().board().post(MessagePost.raw("agent-1", "root").inChannel("evals"));
        clock.advanceMillis(3);
        h.put("agent-2", "c.md", "---\nchannel: General Chat\n---\nbody\n");
        PostReceipt inChannel = h.anonymous()
                .board()
                .post(MessagePost.fromSource(h.uri("agent-2", "c.md")).inChannel("general"));
        assertEquals("general", inChannel.channel().orElseThrow());
        clock.advanceMillis(3);
        h.put("agent-2", "r.md", "---\nchannel: General Chat\nparent: ../notes.md\n---\nreply\n");
        PostReceipt reply = h.anonymous()
                .board()
                .post(MessagePost.fromSource(h.uri("agent-2", "r.md"))
                        .inChannel("evals")
                        .replyTo(root.filename()));
        assertEquals(root.filename(), reply.thread().orElseThrow());
        MessageRecord stored = h.anonymous().board().message(reply.filename());
        assertEquals("evals", stored.frontmatter().get("channel"));
        assertEquals(root.filename(), stored.frontmatter().get("parent"));
    }

    @Test
    void aBadChannelInABucketFileCostsNoBucketWriteToken() {
        h.put("agent-2", "bad.md", "---\nchannel: General Chat\n---\nbody\n");
        // bucket writes allow 20 back to back and the clock stands still: refused posts must not use them up
        for (int i = 0; i < 21; i++) {
            assertEquals(
                    ErrorCode.INVALID_PATH,
                    code(() -> h.anonymous().board().post(MessagePost.fromSource(h.uri("agent-2", "bad.md")))));
        }
        h.put("agent-2", "ok.md", "---\nchannel: general\n---\nbody\n");
        PostReceipt ok = h.anonymous().board().post(MessagePost.fromSource(h.uri("agent-2", "ok.md")));
        assertEquals("general", ok.channel().orElseThrow());
    }
}
