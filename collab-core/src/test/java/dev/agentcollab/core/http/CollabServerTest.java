package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.Collab;
import dev.agentcollab.api.board.Board;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server's transport behaviour: discovery, error mapping, limits, bearer forwarding, dashboard files. */
class CollabServerTest {
    private final Board board = mock(Board.class);
    private final AtomicReference<CallContext> lastContext = new AtomicReference<>();
    private final AtomicReference<Boolean> virtualThread = new AtomicReference<>();
    private RunningServer server;
    private HttpClient http;

    @BeforeEach
    void start() {
        Collab collab = mock(Collab.class);
        when(collab.board()).thenReturn(board);
        server = CollabServer.create(c -> c.maxBodyBytes(1000)
                        .sessions(ctx -> {
                            lastContext.set(ctx);
                            virtualThread.set(Thread.currentThread().isVirtual());
                            return collab;
                        })
                        .description(ServiceDescription.of("org", "demo")))
                .start();
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(server.baseUri().resolve(path));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    @Test
    void portZeroBindsAFreePortAndHealthzAnswers() throws Exception {
        assertTrue(server.port() > 0);
        HttpResponse<String> r = send(req("/v1/healthz"));
        assertEquals(200, r.statusCode());
        assertEquals("{\"status\":\"ok\"}", r.body());
    }

    @Test
    void discoveryListsOnlyRoutedEndpoints() throws Exception {
        JsonNode d = json(send(req("/v1")));
        assertEquals("bucket-sync", d.get("service").asText());
        assertEquals("org/demo-main-bucket", d.get("central_bucket").asText());
        List<String> paths = d.get("endpoints").findValuesAsText("path");
        assertTrue(paths.contains("/v1/messages"));
        assertTrue(paths.contains("/v1/taskforces/{name}/files/{path}"));
        assertFalse(paths.contains("/v1/jobs:run"));
        assertFalse(paths.contains("/v1/jobs"), "no job views without a job runner");
        assertTrue(paths.contains("/v1/results/{filename}/runs"));
        assertTrue(paths.contains("/v1/results/{filename}/runs/files/{name}"));
        String polling = d.path("conventions").path("polling").asText();
        assertTrue(polling.contains("order=asc") && polling.contains("after=<next>"), polling);
    }

    @Test
    void applicationErrorsUseTheUniformShapeWithRetryAfter() throws Exception {
        when(board.message("x.md")).thenThrow(CollabException.notFound("message_board/x.md"));
        HttpResponse<String> r = send(req("/v1/messages/x.md"));
        assertEquals(404, r.statusCode());
        assertEquals("{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no such file: message_board/x.md\"}}", r.body());

        when(board.post(any()))
                .thenThrow(CollabException.retryAfter(
                        ErrorCode.RATE_LIMITED, "rate limit exceeded; retry after 12s", Duration.ofSeconds(12)));
        HttpResponse<String> limited = send(req("/v1/messages")
                .POST(HttpRequest.BodyPublishers.ofString("{\"agent_id\":\"agent-1\",\"body\":\"hi\"}")));
        assertEquals(429, limited.statusCode());
        assertEquals(Optional.of("12"), limited.headers().firstValue("Retry-After"));
        assertEquals("RATE_LIMITED", json(limited).at("/error/code").asText());
    }

    @Test
    void malformedRequestsAreUniformToo() throws Exception {
        HttpResponse<String> unknown = send(req("/v1/nope"));
        assertEquals(404, unknown.statusCode());
        assertEquals("ROUTE_NOT_FOUND", json(unknown).at("/error/code").asText());

        HttpResponse<String> method = send(req("/v1/healthz").DELETE());
        assertEquals(405, method.statusCode());
        assertEquals("METHOD_NOT_ALLOWED", json(method).at("/error/code").asText());

        HttpResponse<String> badJson = send(req("/v1/messages").POST(HttpRequest.BodyPublishers.ofString("{nope")));
        assertEquals(422, badJson.statusCode());
        assertEquals("INVALID_REQUEST", json(badJson).at("/error/code").asText());

        HttpResponse<String> both = send(req("/v1/messages")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"source\":\"hf://x\",\"body\":\"b\",\"agent_id\":\"a\"}")));
        assertEquals(422, both.statusCode());

