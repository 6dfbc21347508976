package dev.agentcollab.core.service.identity;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A loopback server answering every request with one JSON body, for whoami answers the fake Hub cannot give. */
final class FakeJsonServer implements AutoCloseable {
    private final HttpServer server;

    private FakeJsonServer(int status, String json) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(status, body.length);
                ex.getResponseBody().write(body);
            }
        });
        server.start();
    }

    static FakeJsonServer answering(String json) {
        return new FakeJsonServer(200, json);
    }

    static FakeJsonServer answering(int status, String json) {
        return new FakeJsonServer(status, json);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
