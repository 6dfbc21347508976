package dev.agentcollab.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentcollab.hf.HfHubException.Resource;
import dev.agentcollab.hf.jobs.HfJobsClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An answer whose body stalls after its headers is cut after the idle time (the request's own timeout ended with
 * the headers, and the call waited for ever before), while a body that trickles in steadily is read whole.
 */
@Timeout(30)
class BodyDeadlineTest {
    private static final Duration IDLE = Duration.ofMillis(700);

    private HttpServer server;
    private ExecutorService handlers;
    private final CountDownLatch released = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        // headers and one byte of ten, then silence until the test ends
        server.createContext("/stall", ex -> stall(ex, 10, 'x'));
        // ten bytes, one every 200 ms: slow, never silent for the idle time
        server.createContext("/trickle", ex -> {
            ex.sendResponseHeaders(200, 10);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 10; i++) {
                    out.write('0' + i);
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        released.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    /** Sends the headers of a {@code length}-byte answer and its first byte, then nothing until the test ends. */
    private void stall(HttpExchange ex, int length, char first) throws IOException {
        ex.sendResponseHeaders(200, length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(first);
            out.flush();
            released.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException | IOException e) {
            // the client went away
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void aBodyThatStallsAfterItsHeadersIsCutAfterTheIdleTime() {
        HttpRequest request =
                HttpRequest.newBuilder(uri("/stall")).timeout(IDLE).build();
        long start = System.nanoTime();
        HttpTimeoutException e = assertThrows(
                HttpTimeoutException.class, () -> BodyDeadline.send(HttpClient.newHttpClient(), request, IDLE));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(e.getMessage().contains("no byte of the answer's body for 700 ms"), e.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "cut after the idle time, not later: " + took);
    }

    @Test
    void aBodyThatKeepsArrivingIsReadWholeHoweverLongItTakes() throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(uri("/trickle")).timeout(IDLE).build();
        long start = System.nanoTime();
        HttpResponse<byte[]> r = BodyDeadline.send(HttpClient.newHttpClient(), request, IDLE);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertArrayEquals("0123456789".getBytes(StandardCharsets.US_ASCII), r.body());
        assertTrue(took.compareTo(IDLE) > 0, "longer than the idle time in all: " + took);
    }

    @Test
    void aJobInspectionWhoseBodyStallsFailsWithATimeout() {
        server.createContext("/api/jobs/team/", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            stall(ex, 100, '{');
        });
        HfJobsClient jobs = new HfJobsClient(HttpClient.newHttpClient(), uri(""), "team", () -> "hf_x", IDLE, IDLE);
        HfHubException e = assertThrows(HfHubException.class, () -> jobs.inspect("0123456789abcdef01234567"));
        assertEquals(HfHubException.Kind.TIMEOUT, e.kind());
    }

    @Test
    void theHubClientsCallsFailWithATimeoutOnAStalledBody() {
        HfHttp hub = new HfHttp(uri(""), HttpClient.newHttpClient(), IDLE);
        HfHubException e = assertThrows(
                HfHubException.class, () -> hub.send(hub.get("/stall"), Optional.empty(), Resource.FILE, "read"));
        assertEquals(HfHubException.Kind.TIMEOUT, e.kind());
        assertTrue(e.retryable());
    }
}
