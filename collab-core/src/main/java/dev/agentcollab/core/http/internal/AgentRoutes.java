package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.agent.AgentInfo;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.core.http.CollabSessions;
import java.util.List;

/** Routes of anchor §4: {@code /v1/me}, registration and the agent directory. */
public final class AgentRoutes {
    private AgentRoutes() {}

    /**
     * Adds the routes.
     *
     * @param b the router builder
     * @param sessions where per-request views come from
     */
    public static void register(Router.Builder b, CollabSessions sessions) {
        b.get("/v1/me", call -> call.json(200, sessions.session(call.context()).me()));
        b.get("/v1/status", call -> {
            call.responseHeader("Cache-Control", "no-store");
            call.json(200, sessions.session(call.context()).status());
        });
        b.post("/v1/agents/register", call -> {
            JsonBody body = call.json();
            RegisterRequest request = new RegisterRequest(
                    body.requiredString("agent_id"),
                    body.requiredString("model"),
                    body.requiredString("harness"),
                    body.stringList("tools"),
                    body.string("bio_source"),
                    body.bool("force", false));
            call.json(201, sessions.session(call.context()).agents().register(request));
        });
        b.get("/v1/agents", call -> {
            ListQuery q = ListQueries.parse(call.query(), List.of("hf_user", "model", "harness"));
            var page = sessions.session(call.context()).agents().list(q);
            call.json(200, Pages.toWire(page, q.expand(), AgentInfo::filename));
        });
        b.get(
                "/v1/agents/{agent_id}",
                call -> call.json(200, sessions.session(call.context()).agents().get(call.param("agent_id"))));
    }
}