        HttpResponse<String> refsList = send(req("/v1/messages")
                .POST(HttpRequest.BodyPublishers.ofString("{\"agent_id\":\"a\",\"body\":\"b\",\"refs\":[\"x.md\"]}")));
        assertEquals(422, refsList.statusCode());
        assertTrue(json(refsList).at("/error/message").asText().contains("body.refs"));

        HttpResponse<String> badLimit = send(req("/v1/messages?limit=abc"));
        assertEquals(422, badLimit.statusCode());

        for (String share : List.of("null", "\"bogus\"", "1")) { // the service (not mocked) is never reached
            HttpResponse<String> badShare = send(req("/v1/traces")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"hf://x\",\"share\":" + share + "}")));
            assertEquals(422, badShare.statusCode(), share);
            assertEquals("INVALID_REQUEST", json(badShare).at("/error/code").asText(), share);
            assertTrue(json(badShare).at("/error/message").asText().contains("body.share"), share);
        }
    }

    @Test
    void every429And503CarriesRetryAfterEvenWithoutAnExplicitDelay() throws Exception {
        when(board.message("busy.md"))
                .thenThrow(
                        CollabException.of(ErrorCode.UNAVAILABLE, "cannot read the manifest of org/demo-main-bucket"));
        HttpResponse<String> busy = send(req("/v1/messages/busy.md"));
        assertEquals(503, busy.statusCode());
        assertTrue(busy.headers().firstValue("Retry-After").isPresent(), "503 without Retry-After");
        assertTrue(Long.parseLong(busy.headers().firstValue("Retry-After").orElseThrow()) >= 1);

        when(board.message("hub.md")).thenThrow(CollabException.of(ErrorCode.RATE_LIMITED, "the Hub throttled us"));
        HttpResponse<String> hub = send(req("/v1/messages/hub.md"));
        assertEquals(429, hub.statusCode());
        assertTrue(hub.headers().firstValue("Retry-After").isPresent(), "429 without Retry-After");
    }

    @Test
    void trailingGarbageAfterTheJsonBodyIs422AndNothingReachesTheService() throws Exception {
        HttpResponse<String> r = send(req("/v1/messages")
                .POST(HttpRequest.BodyPublishers.ofString("{\"agent_id\":\"agent-1\",\"body\":\"hi\"} {\"x\":1}")));
        assertEquals(422, r.statusCode());
        assertEquals("INVALID_REQUEST", json(r).at("/error/code").asText());
        org.mockito.Mockito.verifyNoInteractions(board);
    }

    @Test
    void oversizedBodiesGet413AndNothingReachesTheService() throws Exception {
        String big = "{\"agent_id\":\"agent-1\",\"body\":\"" + "x".repeat(2000) + "\"}";
        HttpResponse<String> r = send(req("/v1/messages").POST(HttpRequest.BodyPublishers.ofString(big)));
        assertEquals(413, r.statusCode());
        assertEquals("PAYLOAD_TOO_LARGE", json(r).at("/error/code").asText());
        org.mockito.Mockito.verifyNoInteractions(board);
    }

    @Test
    void bearerIsForwardedAndListingsRenderFilenamesUnlessExpanded() throws Exception {
        MessageRecord m = new MessageRecord("20260601-100000-000_agent-1.md", Map.of("type", "agent"), "hi");
        when(board.messages(any(ListQuery.class))).thenReturn(new Page<>(3, 1, List.of(m), Optional.of("n.md")));
        HttpResponse<String> r = send(req("/v1/messages?limit=1").header("Authorization", "Bearer secret"));
        assertEquals(200, r.statusCode());
        assertEquals(
                "{\"count\":3,\"matched\":1,\"items\":[\"20260601-100000-000_agent-1.md\"],\"next\":\"n.md\"}",
                r.body());
        assertEquals(Optional.of("secret"), lastContext.get().bearer());
        assertEquals(Optional.of("127.0.0.1"), Optional.of(lastContext.get().callerIp()));
        assertTrue(virtualThread.get(), "requests are served on virtual threads");
        JsonNode expanded = json(send(req("/v1/messages?expand=true")));
        assertEquals("agent", expanded.at("/items/0/frontmatter/type").asText());
        assertEquals("hi", expanded.at("/items/0/body").asText());
    }

    @Test
    void unexpectedFailuresAre500WithoutLeakingDetails() throws Exception {
        when(board.message("boom.md")).thenThrow(new IllegalStateException("secret internals"));
        HttpResponse<String> r = send(req("/v1/messages/boom.md"));
        assertEquals(500, r.statusCode());
        assertEquals("INTERNAL", json(r).at("/error/code").asText());
        assertFalse(r.body().contains("secret"));
    }

    @Test
    void aResponseThatCannotBeSerialisedIsA500NotADroppedConnection() throws Exception {
        Map<String, Object> cyclic = new java.util.HashMap<>();
        cyclic.put("self", cyclic); // cannot be written as JSON
        when(board.message("odd.md")).thenReturn(new MessageRecord("odd.md", Map.of("x", cyclic), "hi"));
        HttpResponse<String> r = send(req("/v1/messages/odd.md"));
        assertEquals(500, r.statusCode());
        assertEquals("INTERNAL", json(r).at("/error/code").asText());
    }

    @Test
    void dashboardIsServedAtTheRoot() throws Exception {
        HttpResponse<String> page = send(req("/"));
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("/dashboard/app.js"));
        assertTrue(
                page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        assertEquals(200, send(req("/dashboard/app.js")).statusCode());
        assertEquals(404, send(req("/dashboard/..%2Fsecret")).statusCode());
        // /docs is Swagger UI (served from its webjar, no CDN) over the OpenAPI document.
        HttpResponse<String> docs = send(req("/docs"));
        assertEquals(200, docs.statusCode());
        assertTrue(docs.body().contains("/assets/swagger-ui-bundle.js"));
        HttpResponse<String> yaml = send(req("/docs/openapi.yaml"));
        assertEquals(200, yaml.statusCode());
        assertTrue(yaml.body().startsWith("openapi: 3"));
        for (String asset : List.of(
                "chart.js",
                "chartjs-plugin-zoom.js",
                "hammer.js",
                "marked.js",
                "purify.js",
                "swagger-ui-bundle.js",
                "swagger-ui.css")) {
            HttpResponse<String> a = send(req("/assets/" + asset));
            assertEquals(200, a.statusCode(), asset);
            assertTrue(a.body().length() > 1000, asset);
        }
        assertEquals(404, send(req("/assets/..%2Fpom.xml")).statusCode());
        assertEquals(404, send(req("/assets/swagger-initializer.js")).statusCode());
        for (String library : List.of(
                "chart.js", "chartjs-plugin-zoom", "hammerjs", "kurkle-color", "marked", "dompurify", "swagger-ui")) {
            HttpResponse<String> l = send(req("/assets/licenses/" + library));
            assertEquals(200, l.statusCode(), library);
            assertTrue(l.body().toLowerCase(java.util.Locale.ROOT).contains("licen"), library);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void closeLetsAnInFlightRequestFinish() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        when(board.message("slow.md")).thenAnswer(inv -> {
            entered.countDown();
            release.await();
            return new MessageRecord("slow.md", Map.of(), "done");
        });
        var response = http.sendAsync(req("/v1/messages/slow.md").build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(entered.await(10, java.util.concurrent.TimeUnit.SECONDS), "the request never reached the service");
        Thread closer = Thread.ofVirtual().start(server::close);
        // Only release the request once close() is known to be draining: new requests are then refused with 503.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status = 0;
        try (HttpClient probe = HttpClient.newHttpClient()) {
            while (status != 503 && System.nanoTime() < deadline) {
                status = probe.send(req("/v1/healthz").build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode();
            }
        }
        assertEquals(503, status, "close() did not start draining");
        assertTrue(closer.isAlive(), "close() returned before the in-flight request finished");
        release.countDown();
        assertTrue(closer.join(Duration.ofSeconds(10)), "close() did not return");
        assertEquals(200, response.get().statusCode());
        assertTrue(response.get().body().contains("done"));
    }

    @Test
    void closeIsIdempotentAndReleasesThePort() throws Exception {
        URI base = server.baseUri();
        server.close();
        server.close();
        try {
            http.send(
                    HttpRequest.newBuilder(base.resolve("/v1/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            org.junit.jupiter.api.Assertions.fail("server still answers after close");
        } catch (java.io.IOException expected) {
            // connection refused
        }
    }
}
