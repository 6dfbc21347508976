package dev.agentcollab.core.http.internal;

import static dev.agentcollab.core.http.internal.HttpTransport.segment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.agent.AgentInfo;
import dev.agentcollab.api.agent.Agents;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.agent.Registration;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Agents} over {@code /v1/agents}. Thread safe. */
public final class HttpAgents implements Agents {
    private static final Map<String, String> STORED_KEYS = Map.of("agent_model", "model", "agent_harness", "harness");

    private final HttpTransport http;

    /**
     * Creates the feature.
     *
     * @param http the transport
     */
    public HttpAgents(HttpTransport http) {
        this.http = http;
    }

    @Override
    public Registration register(RegisterRequest request) {
        return http.post("/v1/agents/register", request, Types.of(Registration.class));
    }

    @Override
    public Page<AgentInfo> list(ListQuery query) {
        JsonNode node = http.get("/v1/agents", withWireKeys(ListQueries.toParams(query)), Types.of(JsonNode.class));
        return WirePages.read(node, AgentInfo.class, HttpAgents::filenameOnly);
    }

    @Override
    public AgentInfo get(String agentId) {
        return http.get("/v1/agents/" + segment(agentId), Map.of(), Types.of(AgentInfo.class));
    }

    /**
     * Sends the stored frontmatter keys {@code agent_model} and {@code agent_harness}, which the in-process
     * listing filters on as well, under their wire names {@code model} and {@code harness}: the server ignores
     * query parameters it does not know, and the filter would be lost.
     */
    private static Map<String, Object> withWireKeys(Map<String, Object> params) {
        Map<String, Object> wire = new LinkedHashMap<>();
        params.forEach((k, v) -> wire.put(STORED_KEYS.getOrDefault(k, k), v));
        return wire;
    }

    private static AgentInfo filenameOnly(String filename) {
        String id = filename.endsWith(".md") ? filename.substring(0, filename.length() - 3) : filename;
        return new AgentInfo(id, "", "", "", List.of(), "", "", Optional.empty());
    }
}
