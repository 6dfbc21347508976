package dev.agentcollab.core.http.internal;

import dev.agentcollab.core.http.ServiceDescription;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Discovery ({@code GET /v1}) and liveness ({@code GET /v1/healthz}); the dashboard and {@code /docs} are
 * {@link DashboardRoutes}.
 */
public final class SystemRoutes {
    private SystemRoutes() {}

    /**
     * Adds the routes.
     *
     * @param b the router builder
     * @param description what {@code GET /v1} reports
     * @param router the finished router (for the endpoint table), available once built
     */
    public static void register(Router.Builder b, ServiceDescription description, Supplier<Router> router) {
        b.get("/v1", call -> call.json(200, Discovery.describe(description, router.get())));
        b.get("/v1/healthz", call -> call.json(200, Map.of("status", "ok")));
    }
}
