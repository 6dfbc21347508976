package dev.agentcollab.core.service.job;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server that replays recorded answers ({@code "GET /api/jobs/hardware"} to a fixture file) and records
 * what clients sent: method, path, raw query, {@code Authorization} and body.
 */
final class ReplayServer implements AutoCloseable {
    record Seen(String method, String path, String rawQuery, String authorization, String body) {}

    record Answer(int status, String contentType, byte[] body) {}

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final HttpServer server;

    ReplayServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String path = ex.getRequestURI().getRawPath();
                seen.add(new Seen(
                        ex.getRequestMethod(),
                        path,
                        ex.getRequestURI().getRawQuery(),
                        ex.getRequestHeaders().getFirst("Authorization"),
                        body));
                Answer a = answers.get(ex.getRequestMethod() + " " + path);
                if (a == null) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                ex.getResponseHeaders().set("Content-Type", a.contentType());
                ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
                ex.getResponseBody().write(a.body());
            }
        });
        server.start();
    }

    /** Answers a route with a fixture from {@code hub-fixtures/}. */
    ReplayServer fixture(String route, String contentType, String fixture) {
        answers.put(route, new Answer(200, contentType, read(fixture)));
        return this;
    }

    /** Answers a route with given bytes. */
    ReplayServer answer(String route, String contentType, byte[] body) {
        answers.put(route, new Answer(200, contentType, body));
        return this;
    }

    static byte[] read(String fixture) {
        try (InputStream in = ReplayServer.class.getResourceAsStream("/hub-fixtures/" + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + fixture);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
