package dev.agentcollab.testkit.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentcollab.api.bucket.BucketId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake CAS checks xorb and shard uploads and registers files by Xet file hash. */
class FakeHfHubCasTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final XetTestUploads u = new XetTestUploads("some content".getBytes(StandardCharsets.UTF_8));
    private FakeHfHub hub;
    private String cas;
    private String token;

    @BeforeEach
    void start() throws Exception {
        hub = FakeHfHub.start();
        hub.addUser("ana", "hf_ana", Map.of("team", "write"));
        hub.createBucket(BucketId.parse("team/b"), true);
        HttpRequest get = HttpRequest.newBuilder(URI.create(hub.endpoint() + "/api/buckets/team/b/xet-write-token"))
                .header("Authorization", "Bearer hf_ana")
                .build();
        JsonNode t = JSON.readTree(
                http.send(get, HttpResponse.BodyHandlers.ofString()).body());
        cas = t.path("casUrl").asText();
        token = t.path("accessToken").asText();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void aValidXorbAndShardRegisterTheFileUnderItsHash() throws Exception {
        HttpResponse<String> xorb = post("/v1/xorbs/default/" + FakeXetHashes.hex(u.xorbHash), u.xorb(), token);
        assertEquals(200, xorb.statusCode());
        assertTrue(JSON.readTree(xorb.body()).path("was_inserted").asBoolean());
        assertEquals(200, post("/v1/shards", u.shard(), token).statusCode());
        HttpResponse<String> blob = http.send(
                HttpRequest.newBuilder(URI.create(cas + "/blobs/" + FakeXetHashes.hex(u.fileHash)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("some content", blob.body());
    }

    @Test
    void reconstructionInfoPointsAtTheXorbRangeThatHoldsTheFile() throws Exception {
        post("/v1/xorbs/default/" + FakeXetHashes.hex(u.xorbHash), u.xorb(), token);
        post("/v1/shards", u.shard(), token);
        HttpResponse<String> info = http.send(
                HttpRequest.newBuilder(URI.create(cas + "/v1/reconstructions/" + FakeXetHashes.hex(u.fileHash)))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, info.statusCode());
        JsonNode plan = JSON.readTree(info.body());
        String xorb = FakeXetHashes.hex(u.xorbHash);
        assertEquals(xorb, plan.path("terms").get(0).path("hash").asText());
        assertEquals(12, plan.path("terms").get(0).path("unpacked_length").asInt());
        JsonNode fetch = plan.path("fetch_info").path(xorb).get(0);
        assertEquals(19, fetch.path("url_range").path("end").asInt(), "8-byte header + 12 bytes, inclusive end");
        HttpResponse<byte[]> range = http.send(
                HttpRequest.newBuilder(URI.create(fetch.path("url").asText()))
                        .header("Range", "bytes=0-19")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, range.statusCode());
        assertEquals(20, range.body().length);
        HttpRequest unknown = HttpRequest.newBuilder(URI.create(cas + "/v1/reconstructions/" + "0".repeat(64)))
                .header("Authorization", "Bearer " + token)
                .build();
        assertEquals(
                404, http.send(unknown, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void shardsAreTakenInTheUploadFormAndWithAFooterOnBothRoutes() throws Exception {
        post("/v1/xorbs/default/" + FakeXetHashes.hex(u.xorbHash), u.xorb(), token);
        HttpResponse<String> v2 = post("/v2/shards", u.shardWithoutFooter(), token);
        assertEquals(200, v2.statusCode());
        List<String> frames = v2.body().lines().toList();
        assertEquals("validating", JSON.readTree(frames.getFirst()).path("type").asText());
        assertEquals("result", JSON.readTree(frames.getLast()).path("type").asText());
        assertEquals(200, post("/v1/shards", u.shard(), token).statusCode(), "with a footer, as huggingface.js sends");
        byte[] trailing = java.util.Arrays.copyOf(u.shardWithoutFooter(), u.shardWithoutFooter().length + 1);
        assertEquals(400, post("/v1/shards", trailing, token).statusCode(), "footer_size 0 but bytes follow");
        HttpResponse<String> bad = post("/v2/shards", new byte[] {1, 2, 3}, token);
        assertEquals(200, bad.statusCode(), "v2 reports failures in its terminal frame");
        JsonNode last = JSON.readTree(bad.body().lines().toList().getLast());
        assertEquals("error", last.path("type").asText());
        hub.disableCasV2();
        assertEquals(404, post("/v2/shards", u.shardWithoutFooter(), token).statusCode());
    }

    @Test
    void v2ReconstructionsServeMultiRangeFetchesAndExpire() throws Exception {
        post("/v1/xorbs/default/" + FakeXetHashes.hex(u.xorbHash), u.xorb(), token);
        post("/v1/shards", u.shardWithoutFooter(), token);
        String xorb = FakeXetHashes.hex(u.xorbHash);
        HttpRequest get = HttpRequest.newBuilder(
                        URI.create(cas + "/v2/reconstructions/" + FakeXetHashes.hex(u.fileHash)))
                .header("Authorization", "Bearer " + token)
                .build();
        JsonNode plan = JSON.readTree(
                http.send(get, HttpResponse.BodyHandlers.ofString()).body());
        JsonNode fetch = plan.path("xorbs").path(xorb).get(0);
        assertEquals(19, fetch.path("ranges").get(0).path("bytes").path("end").asInt());
        HttpResponse<byte[]> two = http.send(
                HttpRequest.newBuilder(URI.create(fetch.path("url").asText()))
                        .header("Range", "bytes=0-3,8-19")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, two.statusCode());
        assertTrue(two.headers().firstValue("Content-Type").orElseThrow().startsWith("multipart/byteranges"));
        URI url = URI.create(fetch.path("url").asText());
        assertEquals(
                403,
                http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray())
                        .statusCode(),
                "download-protocol.md: without the Range header the signature refuses the fetch");
        assertEquals(
                403,
                http.send(
                                HttpRequest.newBuilder(url)
                                        .header("Range", "bytes=0-20")
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray())
                        .statusCode(),
                "bytes outside the signed ranges are refused");
        hub.expirePresignedUrls();
        HttpResponse<byte[]> expired = http.send(
                HttpRequest.newBuilder(URI.create(fetch.path("url").asText()))
                        .header("Range", "bytes=0-19")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(403, expired.statusCode());
        hub.revokeXetTokens();
        assertEquals(401, http.send(get, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void aXorbWhoseChunksDoNotHashToTheRouteIsRefused() throws Exception {
        byte[] tampered = u.xorb();
        tampered[tampered.length - 1] ^= 1;
        HttpResponse<String> r = post("/v1/xorbs/default/" + FakeXetHashes.hex(u.xorbHash), tampered, token);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("xorb hash mismatch"), r.body());
    }

    @Test
    void aShardNamingAMissingXorbOrAWrongVerificationHashIsRefused() throws Exception {
        assertEquals(400, post("/v1/shards", u.shard(), token).statusCode(), "xorb not uploaded yet");
        post("/v1/xorbs/default/" + FakeXetHashes.hex(u.xorbHash), u.xorb(), token);
        assertEquals(400, post("/v1/shards", u.shard(new byte[32]), token).statusCode());
        byte[] wrongFile = u.shard();
        wrongFile[48] ^= 1;
        HttpResponse<String> r = post("/v1/shards", wrongFile, token);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("file hash mismatch"), r.body());
        assertEquals(400, post("/v1/shards", new byte[] {1, 2, 3}, token).statusCode());
    }

    @Test
    void uploadsNeedAXetToken() throws Exception {
        assertEquals(401, post("/v1/shards", u.shard(), "hf_ana").statusCode());
        assertEquals(
                401,
                post("/v1/xorbs/default/" + FakeXetHashes.hex(u.xorbHash), u.xorb(), null)
                        .statusCode());
    }

    @Test
    void aReadTokenIsRefusedOnTheWriteRoutesButAWriteTokenMayRead() throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(hub.endpoint() + "/api/buckets/team/b/xet-read-token"))
                .header("Authorization", "Bearer hf_ana")
                .build();
        String read = JSON.readTree(
                        http.send(get, HttpResponse.BodyHandlers.ofString()).body())
                .path("accessToken")
                .asText();
        String xorbRoute = "/v1/xorbs/default/" + FakeXetHashes.hex(u.xorbHash);
        assertEquals(403, post(xorbRoute, u.xorb(), read).statusCode(), "xorb upload with a read token");
        assertEquals(200, post(xorbRoute, u.xorb(), token).statusCode());
        assertEquals(403, post("/v1/shards", u.shardWithoutFooter(), read).statusCode());
        assertEquals(403, post("/v2/shards", u.shardWithoutFooter(), read).statusCode());
        assertEquals(200, post("/v1/shards", u.shardWithoutFooter(), token).statusCode());
        for (String bearer : List.of(read, token)) {
            HttpRequest plan = HttpRequest.newBuilder(
                            URI.create(cas + "/v2/reconstructions/" + FakeXetHashes.hex(u.fileHash)))
                    .header("Authorization", "Bearer " + bearer)
                    .build();
            assertEquals(
                    200, http.send(plan, HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void aShardWithoutVerificationEntriesIsRefusedOnBothRoutes() throws Exception {
        post("/v1/xorbs/default/" + FakeXetHashes.hex(u.xorbHash), u.xorb(), token);
        HttpResponse<String> v1 = post("/v1/shards", u.shardWithoutVerification(), token);
        assertEquals(400, v1.statusCode());
        assertTrue(v1.body().contains("verification entries"), v1.body());
        HttpResponse<String> v2 = post("/v2/shards", u.shardWithoutVerification(), token);
        JsonNode last = JSON.readTree(v2.body().lines().toList().getLast());
        assertEquals("error", last.path("type").asText());
        assertTrue(last.path("message").asText().contains("verification entries"), v2.body());
    }

    @Test
    void aXorbWithAFooterIsRefused() throws Exception {
        String route = "/v1/xorbs/default/" + FakeXetHashes.hex(u.xorbHash);
        HttpResponse<String> r = post(route, u.xorbWithFooter(), token);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("footer"), r.body());
        assertEquals(400, post("/v1/shards", u.shardWithoutFooter(), token).statusCode(), "the xorb was not stored");
    }

    private HttpResponse<String> post(String route, byte[] body, String bearer) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(cas + route)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
