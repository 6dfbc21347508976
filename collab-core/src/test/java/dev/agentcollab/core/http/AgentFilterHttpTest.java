package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.agent.AgentInfo;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent listing's filters on the stored keys {@code agent_model} and {@code agent_harness} answer over the
 * client what they answer in process: they were sent under names the server ignores, and every agent matched.
 */
@Timeout(60)
class AgentFilterHttpTest {
    private static List<String> ids(Collab collab, String key, String value) {
        return collab.agents().list(ListQuery.builder().match(key, value).build()).items().stream()
                .map(AgentInfo::agentId)
                .toList();
    }

    @Test
    void storedKeyFiltersMatchTheInProcessListing() {
        try (LoopbackCollab collab = new LoopbackCollab(InMemoryBucketStore.create());
                CollabClient bob = collab.client("tok-bob")) {
            collab.scratchBucket("agent-1", "bob");
            collab.scratchBucket("agent-2", "bob");
            bob.agents().register(RegisterRequest.of("agent-1", "gemma", "codex", List.of()));
            bob.agents().register(RegisterRequest.of("agent-2", "llama", "claude", List.of()));
            Collab local = collab.service.session("tok-bob");
            for (String[] filter : new String[][] {
                {"agent_model", "llama"}, {"agent_harness", "codex"}, {"model", "gemma"}, {"harness", "claude"}
            }) {
                List<String> expected = ids(local, filter[0], filter[1]);
                assertEquals(1, expected.size(), filter[0]);
                assertEquals(expected, ids(bob, filter[0], filter[1]), filter[0]);
            }
        }
    }
}
