package dev.agentcollab.app.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The server's hints, written for HTTP clients, in the command line's terms. */
class CliHintsTest {
    @Test
    void httpTermsBecomeCommandsAndFlags() {
        assertEquals(
                "re-register with collab agent register --force to update it",
                CliHints.translate("re-register with force: true to update it"));
        assertEquals(
                "register first: collab agent register --model <model> --harness <harness>",
                CliHints.translate("register first via POST /v1/agents/register"));
        assertEquals(
                "contribute with: collab agent taskforce post kv-cache",
                CliHints.translate("contribute via POST /v1/taskforces/kv-cache/files"));
        assertEquals(
                "create it: collab agent taskforce create <name> --body <text>",
                CliHints.translate("create it via POST /v1/taskforces"));
        assertEquals("pick another agent id (--agent)", CliHints.translate("pick another agent_id"));
    }

    @Test
    void otherHintsPassUnchanged() {
        String hint = "run: hf buckets create acme/speed-a1";
        assertEquals(hint, CliHints.translate(hint));
    }
}
