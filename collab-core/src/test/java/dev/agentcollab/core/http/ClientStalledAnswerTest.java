package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server (or a proxy in front of it) that sends an answer's headers and then stalls: the client's request
 * timeout ended with the headers, and an agent's call waited for ever; now the call fails with {@code TIMEOUT}
 * after the same time.
 */
@Timeout(30)
class ClientStalledAnswerTest {
    private HttpServer stub;
    private ExecutorService handlers;
    private final CountDownLatch released = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool();
        stub.setExecutor(handlers);
        stub.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 1000);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write('{');
                out.flush();
                released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException | IOException e) {
                // the client went away
            }
        });
        stub.start();
    }

    @AfterEach
    void stop() {
        released.countDown();
        stub.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void aReadWhoseAnswerStallsAfterItsHeadersTimesOut() {
        URI base = URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
        ClientConfig config = ClientConfig.custom(base)
                .requestTimeout(Duration.ofMillis(700))
                .maxAttempts(1)
                .build();
        long start = System.nanoTime();
        try (CollabClient client = CollabClient.create(config)) {
            CollabException e =
                    assertThrows(CollabException.class, () -> client.board().message("x.md"));
            assertEquals(ErrorCode.TIMEOUT, e.code());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "cut after the request timeout: " + took);
    }
}
