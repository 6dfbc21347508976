package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.sync.Sync;
import dev.agentcollab.api.trace.TraceSummary;
import dev.agentcollab.api.trace.Traces;
import java.util.List;
import java.util.function.Function;

/** Routes of anchor §7 for the two syncs, traces and {@code GET /v1/stats}. */
public final class SyncTraceRoutes {
    private static final List<String> SHARES = List.of("stats", "full");

    private SyncTraceRoutes() {}

    /**
     * Adds the routes.
     *
     * @param b the router builder
     * @param sync the caller's sync feature
     * @param traces the caller's traces feature
     */
    public static void register(
            Router.Builder b, Function<CallContext, Sync> sync, Function<CallContext, Traces> traces) {
        b.post("/v1/artifacts:sync", call -> {
            JsonBody body = call.json();
            String source = body.requiredString("source");
            String slug = body.requiredString("dest_slug");
            call.json(200, sync.apply(call.context()).artifacts(source, slug));
        });
        b.post("/v1/shared-resources:sync", call -> {
            JsonBody body = call.json();
            String source = body.requiredString("source");
            String dest = body.requiredString("dest_path");
            call.json(200, sync.apply(call.context()).sharedResources(source, dest));
        });
        b.post("/v1/traces", call -> {
            JsonBody body = call.json();
            String source = body.requiredString("source");
            if (body.tree().has("share") && body.tree().get("share").isNull()) { // a Literal field refuses null
                throw JsonBody.invalid("body.share", "input should be 'stats' or 'full', got null");
            }
            String share = body.string("share").orElse("stats");
            if (!SHARES.contains(share)) {
                throw JsonBody.invalid("body.share", "input should be 'stats' or 'full', got '" + share + "'");
            }
            call.json(201, traces.apply(call.context()).share(source, share));
        });
        b.get("/v1/traces", call -> {
            ListQuery q = ListQueries.parse(call.query(), List.of("harness", "model", "share"));
            var page = traces.apply(call.context()).list(q);
            call.json(200, Pages.toWire(page, q.expand(), TraceSummary::id));
        });
        b.get(
                "/v1/traces/{agent}/{session}",
                call -> call.json(200, traces.apply(call.context()).get(call.param("agent"), call.param("session"))));
        b.get("/v1/stats", call -> call.json(200, traces.apply(call.context()).stats()));
    }
}
