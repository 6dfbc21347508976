package dev.agentcollab.core.service.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.testkit.time.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registration on the file-system backend. */
class RegistrationFileSystemTest extends RegistrationContract {
    @Override
    protected BucketStore newStore(MutableClock clock) {
        return files(clock);
    }

    /** An agent of a {@code file:} deployment has no Hub bucket: the hints name the command that writes this store. */
    @Test
    void hintsNameTheCommandForThisStore() {
        RegisterRequest req = RegisterRequest.of("agent-1", "gemma", "codex", List.of());
        String store = "collab bucket --store " + tmp.resolve("store").toUri();
        CollabException missing = assertThrows(
                CollabException.class, () -> h.as("tok-alice").agents().register(req));
        assertEquals(ErrorCode.BUCKET_MISSING, missing.code());
        assertEquals(
                "run: " + store + " create org/collab-agent-1", missing.hint().orElseThrow());

        h.store.create(h.bucketOf("agent-1"), true);
        clock.advance(Duration.ofMinutes(1));
        CollabException handshake = assertThrows(
                CollabException.class, () -> h.as("tok-alice").agents().register(req));
        assertEquals(ErrorCode.BUCKET_NOT_OWNED_BY_CALLER, handshake.code());
        assertEquals(
                "echo 'alice' > /tmp/h && " + store
                        + " cp /tmp/h hf://buckets/org/collab-agent-1/.bucket-sync-handshake",
                handshake.hint().orElseThrow());
    }
}
