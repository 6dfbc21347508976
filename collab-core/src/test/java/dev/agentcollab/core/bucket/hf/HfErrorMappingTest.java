package dev.agentcollab.core.bucket.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.hf.HfHubException;
import dev.agentcollab.hf.buckets.HfBucketId;
import dev.agentcollab.hf.buckets.HfXetFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How {@link HfHubClient} reads Hub answers that the fake Hub does not produce on its own: {@code X-Error-Code}
 * over the status, create-if-missing after 401/403, relative redirects and token routes on {@code resolve}. A stub
 * server answers each path with a scripted response.
 */
class HfErrorMappingTest {
    private static final HfBucketId B = HfBucketId.parse("team/b");

    /** A scripted answer: status, headers and JSON body. */
    private record Answer(int status, Map<String, String> headers, String body) {}

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private HfHubClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        client = HfHubClient.builder().endpoint(endpoint()).token("hf_x").build();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void xErrorCodeDecidesOverTheStatus() {
        answers.put("GET /api/buckets/team/b", new Answer(401, Map.of("X-Error-Code", "RepoNotFound"), "{}"));
        assertTrue(client.bucketInfo(B).isEmpty(), "401 + RepoNotFound is a missing bucket, not a bad token");
        answers.put("GET /api/buckets/team/b", new Answer(401, Map.of(), "{\"error\":\"Invalid token\"}"));
        assertCode(ErrorCode.UNAUTHORIZED, () -> client.bucketInfo(B));
        answers.put("HEAD /buckets/team/b/resolve/f", new Answer(403, Map.of("X-Error-Code", "EntryNotFound"), ""));
        assertTrue(client.xetFile(B, "f").isEmpty());
        answers.put("HEAD /buckets/team/b/resolve/f", new Answer(401, Map.of("X-Error-Code", "RepoNotFound"), ""));
        assertCode(ErrorCode.BUCKET_NOT_FOUND, () -> client.xetFile(B, "f"));
    }

    @Test
    void aRequestTimeoutIsARetryableTimeout() {
        // RFC 9110 15.5.9: 408 says the server gave up waiting for the request, which may be sent again
        answers.put("GET /api/buckets/team/b", new Answer(408, Map.of(), "{\"error\":\"Request Timeout\"}"));
        CollabException e = HfErrors.toCollab(assertThrows(HfHubException.class, () -> client.bucketInfo(B)));
        assertEquals(ErrorCode.TIMEOUT, e.code(), e::getMessage);
        assertTrue(e.retryable(), e::getMessage);
    }

    @Test
    void createIfMissingReadsTheBucketBackAfter401Or403() {
        answers.put("GET /api/buckets/team/b", new Answer(200, Map.of(), "{\"id\":\"team/b\",\"private\":true}"));
        for (int status : new int[] {401, 403}) {
            answers.put("POST /api/buckets/team/b", new Answer(status, Map.of(), "{\"error\":\"no create scope\"}"));
            assertEquals(B, client.createBucket(B, true, true).id());
        }
        assertCode(ErrorCode.BUCKET_NOT_OWNED_BY_CALLER, () -> client.createBucket(B, true, false));
        answers.put("GET /api/buckets/team/b", new Answer(404, Map.of("X-Error-Code", "RepoNotFound"), "{}"));
        assertCode(ErrorCode.BUCKET_NOT_OWNED_BY_CALLER, () -> client.createBucket(B, true, true));
    }

    @Test
    void resolveFollowsRelativeRedirectsButNotTheContentStore() {
        answers.put(
                "HEAD /buckets/team/b/resolve/f",
                new Answer(307, Map.of("Location", "/buckets/team/renamed/resolve/f"), ""));
        answers.put(
                "HEAD /buckets/team/renamed/resolve/f",
                new Answer(
                        302,
                        Map.of(
                                "Location", "https://cdn.example/blob",
                                "X-Xet-Hash", "a".repeat(64),
                                "X-Xet-Refresh-Route", "/api/buckets/team/renamed/xet-read-token"),
                        ""));
        HfXetFile file = client.xetFile(B, "f").orElseThrow();
        assertEquals("a".repeat(64), file.xetHash());
        assertEquals(
                Optional.of(URI.create(endpoint() + "/api/buckets/team/renamed/xet-read-token")),
                file.authUrl(),
                "without a xet-auth link the refresh route is used");
        assertEquals(List.of("HEAD /buckets/team/b/resolve/f", "HEAD /buckets/team/renamed/resolve/f"), seen);
    }

    @Test
    void aTokenLinkOnThePublicHubIsRewrittenOntoACustomEndpoint() {
        answers.put(
                "HEAD /buckets/team/b/resolve/f",
                new Answer(
                        302,
                        Map.of(
                                "X-Xet-Hash",
                                "b".repeat(64),
                                "Link",
                                "<https://huggingface.co/api/buckets/team/b/xet-read-token>; rel=\"xet-auth\""),
                        ""));
        assertEquals(
                Optional.of(URI.create(endpoint() + "/api/buckets/team/b/xet-read-token")),
                client.xetFile(B, "f").orElseThrow().authUrl());
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex) {
            String key = ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath();
            seen.add(key);
            Answer a = answers.getOrDefault(key, new Answer(404, Map.of(), "{}"));
            a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            boolean empty = body.length == 0 || ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(a.status(), empty ? -1 : body.length);
            if (!empty) {
                ex.getResponseBody().write(body);
            }
        }
    }

    private static void assertCode(ErrorCode expected, org.junit.jupiter.api.function.Executable call) {
        CollabException e = HfErrors.toCollab(assertThrows(HfHubException.class, call));
        assertEquals(expected, e.code(), e::getMessage);
    }
}
