package dev.agentcollab.core.http.internal;

import dev.agentcollab.core.http.ServiceDescription;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Discovery ({@code GET /v1}), liveness ({@code GET /v1/healthz}), the OpenAPI document ({@code GET /docs}) and the
 * dashboard's static files.
 */
public final class SystemRoutes {
    private SystemRoutes() {}

    /**
     * Adds the routes.
     *
     * @param b the router builder
     * @param description what {@code GET /v1} reports
     * @param router the finished router (for the endpoint table), available once built
     * @param dashboard whether to serve the dashboard
     */
    public static void register(
            Router.Builder b, ServiceDescription description, Supplier<Router> router, boolean dashboard) {
        b.get("/v1", call -> call.json(200, Discovery.describe(description, router.get())));
        b.get("/v1/healthz", call -> call.json(200, Map.of("status", "ok")));
        StaticResources files = new StaticResources("dashboard");
        b.get("/", call -> {
            if (!dashboard) {
                throw StaticResources.disabled();
            }
            files.serve(call, "index.html");
        });
        b.get("/docs", call -> files.serve(call, "openapi.yaml"));
        b.get("/dashboard/{file}", call -> {
            if (!dashboard) {
                throw StaticResources.disabled();
            }
            files.serve(call, call.param("file"));
        });
    }
}
