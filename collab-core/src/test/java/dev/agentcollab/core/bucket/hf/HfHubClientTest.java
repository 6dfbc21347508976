package dev.agentcollab.core.bucket.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.hf.HfHubException;
import dev.agentcollab.hf.HttpXetUploader;
import dev.agentcollab.hf.XetWriteToken;
import dev.agentcollab.hf.buckets.HfBatchOp;
import dev.agentcollab.hf.buckets.HfBatchResult;
import dev.agentcollab.hf.buckets.HfBucketFile;
import dev.agentcollab.hf.buckets.HfBucketId;
import dev.agentcollab.hf.buckets.HfBucketInfo;
import dev.agentcollab.hf.buckets.HfTreePage;
import dev.agentcollab.hf.identity.HfIdentity;
import dev.agentcollab.hf.identity.HfOrgMember;
import dev.agentcollab.testkit.bucket.Fault;
import dev.agentcollab.testkit.bucket.StoreOp;
import dev.agentcollab.testkit.hub.FakeHfHub;
import dev.agentcollab.testkit.hub.RecordedRequest;
import dev.agentcollab.testkit.junit.StartFakeHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The Hub client against the fake Hub: identity, buckets, pagination, batches, downloads, and the collaboration
 * error codes its failures translate to ({@link HfErrors}).
 */
class HfHubClientTest {
    private static final HfBucketId B = HfBucketId.parse("team/shared");

    @StartFakeHub(treePageSize = 2)
    FakeHfHub hub;

    private HfHubClient ana;

    @BeforeEach
    void users() {
        hub.addUser("ana", "hf_ana", Map.of("team", "admin", "readers", "read"), "ana@example.org");
        hub.addUser("bob", "hf_bob", Map.of());
        ana = client("hf_ana");
    }

    @Test
    void whoamiReturnsNameTypeEmailAndOrgRoles() {
        HfIdentity me = ana.whoami();
        assertEquals("ana", me.name());
        assertEquals("user", me.type());
        assertEquals(Optional.of("ana@example.org"), me.email());
        assertTrue(me.isMemberOf("team"));
        assertEquals(Optional.of("admin"), me.roleIn("team"));
        assertEquals(Optional.of("read"), me.roleIn("readers"));
        assertEquals(Optional.empty(), me.roleIn("elsewhere"));
        assertEquals("bob", ana.whoami("hf_bob").name());
        RecordedRequest sent = hub.requests().getLast();
        assertEquals("/api/whoami-v2", sent.rawPath());
    }

    @Test
    void whoamiWithABadTokenIsUnauthorized() {
        assertCode(ErrorCode.UNAUTHORIZED, () -> ana.whoami("hf_wrong"));
        assertCode(ErrorCode.UNAUTHORIZED, () -> ana.whoami(" "));
        assertCode(ErrorCode.UNAUTHORIZED, () -> client(null).whoami());
    }

    @Test
    void orgMembersArePagedAndCarryRoles() {
        hub.addUser("cid", "hf_cid", Map.of("team", "read"), "cid@example.org");
        hub.addUser("dee", "hf_dee", Map.of("team", "contributor"));
        List<HfOrgMember> members = ana.orgMembers("team");
        assertEquals(
                List.of("ana", "cid", "dee"),
                members.stream().map(HfOrgMember::user).toList());
        assertEquals(Optional.of("read"), members.get(1).role());
        assertTrue(
                hub.requests().stream()
                                .filter(r -> r.rawPath().endsWith("/members"))
                                .count()
                        >= 2,
                "page size is 2");

        assertEquals(
                "cid",
                ana.orgMemberByEmail("team", "cid@example.org").orElseThrow().user());
        assertTrue(ana.orgMemberByEmail("team", "nobody@example.org").isEmpty());
        assertCode(ErrorCode.NOT_FOUND, () -> ana.orgMembers("no-such-org"));
        assertCode(ErrorCode.UNAUTHORIZED, () -> client(null).orgMembers("team"));
    }

