package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.agentcollab.api.query.ListQuery;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server mounted under a path (behind a reverse proxy): the client keeps the base URI's path. */
class ClientBaseUriTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer stub;

    @BeforeEach
    void start() throws Exception {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            seen.add(exchange.getRequestURI().getRawPath() + "?"
                    + exchange.getRequestURI().getRawQuery());
            byte[] body = "{\"filename\":\"x.md\",\"frontmatter\":{},\"body\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
            if (exchange.getRequestURI().getPath().endsWith("/messages")) {
                body = "{\"count\":0,\"matched\":0,\"items\":[],\"next\":null}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        stub.start();
    }

    @AfterEach
    void stop() {
        stub.stop(0);
    }

    private URI base(String path) {
        return URI.create("http://" + stub.getAddress().getAddress().getHostAddress() + ":"
                + stub.getAddress().getPort() + path);
    }

    @Test
    void aBasePathIsKeptWithOrWithoutATrailingSlash() {
        for (String path : List.of("/collab", "/collab/")) {
            try (CollabClient client = CollabClient.create(base(path))) {
                assertEquals("hi", client.board().message("x.md").body());
                client.board().messages(ListQuery.builder().limit(1).build());
            }
        }
        try (CollabClient client = CollabClient.create(base(""))) {
            client.board().message("x.md");
        }
        assertEquals("/collab/v1/messages/x.md?null", seen.get(0));
        assertEquals("/collab/v1/messages", seen.get(1).substring(0, seen.get(1).indexOf('?')));
        assertEquals("/collab/v1/messages/x.md?null", seen.get(2));
        assertEquals("/v1/messages/x.md?null", seen.get(4));
    }
}
