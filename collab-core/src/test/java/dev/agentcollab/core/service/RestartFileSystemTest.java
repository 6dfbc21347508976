package dev.agentcollab.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.Digest;
import dev.agentcollab.api.board.DigestQuery;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A new service instance over the same folder (a process restart) keeps the record. */
class RestartFileSystemTest extends BackendFixture {
    @Override
    protected BucketStore newStore(MutableClock clock) {
        return files(clock);
    }

    @Test
    void aRestartedServiceKeepsRegistrationsMessagesAndTaskforces() {
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 2);
        PostReceipt m = h.anonymous()
                .board()
                .post(MessagePost.raw("agent-1", "before restart @agent-2").inChannel("ops"));
        h.anonymous().taskforces().create(TaskforcePost.raw("kv-cache", "agent-1", "x"));

        ServiceHarness after = new ServiceHarness(FileSystemBucketStore.open(tmp.resolve("store"), clock), clock);
        assertEquals("owner1", after.anonymous().agents().get("agent-1").hfUser());
        assertEquals(
                m.filename(), after.anonymous().board().message(m.filename()).filename());
        assertEquals(
                1,
                after.anonymous().board().inbox("agent-2", ListQuery.defaults()).count());
        assertEquals(1, after.anonymous().board().channels().size());
        assertEquals(
                1,
                after.anonymous()
                        .taskforces()
                        .list(Optional.empty(), Optional.empty())
                        .count());
        // the binding survives: another user cannot take the id, the owner still cannot without force
        after.prepareBucket("agent-1", "owner2");
        CollabException e = assertThrows(CollabException.class, () -> after.as("tok-owner2")
                .agents()
                .register(RegisterRequest.of("agent-1", "m", "h", List.of()).forced()));
        assertEquals(ErrorCode.IDENTITY_MISMATCH, e.code());
        Digest d = after.anonymous().digest().get(DigestQuery.as("agent-2"));
        assertEquals(2, d.agents().count());
        assertEquals(List.of("kv-cache"), d.taskforces().newest());
        assertEquals(1, d.recentMessages().size());
        assertEquals(1, d.inbox().orElseThrow().count());
        assertEquals("2026-06-01T10:00:00.000Z", d.generatedAt());
    }
}