    @Test
    void createThenInfo() {
        assertTrue(ana.bucketInfo(B).isEmpty());
        HfBucketInfo created = ana.createBucket(B, true, false);
        assertEquals(B, created.id());
        assertTrue(created.isPrivate());
        assertCode(ErrorCode.BUCKET_EXISTS, () -> ana.createBucket(B, true, false));
        assertEquals(B, ana.createBucket(B, true, true).id());
        assertTrue(client("hf_bob").bucketInfo(B).isEmpty(), "a private bucket is invisible to non-members");
    }

    @Test
    void creatingWithoutWriteAccessIsRefused() {
        assertCode(
                ErrorCode.BUCKET_NOT_OWNED_BY_CALLER,
                () -> ana.createBucket(HfBucketId.parse("readers/x"), true, false));
        assertCode(ErrorCode.UNAUTHORIZED, () -> client(null).createBucket(B, true, false));
        assertFalse(hub.hasBucket(BucketId.parse("readers/x")));
    }

    @Test
    void uploadBatchListAndDownload() {
        ana.createBucket(B, true, false);
        HttpXetUploader uploader = new HttpXetUploader(HttpClient.newHttpClient(), Duration.ofSeconds(10));
        XetWriteToken token = ana.xetWriteToken(B);
        String hash = uploader.upload(token, "hello".getBytes(StandardCharsets.UTF_8));
        List<HfBatchOp> ops = new ArrayList<>();
        for (String p : List.of("d/1.md", "d/2.md", "d/3.md", "e.md", "sp ace/ü.md")) {
            ops.add(new HfBatchOp.AddFile(p, hash, 1_700_000_000_000L));
        }
        ana.batch(B, ops);

        HfTreePage first = ana.listTree(B, "d/");
        assertEquals(
                List.of("d/1.md", "d/2.md"),
                first.files().stream().map(HfBucketFile::path).toList());
        HfTreePage second = ana.listTree(B, first.next().orElseThrow());
        assertEquals(
                List.of("d/3.md"),
                second.files().stream().map(HfBucketFile::path).toList());
        assertTrue(second.next().isEmpty());
        assertEquals(hash, second.files().getFirst().xetHash());
        assertEquals(5, second.files().getFirst().size());

        assertArrayEquals(
                "hello".getBytes(StandardCharsets.UTF_8),
                ana.download(B, "sp ace/ü.md").orElseThrow());
        assertTrue(ana.download(B, "missing.md").isEmpty());
        assertCode(ErrorCode.BUCKET_NOT_FOUND, () -> ana.download(HfBucketId.parse("team/none"), "a"));
        assertEquals(2, ana.pathsInfo(B, List.of("e.md", "d/1.md", "nope")).size());

        ana.batch(B, List.of(new HfBatchOp.DeleteFile("e.md")));
        assertTrue(ana.download(B, "e.md").isEmpty());
    }

    @Test
    void theXetUploaderPostsXorbsThenTheShardWithTheXetToken() {
        ana.createBucket(B, true, false);
        HttpXetUploader uploader = new HttpXetUploader(HttpClient.newHttpClient(), Duration.ofSeconds(10));
        XetWriteToken token = ana.xetWriteToken(B);
        // huggingface.js packages/xetchunk-wasm/tests/index.test.ts (values generated with xet-core): 200,000
        // bytes of (i * 7 + 13) form one xorb with this hash, and the file has this hash.
        byte[] content = new byte[200_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 7 + 13);
        }
        while (hub.takeRequest().isPresent()) {
            // drop the setup requests
        }
        String hash = uploader.upload(token, content);
        assertEquals("d88d9e0b760f32c90b7c6592b4cb85251c01bb797371e3c637087b96ac578723", hash);
        List<String> routes =
                hub.requests().stream().map(RecordedRequest::rawPath).toList();
        assertEquals(
                List.of(
                        "/cas/v1/xorbs/default/f0755d96ee199d4f01e83da9fe2c38353de7fd38fb79a320a7d50be510026f74",
                        "/cas/v2/shards"),
                routes);
        byte[] shard = hub.requests().getLast().body();
        assertEquals(
                0,
                java.nio.ByteBuffer.wrap(shard, 40, 8)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .getLong(),
                "the shard is sent in the upload form, footer_size 0");

