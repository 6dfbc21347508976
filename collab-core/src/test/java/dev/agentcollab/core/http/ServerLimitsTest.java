package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.Collab;
import dev.agentcollab.api.board.Board;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's protections against slow, abusive or cross-site clients: header-read, idle and request timeouts,
 * the connection cap, media types, malformed framing and path limits. Each timeout test also checks that other
 * clients are served while the slow one is held.
 */
@Timeout(60)
class ServerLimitsTest {
    private final Board board = mock(Board.class);
    private RunningServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private void start(Consumer<ServerConfig.Builder> limits) {
        Collab collab = mock(Collab.class);
        when(collab.board()).thenReturn(board);
        server = CollabServer.create(c -> {
                    c.sessions(ctx -> collab).description(ServiceDescription.of("org", "demo"));
                    limits.accept(c);
                })
                .start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        http.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(15_000);
        return s;
    }

    /** Reads until the server closes the connection; returns the seconds that took. */
    private static double secondsUntilClosed(Socket s, long startNanos) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // discard whatever the server answers before closing
            }
        } catch (java.net.SocketException reset) {
            // a reset is a close too
        }
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private int healthz() throws Exception {
        return http.send(
                        HttpRequest.newBuilder(server.baseUri().resolve("/v1/healthz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private static String rawExchange(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aClientTricklingHeadersIsCutOffAtTheHeaderTimeoutWhileOthersAreServed() throws Exception {
        start(c -> c.headerTimeout(Duration.ofSeconds(1)).idleTimeout(Duration.ofSeconds(20)));
        try (Socket slow = connect()) {
            long t0 = System.nanoTime();
            OutputStream out = slow.getOutputStream();
            out.write("GET /v1/healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
            Thread trickler = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        Thread.sleep(100);
                        out.write(("X-" + i + ": y\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server cut us off
                }
            });
            assertEquals(200, healthz(), "another client is served while the slow one trickles");
            double seconds = secondsUntilClosed(slow, t0);
            assertTrue(seconds >= 0.9 && seconds < 8, "closed after " + seconds + " s");
            trickler.interrupt();
        }
        assertEquals(200, healthz());
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAtTheHeaderTimeoutNotTheIdleTimeout() throws Exception {
        start(c -> c.headerTimeout(Duration.ofSeconds(1)).idleTimeout(Duration.ofSeconds(30)));
        try (Socket silent = connect()) {
            double seconds = secondsUntilClosed(silent, System.nanoTime());
            assertTrue(seconds < 8, "closed after " + seconds + " s");
        }
    }

    @Test
    void aKeptAliveConnectionWaitsPastTheHeaderTimeoutThenIsCutOffWhenItsNextRequestTrickles() throws Exception {
        start(c -> c.headerTimeout(Duration.ofSeconds(1)).idleTimeout(Duration.ofSeconds(20)));
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            String request = "GET /v1/healthz HTTP/1.1\r\nHost: x\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertTrue(readResponse(s).startsWith("HTTP/1.1 200"));
            Thread.sleep(1_500); // idle between requests: the idle timeout's business, not the header deadline's
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertTrue(readResponse(s).startsWith("HTTP/1.1 200"), "kept alive past the header timeout");

            long t0 = System.nanoTime();
            out.write("GET /v1/healthz HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread trickler = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        Thread.sleep(100);
                        out.write(("X-" + i + ": y\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server cut us off
                }
            });
            assertEquals(200, healthz(), "another client is served while this one trickles");
            double seconds = secondsUntilClosed(s, t0);
            assertTrue(seconds >= 0.9 && seconds < 8, "closed after " + seconds + " s");
            trickler.interrupt();
        }
    }

    /** Reads one response with a {@code Content-Length} body; returns its head. */
    private static String readResponse(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) b);
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        assertTrue(m.find(), head.toString());
        in.readNBytes(Integer.parseInt(m.group(1)));
        return head.toString();
    }

    /**
     * An error answered before the request's body arrived (an unknown route) leaves the connection usable: the server
     * reads the rest of the body first, or a client's next request on the kept-alive connection would find it closed
     * (java.net.http does not retry a POST; it reported "header parser received no bytes").
     */
    @Test
    void anErrorAnsweredBeforeTheBodyArrivedKeepsTheConnectionForTheNextRequest() throws Exception {
        start(c -> {});
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            String body = "{\"token\":\"tok-bob\"}";
            out.write(("POST /v1/no-such-route HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(300); // the server routes (and refuses) the request before its body is sent
            out.write(body.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String refused = readResponse(s);
            assertTrue(refused.startsWith("HTTP/1.1 404"), refused);
            out.write("GET /v1/healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String next = readResponse(s);
            assertTrue(next.startsWith("HTTP/1.1 200"), next);
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        start(c -> c.headerTimeout(Duration.ofSeconds(30)).idleTimeout(Duration.ofSeconds(1)));
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write("GET /v1/healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long t0 = System.nanoTime();
            String answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            assertEquals("HTTP/1.1 200", answer);
            double seconds = secondsUntilClosed(s, t0);
            assertTrue(seconds >= 0.9 && seconds < 8, "closed after " + seconds + " s");
        }
    }

    @Test
    void aBodyTricklingInIsCutOffAtTheRequestTimeoutAndNothingReachesTheService() throws Exception {
        start(c -> c.requestTimeout(Duration.ofSeconds(1)).idleTimeout(Duration.ofSeconds(20)));
        try (Socket slow = connect()) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 200\r\n\r\n{\"agent_id\":")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long t0 = System.nanoTime();
            Thread trickler = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        Thread.sleep(100);
                        out.write(' ');
                        out.flush();
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server cut us off
                }
            });
            assertEquals(200, healthz(), "another client is served while the slow one uploads");
            double seconds = secondsUntilClosed(slow, t0);
            assertTrue(seconds >= 0.9 && seconds < 8, "closed after " + seconds + " s");
            trickler.interrupt();
        }
        org.mockito.Mockito.verifyNoInteractions(board);
    }

    @Test
    void aBodyThatStopsArrivingClosesTheConnectionAtTheIdleTimeoutWithoutAServerError() throws Exception {
        start(c -> c.idleTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(30)));
        try (Socket stalled = connect()) {
            OutputStream out = stalled.getOutputStream();
            out.write(("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 200\r\n\r\n{\"agent_id\":")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long t0 = System.nanoTime();
            String answer = new String(stalled.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals("", answer, "the client stalled: no answer, least of all a 500");
            assertTrue(seconds >= 0.9 && seconds < 8, "closed after " + seconds + " s");
        }
        assertEquals(200, healthz());
        org.mockito.Mockito.verifyNoInteractions(board);
    }

    @Test
    void connectionsBeyondTheCapWaitUntilOneCloses() throws Exception {
        start(c -> c.maxConnections(2).headerTimeout(Duration.ofSeconds(30)));
        Socket first = connect();
        Socket second = connect();
        try (Socket third = connect()) {
            third.getOutputStream()
                    .write("GET /v1/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
            third.setSoTimeout(1000);
            assertThrows(
                    SocketTimeoutException.class, () -> third.getInputStream().read(), "served over the cap");
            first.close();
            third.setSoTimeout(15_000);
            String answer = new String(third.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void nonJsonBodiesGet415AndNothingReachesTheService() throws Exception {
        start(c -> {});
        for (String type : new String[] {
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "text/plain;charset=UTF-8"
        }) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(server.baseUri().resolve("/v1/messages"))
                            .header("Content-Type", type)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"agent_id\":\"a\",\"body\":\"hi\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(415, r.statusCode(), type);
            JsonNode error = Json.mapper().readTree(r.body());
            assertEquals("UNSUPPORTED_MEDIA_TYPE", error.at("/error/code").asText(), type);
        }
        org.mockito.Mockito.verifyNoInteractions(board);

        when(board.post(any()))
                .thenThrow(dev.agentcollab.api.error.CollabException.of(
                        dev.agentcollab.api.error.ErrorCode.AGENT_ID_TAKEN, "reached the service"));
        HttpResponse<String> json = http.send(
                HttpRequest.newBuilder(server.baseUri().resolve("/v1/messages"))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"agent_id\":\"a\",\"body\":\"hi\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(409, json.statusCode(), "a JSON body reaches the service: " + json.body());
    }

    @Test
    void malformedContentLengthGetsTheJsonErrorShape() throws Exception {
        start(c -> {});
        for (String length : new String[] {"abc", "-5", "1 2"}) {
            try (Socket s = connect()) {
                String answer = rawExchange(
                        s, "POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n{}");
                assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
                assertTrue(
                        answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), answer);
                JsonNode error = Json.mapper().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                assertEquals("INVALID_REQUEST", error.at("/error/code").asText(), answer);
            }
        }
    }

    @Test
    void overLongSegmentsAndOverDeepPathsGet400InvalidPath() throws Exception {
        start(c -> {});
        assertEquals(400, status("/v1/messages/" + "a".repeat(256)));
        assertEquals("INVALID_PATH", code("/v1/messages/" + "a".repeat(256)));
        assertEquals("INVALID_PATH", code("/v1/messages/" + "%C3%A9".repeat(128))); // 256 bytes once decoded
        assertEquals("INVALID_PATH", code("/v1/taskforces/t/files" + "/d".repeat(30)));
        // Request lines over Jetty's 8 KiB header buffer are refused by Jetty itself: 414, same code.
        assertEquals("INVALID_PATH", code("/v1/messages/" + "a".repeat(20_000)));
        assertEquals(414, status("/v1/messages/" + "a".repeat(20_000)));
        assertEquals("INVALID_PATH", code("/v1" + "/d".repeat(5000)));

        when(board.message(any())).thenThrow(dev.agentcollab.api.error.CollabException.notFound("x"));
        assertEquals(404, status("/v1/messages/" + "a".repeat(255)), "255 bytes are accepted");
        assertEquals(404, status("/v1/messages/" + "%C3%A9".repeat(127)), "254 decoded bytes are accepted");
    }

    @Test
    void aNamedTaskforceFileTheReadRouteCouldNotServeIsRefused() throws Exception {
        dev.agentcollab.api.taskforce.Taskforces taskforces = mock(dev.agentcollab.api.taskforce.Taskforces.class);
        Collab collab = mock(Collab.class);
        when(collab.taskforces()).thenReturn(taskforces);
        when(taskforces.contribute(any(), any()))
                .thenThrow(dev.agentcollab.api.error.CollabException.of(
                        dev.agentcollab.api.error.ErrorCode.AGENT_ID_TAKEN, "reached the service"));
        server = CollabServer.create(c -> c.sessions(ctx -> collab).description(ServiceDescription.of("org", "demo")))
                .start();
        String longName = "x".repeat(300) + "_alice.txt";
        String deep = "sub_alice" + "/d".repeat(40) + "/f.txt";
        String escapes = "%41".repeat(255) + "_alice.txt"; // 765 bytes, %2541... in the read route's URL
        for (String dest : new String[] {longName, deep, escapes}) {
            HttpResponse<String> r = postJson(
                    "/v1/taskforces/tf1/files",
                    "{\"source\":\"hf://buckets/o/b/f.txt\",\"dest_path\":\"" + dest + "\"}");
            assertEquals(400, r.statusCode(), r.body());
            assertEquals(
                    "INVALID_PATH",
                    Json.mapper().readTree(r.body()).at("/error/code").asText());
        }
        org.mockito.Mockito.verifyNoInteractions(taskforces);
        HttpResponse<String> fits = postJson(
                "/v1/taskforces/tf1/files", "{\"source\":\"hf://buckets/o/b/f.txt\",\"dest_path\":\"a/b_alice.txt\"}");
        assertEquals(409, fits.statusCode(), "a path that fits reaches the service: " + fits.body());
    }

    private HttpResponse<String> postJson(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(server.baseUri().resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pathLimitsAreConfigurable() throws Exception {
        start(c -> c.maxPathSegmentBytes(10).maxPathDepth(4));
        assertEquals("INVALID_PATH", code("/v1/messages/" + "a".repeat(11)));
        assertEquals("INVALID_PATH", code("/v1/a/b/c/d"));
        assertEquals(200, status("/v1/healthz"));
    }

    private int status(String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(server.baseUri().resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private String code(String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(server.baseUri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.mapper().readTree(r.body()).at("/error/code").asText();
    }
}
