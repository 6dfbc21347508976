package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A redirect (a proxy sending plain HTTP to HTTPS, or the server's own trailing-slash redirect) is not an answer:
 * a file download came back as an empty file and a JSON read as an unreadable body; now both fail with the
 * redirect's target named, and nothing is retried.
 */
@Timeout(30)
class ClientRedirectTest {
    private HttpServer stub;
    private final List<Duration> slept = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Location", "https://collab.example" + exchange.getRequestURI());
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        stub.start();
    }

    @AfterEach
    void stop() {
        stub.stop(0);
    }

    private CollabClient client() {
        URI base = URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
        return CollabClient.create(ClientConfig.custom(base).sleeper(slept::add).build());
    }

    @Test
    void aRedirectedDownloadIsNotAnEmptyFile() {
        try (CollabClient client = client()) {
            CollabException e = assertThrows(
                    CollabException.class, () -> client.taskforces().file("kv", "plan.md"));
            assertTrue(
                    e.getMessage().contains("https://collab.example/v1/taskforces/kv/files/plan.md"), e.getMessage());
            assertFalse(e.retryable());
        }
        assertEquals(List.of(), slept);
    }

    @Test
    void aRedirectedReadNamesWhereItWasSent() {
        try (CollabClient client = client()) {
            CollabException e =
                    assertThrows(CollabException.class, () -> client.agents().get("agent-1"));
            assertTrue(e.getMessage().contains("301"), e.getMessage());
            assertTrue(e.getMessage().contains("https://collab.example/v1/agents/agent-1"), e.getMessage());
            assertTrue(e.hint().orElseThrow().contains("base URI"), e.hint().orElseThrow());
            assertEquals(ErrorCode.INTERNAL, e.code());
        }
        assertEquals(List.of(), slept);
    }
}
