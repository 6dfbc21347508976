package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.http.ServerConfig;
import java.net.InetSocketAddress;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.NetworkTrafficServerConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.LoggerFactory;

/**
 * The embedded Jetty 12 server behind the {@code /v1} API: one HTTP/1.1 connector with the configured idle and
 * header-read timeouts and connection cap, request handling on virtual threads through the {@link Dispatcher},
 * Jetty's own errors in the JSON error shape. Paths reach the router as sent: the router decodes and validates
 * them, so Jetty's URI checks are relaxed to the legacy set. Thread safe.
 *
 * <p>Request threads: the connection selectors (platform threads) hand each request to an
 * {@link OldestFirstExecutor}, which starts a virtual thread per request but has each thread serve the oldest
 * request waiting. A virtual thread started straight from a selector waits in the JDK scheduler's queues, where the
 * carriers may leave it while request threads that unpark one another keep them busy: under 200 posting clients,
 * one selector's whole share of the connections (100 of 200) was then served 0.4–1.6 s late in one burst, which
 * set p99. Served oldest first, posting p99/p50 went from 10.8–13.5 to 3.1–3.9 (seven runs of eight) and
 * leaderboard reads from 3.6–8.2 to 1.7–3.5, with as many requests per second (docs/load-benchmark.md, "Posting and
 * leaderboard tails: the request threads"). Platform request threads (a pool of 256) made posting's tail far longer
 * (p99/p50 38–42), so requests stay on virtual threads.
 */
public final class JettyServer {
    private final Server server;
    private final ServerConnector connector;
    private final OldestFirstExecutor requestThreads;

    private JettyServer(Server server, ServerConnector connector, OldestFirstExecutor requestThreads) {
        this.server = server;
        this.connector = connector;
        this.requestThreads = requestThreads;
    }

    /**
     * Binds and starts a server.
     *
     * @param config the server configuration (address, timeouts, limits)
     * @param dispatcher where requests go
     * @return the running server
     * @throws CollabException {@code UNAVAILABLE} when the address cannot be bound
     */
    public static JettyServer start(ServerConfig config, Dispatcher dispatcher) {
        OldestFirstExecutor requestThreads = new OldestFirstExecutor(
                Thread.ofVirtual().name("collab-http-", 0).factory());
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("collab-http-io");
        pool.setVirtualThreadsExecutor(requestThreads);
        Server server = new Server(pool);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setUriCompliance(UriCompliance.LEGACY);
        // No per-connection header cache: Jetty's default (1,024) gives every connection's parser a 96 KiB trie once
        // it has served a request, kept while the connection stays open. A thousand idle keep-alive pollers then held
        // about 100 MiB of a 384 MiB heap, and the collector ran full collections back to back. The parser's shared
        // cache of well-known header fields still applies; the rest are parsed per request.
        http.setHeaderCacheSize(0);
        NetworkTrafficServerConnector connector = new NetworkTrafficServerConnector(
                server, null, null, null, -1, selectors(), new HttpConnectionFactory(http));
        HeaderDeadlines deadlines = new HeaderDeadlines(connector.getScheduler(), config.headerTimeout());
        connector.setNetworkTrafficListener(deadlines);
        connector.addEventListener(deadlines);
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(config.maxConnections(), connector));
        server.setErrorHandler(new JsonErrorHandler());
        server.setHandler(new DispatchHandler(dispatcher, config.requestTimeout(), deadlines));
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            requestThreads.close();
            throw new CollabException(
                    ErrorCode.UNAVAILABLE,
                    "cannot bind " + config.host() + ":" + config.port() + ": " + e.getMessage(),
                    "pick another port, or 0 for any free one",
                    null,
                    e);
        }
        return new JettyServer(server, connector, requestThreads);
    }

    /**
     * One selector per CPU, at most four. Jetty's default is half the CPUs, i.e. a single selector thread on two
     * cores, which then serialises the readiness events and interest updates of every kept-alive connection: with
     * 200 polling clients on two cores, two selectors served 1.3x the polls per second of one (measured,
     * docs/load-benchmark.md, "Jetty settings").
     */
    private static int selectors() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * The bound address.
     *
     * @return the local address and port
     */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    /** Closes the socket and every connection, then the request threads. */
    public void stop() {
        stopQuietly(server);
        requestThreads.close();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LoggerFactory.getLogger(JettyServer.class).warn("error while stopping the HTTP server", e);
        }
    }
}
