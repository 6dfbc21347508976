package dev.agentcollab.testkit.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.testkit.bucket.Fault;
import dev.agentcollab.testkit.bucket.StoreOp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake Hub's wire behaviour, driven with plain HTTP requests. */
class FakeHfHubTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final BucketId B = BucketId.parse("team/b");
    private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeHfHub hub;

    @BeforeEach
    void start() {
        hub = FakeHfHub.start(InstantSource.fixed(T));
        hub.addUser("ana", "hf_ana", Map.of("team", "write"), "ana@example.org");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void listensOnALoopbackPort() {
        assertEquals("127.0.0.1", hub.endpoint().getHost());
        assertTrue(hub.port() > 0);
    }

    @Test
    void whoamiDescribesTheTokenOwner() throws Exception {
        HttpResponse<String> r = send("GET", "/api/whoami-v2", "hf_ana", null);
        assertEquals(200, r.statusCode());
        JsonNode me = JSON.readTree(r.body());
        assertEquals("ana", me.path("name").asText());
        assertEquals("team", me.path("orgs").get(0).path("name").asText());
        assertEquals("write", me.path("orgs").get(0).path("roleInOrg").asText());
        assertEquals(401, send("GET", "/api/whoami-v2", "hf_nobody", null).statusCode());
        hub.revokeToken("hf_ana");
        assertEquals(401, send("GET", "/api/whoami-v2", "hf_ana", null).statusCode());
    }

    @Test
    void bucketInfoAndErrorsUseTheHubShapes() throws Exception {
        HttpResponse<String> missing = send("GET", "/api/buckets/team/b", "hf_ana", null);
        assertEquals(404, missing.statusCode());
        assertEquals(
                "RepoNotFound", missing.headers().firstValue("X-Error-Code").orElseThrow());
        assertTrue(JSON.readTree(missing.body()).path("error").isTextual());

        assertEquals(
                200,
                send("POST", "/api/buckets/team/b", "hf_ana", "{\"private\":true}")
                        .statusCode());
        assertEquals(409, send("POST", "/api/buckets/team/b", "hf_ana", "{}").statusCode());
        JsonNode info =
                JSON.readTree(send("GET", "/api/buckets/team/b", "hf_ana", null).body());
        assertEquals("team/b", info.path("id").asText());
        assertTrue(info.path("private").asBoolean());
        assertEquals(T.toString(), info.path("createdAt").asText());
        assertEquals(0, info.path("totalFiles").asInt());
        assertEquals(404, send("GET", "/api/buckets/team/b", null, null).statusCode(), "private is hidden");
    }

    @Test
    void aRevokedOrUnknownTokenIs401OnBucketRoutesNotAnAnonymousCaller() throws Exception {
        hub.createBucket(B, false); // public: an anonymous caller may read it
        assertEquals(200, send("GET", "/api/buckets/" + B, null, null).statusCode());
        assertEquals(200, send("GET", "/api/buckets/" + B, "hf_ana", null).statusCode());
        hub.revokeToken("hf_ana");
        for (String token : new String[] {"hf_ana", "hf_nobody"}) {
            assertEquals(401, send("GET", "/api/buckets/" + B, token, null).statusCode(), token);
            assertEquals(
                    401, send("GET", "/api/buckets/" + B + "/tree", token, null).statusCode(), token);
            assertEquals(
                    401,
                    send("HEAD", "/buckets/" + B + "/resolve/x", token, null).statusCode(),
                    token);
            assertEquals(
                    401,
                    send("GET", "/api/buckets/" + B + "/xet-read-token", token, null)
                            .statusCode(),
                    token);
        }
        assertEquals(200, send("GET", "/api/buckets/" + B, null, null).statusCode(), "anonymous still reads");
    }

    @Test
    void treePagesAreLinkedAndBatchesAreNotTransactional() throws Exception {
        hub.createBucket(B, false);
        hub.treePageSize(2);
        String hash = upload("content");
        StringBuilder ndjson = new StringBuilder();
        for (String p : new String[] {"x/1", "x/2", "x/3"}) {
            ndjson.append("{\"type\":\"addFile\",\"path\":\"")
                    .append(p)
                    .append("\",\"xetHash\":\"")
                    .append(hash)
                    .append("\",\"mtime\":0}\n");
        }
        assertEquals(
                200,
                send("POST", "/api/buckets/team/b/batch", "hf_ana", ndjson.toString())
                        .statusCode());

        HttpResponse<String> page1 = send("GET", "/api/buckets/team/b/tree/x%2F?recursive=true", null, null);
        assertEquals(2, JSON.readTree(page1.body()).size());
        String link = page1.headers().firstValue("Link").orElseThrow();
        String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        HttpResponse<String> page2 =
                http.send(HttpRequest.newBuilder(URI.create(next)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("x/3", JSON.readTree(page2.body()).get(0).path("path").asText());
        assertFalse(page2.headers().firstValue("Link").isPresent());

        String partly =
                "{\"type\":\"deleteFile\",\"path\":\"x/1\"}\n{\"type\":\"addFile\",\"path\":\"y\",\"xetHash\":\"nope\"}\n";
        HttpResponse<String> r = send("POST", "/api/buckets/team/b/batch", "hf_ana", partly);
        assertEquals(422, r.statusCode(), "some operations failed");
        JsonNode answer = JSON.readTree(r.body());
        assertFalse(answer.path("success").asBoolean());
        assertEquals(2, answer.path("processed").asInt());
        assertEquals(1, answer.path("succeeded").asInt());
        assertEquals("y", answer.path("failed").get(0).path("path").asText());
        assertEquals(List.of("x/2", "x/3"), hub.paths(B), "the delete took effect: the batch is not transactional");

        hub.failNextBatchOperation("x/2", "simulated");
        r = send("POST", "/api/buckets/team/b/batch", "hf_ana", "{\"type\":\"deleteFile\",\"path\":\"x/2\"}\n");
        assertEquals(422, r.statusCode());
        assertEquals(
                "simulated",
                JSON.readTree(r.body()).path("failed").get(0).path("error").asText());
        assertEquals(List.of("x/2", "x/3"), hub.paths(B));
        assertEquals(
                400,
                send("POST", "/api/buckets/team/b/batch", "hf_ana", "{\"type\":\"rename\"}\n")
                        .statusCode(),
                "a line that is no operation rejects the whole call");
    }

    @Test
    void resolveRedirectsToTheContent() throws Exception {
        hub.createBucket(B, false);
        String hash = upload("bytes!");
        send(
                "POST",
                "/api/buckets/team/b/batch",
                "hf_ana",
                "{\"type\":\"addFile\",\"path\":\"f\",\"xetHash\":\"" + hash + "\"}\n");
        HttpResponse<String> r = send("GET", "/buckets/team/b/resolve/f", null, null);
        assertEquals(302, r.statusCode());
        assertEquals(hash, r.headers().firstValue("X-Xet-Hash").orElseThrow());
        HttpResponse<String> content = http.send(
                HttpRequest.newBuilder(
                                URI.create(r.headers().firstValue("Location").orElseThrow()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("bytes!", content.body());
        assertEquals(
                "EntryNotFound",
                send("GET", "/buckets/team/b/resolve/none", null, null)
                        .headers()
                        .firstValue("X-Error-Code")
                        .orElseThrow());
    }

    @Test
    void injectedFaultsAnswerWithTheirStatusAndRetryAfter() throws Exception {
        hub.faults().inject(Fault.failNext(StoreOp.INFO, 1, ErrorCode.RATE_LIMITED, Duration.ofSeconds(12)));
        HttpResponse<String> r = send("GET", "/api/whoami-v2", "hf_ana", null);
        assertEquals(429, r.statusCode());
        assertEquals("12", r.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(200, send("GET", "/api/whoami-v2", "hf_ana", null).statusCode());
        assertEquals(2, hub.faults().calls(StoreOp.INFO));
        assertEquals(2, hub.requests().size());
    }

    /** Uploads content through the fake CAS's real routes (one xorb, one shard) and returns its file hash. */
    private String upload(String content) throws Exception {
        JsonNode token = JSON.readTree(send("GET", "/api/buckets/team/b/xet-write-token", "hf_ana", null)
                .body());
        XetTestUploads u = new XetTestUploads(content.getBytes(StandardCharsets.UTF_8));
        String cas = token.path("casUrl").asText();
        String auth = "Bearer " + token.path("accessToken").asText();
        for (var post : new HttpRequest[] {
            HttpRequest.newBuilder(URI.create(cas + "/v1/xorbs/default/" + FakeXetHashes.hex(u.xorbHash)))
                    .header("Authorization", auth)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(u.xorb()))
                    .build(),
            HttpRequest.newBuilder(URI.create(cas + "/v1/shards"))
                    .header("Authorization", auth)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(u.shard()))
                    .build()
        }) {
            assertEquals(
                    200, http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        return FakeXetHashes.hex(u.fileHash);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.endpoint() + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
