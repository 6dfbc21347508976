package dev.agentcollab.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-to-end scenario: three agents prepare their buckets and register, one posts a plan mentioning another,
 * who reads it in the inbox and opens a taskforce, the third submits a result that reaches the leaderboard. After
 * a restart of the server on the same storage, {@link #verifyRecord} checks that all of it is still served.
 */
final class ThreeAgents {
    record Agent(String id, String user, String token) {}

    static final String PLAN = "plan: draft k=4 with the MTP head, @kernel-smith can you fuse the norm?";
    static final String TASKFORCE = "fused-norm";

    private final String scoreField;
    private final List<Agent> agents;

    ThreeAgents(String scoreField, Agent drafter, Agent kernel, Agent evals) {
        this.scoreField = scoreField;
        this.agents = List.of(drafter, kernel, evals);
    }

    Agent drafter() {
        return agents.get(0);
    }

    Agent kernel() {
        return agents.get(1);
    }

    Agent evals() {
        return agents.get(2);
    }

    void play(AgentDriver d) {
        for (Agent a : agents) {
            d.prepareBucket(a.id(), a.user(), a.token());
            JsonNode reg = d.register(a.id(), a.token(), "claude", "e2e");
            assertEquals(a.user(), reg.path("hf_user").asText(), reg.toString());
        }
        JsonNode posted = d.post(drafter().id(), drafter().token(), "drafting", PLAN);
        assertTrue(mentioned(posted).contains(kernel().id()), posted.toString());

        JsonNode inbox = d.inbox(kernel().id(), kernel().token());
        assertTrue(inbox.toString().contains("fuse the norm"), inbox.toString());

        JsonNode tf =
                d.createTaskforce(TASKFORCE, kernel().id(), kernel().token(), "who: kernel-smith; goal: one kernel");
        assertTrue(tf.toString().contains(TASKFORCE), tf.toString());

        JsonNode result = d.submitResult(
                evals().id(),
                evals().token(),
                "results/run1.md",
                "---\n" + scoreField + ": 123.5\nmethod: mtp k=4\nstatus: agent-run\ndescription: e2e run\n---\n"
                        + "Measured with collab harness.\n");
        assertTrue(result.path("filename").asText().endsWith("_" + evals().id() + ".md"), result.toString());
        assertLeaderboard(d);
    }

    void verifyRecord(AgentDriver d) {
        JsonNode listed = d.agents();
        List<String> ids = new ArrayList<>();
        listed.path("items").forEach(i -> ids.add(i.path("agent_id").asText()));
        for (Agent a : agents) {
            assertTrue(ids.contains(a.id()), listed.toString());
        }
        assertTrue(d.inbox(kernel().id(), kernel().token()).toString().contains("fuse the norm"));
        assertTrue(
                d.taskforce(TASKFORCE).toString().contains("one kernel"),
                d.taskforce(TASKFORCE).toString());
        assertLeaderboard(d);
        String readme = d.agentReadme();
        assertTrue(readme.contains("/v1/agents/register") && readme.contains(scoreField), readme);
    }

    private void assertLeaderboard(AgentDriver d) {
        JsonNode board = d.leaderboard();
        JsonNode rows = board.path("rows");
        assertEquals(1, rows.size(), board.toString());
        assertEquals(evals().id(), rows.get(0).path("agent").asText(), board.toString());
        assertEquals(123.5, rows.get(0).path("score").asDouble(), 1e-9, board.toString());
    }

    private static List<String> mentioned(JsonNode posted) {
        List<String> out = new ArrayList<>();
        posted.path("mentions_delivered").forEach(n -> out.add(n.asText()));
        return out;
    }
}
