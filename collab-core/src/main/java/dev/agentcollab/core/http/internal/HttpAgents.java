package dev.agentcollab.core.http.internal;

import static dev.agentcollab.core.http.internal.HttpTransport.enc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.agent.AgentInfo;
import dev.agentcollab.api.agent.Agents;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.agent.Registration;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Agents} over {@code /v1/agents}. Thread safe. */
public final class HttpAgents implements Agents {
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
        JsonNode node = http.get("/v1/agents", ListQueries.toParams(query), Types.of(JsonNode.class));
        return WirePages.read(node, AgentInfo.class, HttpAgents::filenameOnly);
    }

    @Override
    public AgentInfo get(String agentId) {
        return http.get("/v1/agents/" + enc(agentId), Map.of(), Types.of(AgentInfo.class));
    }

    private static AgentInfo filenameOnly(String filename) {
        String id = filename.endsWith(".md") ? filename.substring(0, filename.length() - 3) : filename;
        return new AgentInfo(id, "", "", "", List.of(), "", "", Optional.empty());
    }
}
