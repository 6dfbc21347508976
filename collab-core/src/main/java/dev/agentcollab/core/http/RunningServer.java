package dev.agentcollab.core.http;

import dev.agentcollab.core.http.internal.Dispatcher;
import dev.agentcollab.core.http.internal.JettyServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

/**
 * A started {@link CollabServer}. {@link #close()} shuts it down gracefully: new requests get 503
 * {@code UNAVAILABLE} at once, requests in flight get up to the configured grace to finish, then the socket and
 * the handler threads are closed. Thread safe; closing twice is harmless.
 */
public final class RunningServer implements AutoCloseable {
    private final JettyServer server;
    private final InetSocketAddress address;
    private final Dispatcher dispatcher;
    private final Duration grace;
    private volatile boolean closed;

    RunningServer(JettyServer server, Dispatcher dispatcher, Duration grace) {
        this.server = server;
        this.address = server.address();
        this.dispatcher = dispatcher;
        this.grace = grace;
    }

    /**
     * The bound port (the real one when the configuration asked for port 0).
     *
     * @return the port
     */
    public int port() {
        return address.getPort();
    }

    /**
     * The server's root URI on its bound address, e.g. {@code http://127.0.0.1:41234/}.
     *
     * @return the URI; pass it to {@link ClientConfig#custom(URI)}
     */
    public URI baseUri() {
        String host = address.getAddress().getHostAddress();
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.stop();
        }
    }
}
