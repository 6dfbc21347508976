package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An empty name where a call names something (an agent, a message, a taskforce file) is {@code INVALID_PATH} over
 * the client as in process. Sent, it made a path ending in {@code /}, which the server redirects as another route,
 * and the client reported the redirect as {@code INTERNAL}.
 */
@Timeout(60)
class ClientEmptyNameTest {
    private static ErrorCode code(Collab collab, Consumer<Collab> call) {
        return assertThrows(CollabException.class, () -> call.accept(collab)).code();
    }

    @Test
    void anEmptyNameIsAnInvalidPathOverTheClientAsInProcess() {
        ListQuery page = ListQuery.builder().build();
        Map<String, Consumer<Collab>> calls = new LinkedHashMap<>();
        calls.put("agents().get", c -> c.agents().get(""));
        calls.put("board().message", c -> c.board().message(""));
        calls.put("board().inbox", c -> c.board().inbox("", page));
        calls.put("board().channel", c -> c.board().channel("", page));
        calls.put("board().thread", c -> c.board().thread(""));
        calls.put("results().get", c -> c.results().get(""));
        calls.put("traces().get agent", c -> c.traces().get("", "s-1"));
        calls.put("traces().get session", c -> c.traces().get("agent-1", ""));
        calls.put("taskforces().get", c -> c.taskforces().get(""));
        calls.put("taskforces().files", c -> c.taskforces().files(""));
        calls.put("taskforces().notes", c -> c.taskforces().notes("", page));
        calls.put("taskforces().file", c -> c.taskforces().file("tf-1", ""));
        try (LoopbackCollab collab = new LoopbackCollab(InMemoryBucketStore.create());
                CollabClient bob = collab.client("tok-bob")) {
            Collab local = collab.service.session("tok-bob");
            calls.forEach((name, call) -> {
                assertEquals(ErrorCode.INVALID_PATH, code(local, call), name + " in process");
                assertEquals(ErrorCode.INVALID_PATH, code(bob, call), name + " over the client");
            });
        }
    }
}
