package dev.agentcollab.core.http;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A started {@link CollabServer}. {@link #close()} shuts it down gracefully: it stops accepting connections,
 * waits up to the configured grace for in-flight requests, then stops the handler threads. Thread safe;
 * closing twice is harmless.
 */
public final class RunningServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Duration grace;
    private volatile boolean closed;

    RunningServer(HttpServer server, ExecutorService executor, Duration grace) {
        this.server = server;
        this.executor = executor;
        this.grace = grace;
    }

    /**
     * The bound port (the real one when the configuration asked for port 0).
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * The server's root URI on its bound address, e.g. {@code http://127.0.0.1:41234/}.
     *
     * @return the URI; pass it to {@link ClientConfig#custom(URI)}
     */
    public URI baseUri() {
        String host = server.getAddress().getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** Stops the server gracefully. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop((int) Math.min(Integer.MAX_VALUE, (grace.toMillis() + 999) / 1000));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
