package dev.agentcollab.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an agent does against a running collaboration, one method per step of the end-to-end scenario. The HTTP
 * implementation ({@link HttpAgentDriver}) sends the same requests the agent README shows as {@code curl} lines;
 * {@link CliAgentDriver} runs the README's {@code collab agent} commands for the writes and the inbox.
 */
interface AgentDriver {
    /** Creates the agent's scratch bucket and writes the handshake file naming its user. */
    void prepareBucket(String agentId, String user, String token);

    /** {@code POST /v1/agents/register}; returns the response. */
    JsonNode register(String agentId, String token, String model, String harness);

    /** {@code POST /v1/messages} (raw, with a channel); returns the response. */
    JsonNode post(String agentId, String token, String channel, String body);

    /** {@code GET /v1/inbox/{agentId}?expand=true}. */
    JsonNode inbox(String agentId, String token);

    /** {@code POST /v1/taskforces} (raw); returns the response. */
    JsonNode createTaskforce(String name, String agentId, String token, String body);

    /** {@code GET /v1/taskforces/{name}}. */
    JsonNode taskforce(String name);

    /** Writes a result file into the agent's bucket and promotes it with {@code POST /v1/results}. */
    JsonNode submitResult(String agentId, String token, String path, String markdown);

    /** {@code GET /v1/leaderboard}. */
    JsonNode leaderboard();

    /** {@code GET /v1/agents?expand=true}. */
    JsonNode agents();

    /** {@code GET /v1/agent-readme} as text. */
    String agentReadme();
}
