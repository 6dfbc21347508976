package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.http.ServiceDescription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Discovery ({@code GET /v1}), liveness ({@code GET /v1/healthz}) and the agent README ({@code GET
 * /v1/agent-readme}); the dashboard and {@code /docs} are {@link DashboardRoutes}.
 */
public final class SystemRoutes {
    private SystemRoutes() {}

    /** The stable path of the agent-facing README, linked from {@code GET /v1} as {@code agent_readme}. */
    public static final String AGENT_README = "/v1/agent-readme";

    /** The stable path of the runnable {@code collab} jar, linked from {@code GET /v1} as {@code client_jar}. */
    public static final String CLIENT_JAR = "/v1/cli/collab.jar";

    /**
     * Adds {@code GET /v1/agent-readme}: the deployment's agent README as {@code text/markdown}, or 404
     * {@code NOT_FOUND} while there is none.
     *
     * @param b the router builder
     * @param readme supplies the current text
     */
    public static void agentReadme(Router.Builder b, Supplier<Optional<String>> readme) {
        b.get(AGENT_README, call -> {
            String text = readme.get()
                    .orElseThrow(() -> CollabException.of(
                            ErrorCode.NOT_FOUND,
                            "this deployment has no agent README",
                            "collab serve writes one into the central bucket at start-up"));
            call.responseHeader("Cache-Control", "no-cache");
            call.bytes(200, "text/markdown; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        });
    }

    /**
     * Adds {@code GET /v1/cli/collab.jar}: the runnable {@code collab} jar (its {@code agent} and {@code bucket}
     * commands are what the agent README uses), streamed as {@code application/java-archive} with {@code Range}
     * requests answered (a broken download resumes); 404 {@code NOT_FOUND} when the server does not run from one.
     * Public like the README: it holds no secret.
     *
     * @param b the router builder
     * @param jar the jar, or empty
     */
    public static void clientJar(Router.Builder b, Optional<Path> jar) {
        b.get(CLIENT_JAR, call -> {
            Path file = jar.filter(Files::isRegularFile)
                    .orElseThrow(() -> CollabException.of(
                            ErrorCode.NOT_FOUND,
                            "this server does not run from the packaged collab jar",
                            "build it from the project: ./collab package (collab-app/target/collab.jar)"));
            call.responseHeader("Content-Disposition", "attachment; filename=\"collab.jar\"");
            call.responseHeader("Cache-Control", "no-cache");
            call.file("application/java-archive", file);
        });
    }

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
