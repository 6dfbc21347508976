package dev.agentcollab.core.http.internal;

import dev.agentcollab.core.http.DashboardSettings;
import dev.agentcollab.core.http.ServiceDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's pages and files: the app at {@code /}, its own files under {@code /dashboard/}, its settings at
 * {@code /dashboard/settings.json}, the third-party libraries under {@code /assets/} ({@link WebAssets}), and the
 * API browser (Swagger UI) at {@code /docs} over {@code /docs/openapi.yaml}, and the tab icon (also at
 * {@code /favicon.ico}). Everything is served from the class
 * path through {@link HttpCall}, so it works on any transport and offline.
 */
public final class DashboardRoutes {
    /** Where the onboarding README for agents is served; the "Add your agent" prompt points there. */
    public static final String AGENT_README_PATH = "/v1/agent-readme";

    /**
     * The dashboard page's content security policy: scripts, styles, data and frames from this origin only (inline
     * styles allowed for the chart library's canvas sizing), no plugins, no foreign form targets. A second line
     * of defence behind the page's escaping and DOMPurify.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private DashboardRoutes() {}

    /**
     * Adds the routes.
     *
     * @param b the router builder
     * @param description the collaboration (slug, org, score)
     * @param settings what the dashboard shows
     * @param dashboard whether the dashboard is served at all ({@code /docs} always is)
     */
    public static void register(
            Router.Builder b, ServiceDescription description, DashboardSettings settings, boolean dashboard) {
        StaticResources files = new StaticResources("dashboard");
        WebAssets assets = new WebAssets();
        Map<String, Object> publicSettings = publicSettings(description, settings);
        b.get("/", call -> {
            requireEnabled(dashboard);
            call.responseHeader("Content-Security-Policy", CSP);
            call.responseHeader("Referrer-Policy", "same-origin");
            files.serve(call, "index.html");
        });
        b.get("/dashboard/settings.json", call -> {
            requireEnabled(dashboard);
            call.json(200, publicSettings);
        });
        b.get("/dashboard/{file}", call -> {
            requireEnabled(dashboard);
            files.serve(call, call.param("file"));
        });
        b.get("/assets/licenses/{library}", call -> assets.serveLicense(call, call.param("library")));
        b.get("/assets/{file}", call -> assets.serve(call, call.param("file")));
        // the tab icon (the pages name it with <link rel=icon>; browsers that ask for /favicon.ico get it too)
        b.get("/favicon.ico", call -> files.serve(call, "favicon.svg"));
        b.get("/docs", call -> files.serve(call, "docs.html"));
        b.get("/docs/openapi.yaml", call -> files.serve(call, "openapi.yaml"));
    }

    private static void requireEnabled(boolean dashboard) {
        if (!dashboard) {
            throw StaticResources.disabled();
        }
    }

    private static Map<String, Object> publicSettings(ServiceDescription d, DashboardSettings s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("title", s.title().orElse(d.collab()));
        out.put("description", s.description());
        out.put("links", s.links());
        out.put("baselines", s.baselines());
        out.put("org", d.org());
        out.put("collab", d.collab());
        out.put("public_url", s.publicUrl().orElse(null));
        out.put("agent_readme", AGENT_README_PATH);
        out.put("poll_interval_ms", s.pollInterval().toMillis());
        out.put("token_login", s.tokenLogin());
        out.put(
                "oauth",
                s.oauth()
                        .map(o -> Map.of("provider_name", o.providerName(), "login", "/auth/login"))
                        .orElse(null));
        return out;
    }
}
