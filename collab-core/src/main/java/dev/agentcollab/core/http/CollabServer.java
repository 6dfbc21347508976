package dev.agentcollab.core.http;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.http.internal.AgentRoutes;
import dev.agentcollab.core.http.internal.AuthRoutes;
import dev.agentcollab.core.http.internal.BoardRoutes;
import dev.agentcollab.core.http.internal.DashboardRoutes;
import dev.agentcollab.core.http.internal.Dispatcher;
import dev.agentcollab.core.http.internal.JettyServer;
import dev.agentcollab.core.http.internal.ResultRoutes;
import dev.agentcollab.core.http.internal.Route;
import dev.agentcollab.core.http.internal.Router;
import dev.agentcollab.core.http.internal.SyncTraceRoutes;
import dev.agentcollab.core.http.internal.SystemRoutes;
import dev.agentcollab.core.http.internal.TaskforceRoutes;
import dev.agentcollab.core.http.internal.WebSessions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The embeddable {@code /v1} server on an embedded Jetty 12: every route of the reference API over a
 * {@link CollabSessions} (usually a local service), the dashboard at {@code /}, one error mapper
 * ({@code {"error":{"code","message","hint"}}} plus {@code Retry-After}), request-size, path and media-type checks,
 * header-read, idle and request timeouts, a connection cap (see {@link ServerConfig}), one virtual thread per
 * request and graceful shutdown.
 *
 * <pre>{@code
 * try (RunningServer server = CollabServer.create(c -> c
 *         .port(0)
 *         .sessions(service::session)
 *         .description(ServiceDescription.from(service)))
 *     .start()) {
 *   System.out.println("dashboard: " + server.baseUri());
 * }
 * }</pre>
 *
 * <p>Instances are immutable; each {@link #start()} binds a new socket.
 */
public final class CollabServer {
    private final ServerConfig config;
    private final Router router;

    private CollabServer(ServerConfig config) {
        this.config = config;
        this.router = routes(config);
    }

    /**
     * Creates a server from a configuration.
     *
     * @param config the configuration
     * @return the server (not started)
     */
    public static CollabServer create(ServerConfig config) {
        return new CollabServer(java.util.Objects.requireNonNull(config, "config"));
    }

    /**
     * Creates a server, configuring a builder that starts from {@link ServerConfig#custom()}.
     *
     * @param customizer sets at least {@code sessions} and {@code description}
     * @return the server (not started)
     */
    public static CollabServer create(Consumer<ServerConfig.Builder> customizer) {
        ServerConfig.Builder b = ServerConfig.custom();
        customizer.accept(b);
        return create(b.build());
    }

    /**
     * The configuration.
     *
     * @return the configuration
     */
    public ServerConfig config() {
        return config;
    }

    /** The routes, for tests in this package. */
    Router router() {
        return router;
    }

    /**
     * Binds the socket and starts serving.
     *
     * @return the running server; close it to stop
     * @throws CollabException {@code UNAVAILABLE} when the address cannot be bound
     */
    public RunningServer start() {
        Dispatcher dispatcher =
                new Dispatcher(router, config.maxBodyBytes(), config.maxPathSegmentBytes(), config.maxPathDepth());
        return new RunningServer(JettyServer.start(config, dispatcher), dispatcher, config.shutdownGrace());
    }

    private static Router routes(ServerConfig config) {
        AtomicReference<Router> self = new AtomicReference<>();
        WebSessions web = new WebSessions(
                Clock.systemUTC(),
                new SecureRandom(),
                config.dashboardSettings().sessionTtl(),
                config.dashboardSettings().sessionStore());
        Router.Builder b = new Router.Builder();
        SystemRoutes.register(b, config.description(), self::get);
        DashboardRoutes.register(b, config.description(), config.dashboardSettings(), config.dashboard());
        AuthRoutes.register(b, config.sessions(), web, config.dashboardSettings());
        SystemRoutes.agentReadme(b, config.agentReadme());
        SystemRoutes.clientJar(b, config.clientJar());
        AgentRoutes.register(b, config.sessions());
        BoardRoutes.register(b, config.sessions());
        TaskforceRoutes.register(b, config.sessions());
        CollabSessions sessions = config.sessions();
        ResultRoutes.register(
                b,
                ctx -> sessions.session(ctx).results(),
                ctx -> sessions.session(ctx).leaderboard(),
                ctx -> sessions.session(ctx).jobs());
        SyncTraceRoutes.register(b, ctx -> sessions.session(ctx).sync(), ctx -> sessions.session(ctx)
                .traces());
        // Every route sees the dashboard's signed-in person as the bearer (cookie + dashboard header only). A
        // dashboard call whose cookie names a session that has ended, and that needs someone signed in, is told so
        // rather than asked for a bearer token it never sends; API clients send no cookie and see no change.
        Router router = new Router(b.build().routes().stream()
                .map(r -> new Route(r.method(), r.template(), call -> {
                    boolean ended = web.attach(call);
                    try {
                        r.handler().handle(call);
                    } catch (CollabException e) {
                        if (ended
                                && e.code() == ErrorCode.UNAUTHORIZED
                                && r.template().startsWith("/v1")
                                && call.bearer().isEmpty()) {
                            throw CollabException.of(
                                    ErrorCode.UNAUTHORIZED,
                                    "your dashboard session has ended (signed out, expired or forgotten by a restart)",
                                    "sign in again");
                        }
                        throw e;
                    }
                }))
                .toList());
        self.set(router);
        return router;
    }
}
