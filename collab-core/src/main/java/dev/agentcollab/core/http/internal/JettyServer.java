package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.http.ServerConfig;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 */
public final class JettyServer {
    private final Server server;
    private final ServerConnector connector;
    private final ExecutorService virtualThreads;

    private JettyServer(Server server, ServerConnector connector, ExecutorService virtualThreads) {
        this.server = server;
        this.connector = connector;
        this.virtualThreads = virtualThreads;
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
        String mode = System.getProperty("collab.http.threads", "virtual");
        ExecutorService virtualThreads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("collab-http-", 0).factory());
        QueuedThreadPool pool = !mode.equals("platform")
                ? new QueuedThreadPool()
                : new QueuedThreadPool(Integer.getInteger("collab.http.maxThreads", 256), 16);
        pool.setName("collab-http-io");
        if (mode.equals("virtual")) {
            pool.setVirtualThreadsExecutor(virtualThreads);
        } else if (mode.equals("fifo")) {
            pool.setVirtualThreadsExecutor(new OldestFirstExecutor(Thread.ofVirtual().name("collab-http-", 0).factory()));
        }
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
            virtualThreads.shutdownNow();
            throw new CollabException(
                    ErrorCode.UNAVAILABLE,
                    "cannot bind " + config.host() + ":" + config.port() + ": " + e.getMessage(),
                    "pick another port, or 0 for any free one",
                    null,
                    e);
        }
        return new JettyServer(server, connector, virtualThreads);
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
        virtualThreads.shutdownNow();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LoggerFactory.getLogger(JettyServer.class).warn("error while stopping the HTTP server", e);
        }
    }
}