        XetWriteToken revoked = new XetWriteToken("xet_not_issued", token.casUrl(), token.expiresAt());
        assertCode(ErrorCode.UNAUTHORIZED, () -> uploader.upload(revoked, content));
    }

    @Test
    void nextPageUrlsMustStayOnTheEndpoint() {
        ana.createBucket(B, true, false);
        assertThrows(IllegalArgumentException.class, () -> ana.listTree(B, URI.create("http://elsewhere.example/api")));
    }

    @Test
    void aBatchIsNotTransactionalAndItsAnswerListsWhatFailed() {
        ana.createBucket(B, true, false);
        HttpXetUploader uploader = new HttpXetUploader(HttpClient.newHttpClient(), Duration.ofSeconds(10));
        String hash = uploader.upload(ana.xetWriteToken(B), "x".getBytes(StandardCharsets.UTF_8));
        assertTrue(ana.batch(B, List.of(new HfBatchOp.AddFile("x", hash, 0))).complete());

        HfBatchResult result =
                ana.batch(B, List.of(new HfBatchOp.DeleteFile("x"), new HfBatchOp.AddFile("y", "f".repeat(64), 0)));
        assertEquals(2, result.processed());
        assertEquals(1, result.succeeded());
        assertEquals(
                List.of("y"),
                result.failed().stream().map(HfBatchResult.Failure::path).toList());
        assertTrue(result.failed().getFirst().error().contains("unknown xetHash"));
        assertTrue(hub.paths(BucketId.parse(B.toString())).isEmpty(), "the delete took effect although the add failed");
    }

    @Test
    void addFileCarriesAContentTypeGuessedFromThePath() {
        ana.createBucket(B, true, false);
        ana.batch(B, List.of(new HfBatchOp.AddFile("notes/a.md", "f".repeat(64), 0), new HfBatchOp.DeleteFile("b")));
        String body = new String(
                hub.requests().stream()
                        .filter(r -> r.rawPath().endsWith("/batch"))
                        .toList()
                        .getLast()
                        .body(),
                StandardCharsets.UTF_8);
        assertTrue(body.contains("\"contentType\":\"text/markdown\""), body);
        assertFalse(body.lines().toList().get(1).contains("contentType"), body);
    }

    @Test
    void injectedFaultsMapToRetryableCodesWithRetryAfter() {
        ana.createBucket(B, true, false);
        hub.faults().inject(Fault.failNext(StoreOp.LIST, 1, ErrorCode.RATE_LIMITED, Duration.ofSeconds(7)));
        CollabException limited = assertThrows(CollabException.class, () -> HfErrors.call(() -> ana.listTree(B, "")));
        assertEquals(ErrorCode.RATE_LIMITED, limited.code());
        assertTrue(limited.retryable());
        assertEquals(Duration.ofSeconds(7), limited.retryAfter().orElseThrow());

        hub.faults().inject(Fault.failNext(StoreOp.READ, 1, ErrorCode.UNAVAILABLE));
        assertCode(ErrorCode.UNAVAILABLE, () -> ana.download(B, "x"));
        hub.faults().inject(Fault.failNext(StoreOp.APPLY, 1, ErrorCode.INTERNAL));
        assertCode(ErrorCode.UPSTREAM_ERROR, () -> ana.batch(B, List.of(new HfBatchOp.DeleteFile("x"))));
    }

    @Test
    void anUnreachableHubIsUnavailable() {
        int port = hub.port();
        hub.close();
        HfHubClient offline = HfHubClient.builder()
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .token("hf_ana")
                .timeout(Duration.ofSeconds(5))
                .build();
        CollabException e = assertThrows(CollabException.class, () -> HfErrors.call(offline::whoami));
        assertTrue(e.retryable(), "transport failures must be retryable, got " + e.code());
    }

    @Test
    void builderRejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> HfHubClient.builder().endpoint(URI.create("ftp://x")));
        assertThrows(IllegalArgumentException.class, () -> HfHubClient.builder().timeout(Duration.ZERO));
    }

    private HfHubClient client(String token) {
        return HfHubClient.builder().endpoint(hub.endpoint()).token(token).build();
    }

    private static void assertCode(ErrorCode expected, Executable call) {
        HfHubException failure = assertThrows(HfHubException.class, call);
        CollabException e = HfErrors.toCollab(failure);
        assertEquals(expected, e.code(), e::getMessage);
    }
}
