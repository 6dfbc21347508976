package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.taskforce.Contribution;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.identity.WriteAuth;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The write-auth policy over the wire: status codes and error codes a client sees, and the client's token. */
class WriteAuthHttpTest {
    private static LoopbackCollab env(WriteAuth policy) {
        LoopbackCollab env = new LoopbackCollab(
                InMemoryBucketStore.create(),
                CollabConfig.custom(LoopbackCollab.ORG, LoopbackCollab.SLUG)
                        .writeAuth(policy)
                        .build());
        env.scratchBucket("agent-a", "alice");
        try (CollabClient alice = env.client("tok-alice")) {
            alice.agents().register(RegisterRequest.of("agent-a", "m", "h", List.of()));
        }
        return env;
    }

    @Test
    void openAcceptsATokenlessRawPost() {
        try (LoopbackCollab env = env(WriteAuth.OPEN);
                CollabClient anonymous = env.client(null)) {
            assertEquals(
                    "raw",
                    anonymous.board().post(MessagePost.raw("agent-a", "hello")).via());
        }
    }

    @Test
    void ownerRejectsTokenlessAndWrongOwnerPostsAndAcceptsTheOwners() {
        try (LoopbackCollab env = env(WriteAuth.OWNER);
                CollabClient anonymous = env.client(null);
                CollabClient bob = env.client("tok-bob");
                CollabClient alice = env.client("tok-alice")) {
            CollabException none =
                    assertThrows(CollabException.class, () -> anonymous.board().post(MessagePost.raw("agent-a", "x")));
            assertEquals(ErrorCode.UNAUTHORIZED, none.code());
            CollabException other =
                    assertThrows(CollabException.class, () -> bob.board().post(MessagePost.raw("agent-a", "x")));
            assertEquals(ErrorCode.IDENTITY_MISMATCH, other.code());
            CollabException note = assertThrows(CollabException.class, () -> bob.taskforces()
                    .create(TaskforcePost.raw("tf", "agent-a", "# hijack")));
            assertEquals(ErrorCode.IDENTITY_MISMATCH, note.code());

            assertEquals(
                    "raw",
                    alice.board().post(MessagePost.raw("agent-a", "mine")).via());
            alice.taskforces().create(TaskforcePost.raw("tf", "agent-a", "# goal"));
            assertEquals(
                    "note",
                    alice.taskforces()
                            .contribute("tf", Contribution.rawNote("agent-a", "n"))
                            .kind());
            // only the owner's post was written
            assertEquals(1, alice.board().messages(ListQuery.defaults()).count());
        }
    }
}
