package dev.agentcollab.app.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code collab agent} against a server that answers 429 with {@code Retry-After: 1} a given number of times, then
 * accepts the post: each wait is announced on stderr, and the total wait is bounded by {@code --max-wait}.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class RetryWaitTest {
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/messages", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body;
            int status;
            if (refusals.getAndDecrement() > 0) {
                status = 429;
                exchange.getResponseHeaders().add("Retry-After", "1");
                body = "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"rate limit exceeded; retry after 1s\"}}"
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                status = 201;
                body = Json.mapper()
                        .writeValueAsBytes(new PostReceipt(
                                "f_agent-a.md",
                                "raw",
                                "message_board/f_agent-a.md",
                                List.of(),
                                false,
                                Optional.empty(),
                                Optional.empty()));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private AgentCommandTest.Run post(int refused, String... flags) {
        refusals.set(refused);
        Map<String, String> env = Map.of(
                "COLLAB_URL",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "COLLAB_TOKEN",
                "hf_test_ada_000001",
                "COLLAB_AGENT",
                "agent-a",
                "HOME",
                System.getProperty("java.io.tmpdir"));
        String[] args = new String[flags.length + 2];
        args[0] = "post";
        args[1] = "hello";
        System.arraycopy(flags, 0, args, 2, flags.length);
        return AgentCommandTest.run(env, args);
    }

    @Test
    void eachWaitIsAnnouncedOnStderrBeforeTheRetry() {
        AgentCommandTest.Run r = post(1);
        assertEquals(0, r.code(), r.err());
        assertEquals("agent post: rate limited; retrying in 1 s\n", r.err());
        assertTrue(r.out().contains("posted message_board/f_agent-a.md"), r.out());
        assertEquals(2, requests.get());
    }

    @Test
    void noWaitExits1AtOnceWithTheServersDelay() {
        AgentCommandTest.Run r = post(1, "--no-wait");
        assertEquals(1, r.code(), r.out() + r.err());
        assertFalse(r.err().contains("retrying"), r.err());
        assertTrue(r.err().contains("agent post: RATE_LIMITED: rate limit exceeded"), r.err());
        assertTrue(r.err().contains("retry after: 1 s"), r.err());
        assertEquals(1, requests.get());
    }

    @Test
    void theTotalWaitIsBoundedByMaxWait() {
        AgentCommandTest.Run r = post(3, "--max-wait", "2");
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(
                2,
                r.err()
                        .lines()
                        .filter(l -> l.equals("agent post: rate limited; retrying in 1 s"))
                        .count(),
                r.err());
        assertTrue(r.err().contains("retry after: 1 s"), r.err());
        assertEquals(3, requests.get(), "a third wait would pass --max-wait 2");
    }

    @Test
    void aMaxWaitBeyondADayIsAUsageError() {
        AgentCommandTest.Run r = post(0, "--max-wait", "9300000000000000");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--max-wait must be 0 to 86400 seconds"), r.err());
        assertEquals(0, requests.get(), "nothing was sent");
    }
}
