package dev.agentcollab.core.http;

import com.sun.net.httpserver.HttpServer;
import dev.agentcollab.core.http.internal.Dispatcher;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * A started {@link CollabServer}. {@link #close()} shuts it down gracefully: new requests get 503
 * {@code UNAVAILABLE} at once, requests in flight get up to the configured grace to finish, then the socket and
 * the handler threads are closed. Thread safe; closing twice is harmless.
 */
public final class RunningServer implements AutoCloseable {
    private final HttpServer server;
    private final Dispatcher dispatcher;
    private final ExecutorService executor;
    private final Duration grace;
    private volatile boolean closed;

    RunningServer(HttpServer server, Dispatcher dispatcher, ExecutorService executor, Duration grace) {
        this.server = server;
        this.dispatcher = dispatcher;
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
        try {
            dispatcher.drain(grace);
            server.stop(0);
            executor.shutdown();
            if (!executor.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.stop(0);
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
