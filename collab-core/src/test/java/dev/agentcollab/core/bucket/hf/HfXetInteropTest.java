package dev.agentcollab.core.bucket.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.hf.HttpXetDownloader;
import dev.agentcollab.hf.HttpXetUploader;
import dev.agentcollab.hf.XetTokens;
import dev.agentcollab.hf.buckets.HfBucketId;
import dev.agentcollab.hf.xet.XetFile;
import dev.agentcollab.hf.xet.XetTerm;
import dev.agentcollab.hf.xet.XorbWriter;
import dev.agentcollab.testkit.hub.FakeHfHub;
import dev.agentcollab.testkit.hub.RecordedRequest;
import dev.agentcollab.testkit.hub.XorbCompression;
import dev.agentcollab.testkit.junit.StartFakeHub;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Xet paths of {@link HfBucketStore} against a fake Hub that behaves like the real one: compressed xorbs, the v2
 * APIs and their v1 fallback, token renewal, expired pre-signed URLs, ranges, streaming and empty files.
 */
class HfXetInteropTest {
    private static final BucketId B = BucketId.parse("team/xet");

    @StartFakeHub
    FakeHfHub hub;

    private HfBucketStore store;

    @BeforeEach
    void open() {
        hub.addUser("ana", "hf_ana", Map.of("team", "write"));
        store = newStore(140_000);
        store.create(B, false);
    }

    private HfBucketStore newStore(int maxXorbBytes) {
        HttpClient http = HttpClient.newHttpClient();
        return HfBucketStore.create(
                HfHubClient.builder().endpoint(hub.endpoint()).token("hf_ana").build(),
                new HttpXetUploader(http, Duration.ofSeconds(30), maxXorbBytes),
                new HttpXetDownloader(http, Duration.ofSeconds(30)),
                InstantSource.system());
    }

    @ParameterizedTest
    @EnumSource(XorbCompression.class)
    void filesReadBackWhateverCompressionTheCasServes(XorbCompression compression) {
        byte[] content = text(600_000, 1);
        store.apply(B, List.of(BatchOp.put("c.txt", content)));
        hub.serveXorbsCompressed(compression);
        assertArrayEquals(content, store.read(B, BucketPath.of("c.txt")).orElseThrow());
    }

    @Test
    void aCasWithoutV2IsUsedThroughV1AndTheClientRemembersIt() {
        hub.disableCasV2();
        HfBucketStore v1 = newStore(140_000);
        byte[] content = text(300_000, 2);
        drop();
        v1.apply(B, List.of(BatchOp.put("a", content)));
        v1.apply(B, List.of(BatchOp.put("b", text(1000, 3))));
        assertEquals(List.of("/cas/v2/shards", "/cas/v1/shards", "/cas/v1/shards"), casPosts("shards"));
        assertArrayEquals(content, v1.read(B, BucketPath.of("a")).orElseThrow());
        v1.read(B, BucketPath.of("b"));
        assertEquals(
                List.of("v2/reconstructions", "v1/reconstructions", "v1/reconstructions"),
                hub.requests().stream()
                        .map(RecordedRequest::rawPath)
                        .filter(p -> p.contains("/reconstructions/"))
                        .map(p -> p.substring(5, p.lastIndexOf('/')))
                        .toList());
    }

    @Test
    void aWriteTokenTheCasRejectsIsRenewedAndTheCallSentAgain() {
        HttpXetUploader uploader = new HttpXetUploader(HttpClient.newHttpClient(), Duration.ofSeconds(30), 140_000);
        HfHubClient client = store.client();
        XetTokens tokens =
                XetTokens.of(() -> client.xetWriteToken(HfBucketId.parse(B.toString())), InstantSource.system());
        tokens.current();
        hub.revokeXetTokens();
        drop();
        byte[] content = text(300_000, 4);
        String hash = uploader.upload(tokens, content);
        assertEquals(XetFile.of(content, 140_000).hash().hex(), hash);
        List<String> sent = hub.requests().stream()
                .map(r -> r.method() + " " + r.rawPath().replaceAll("[0-9a-f]{64}", "H"))
                .toList();
        assertEquals("POST /cas/v1/xorbs/default/H", sent.get(0));
        assertEquals("GET /api/buckets/team/xet/xet-write-token", sent.get(1));
        assertEquals("POST /cas/v1/xorbs/default/H", sent.get(2));
        assertEquals(1, sent.stream().filter(s -> s.contains("xet-write-token")).count());
    }

    @Test
    void aTokenAboutToExpireIsRenewedBeforeUse() {
        hub.xetTokenLifetime(Duration.ofSeconds(20));
        drop();
        store.apply(B, List.of(BatchOp.put("a", text(300_000, 5))));
        long tokens = hub.requests().stream()
                .filter(r -> r.rawPath().endsWith("/xet-write-token"))
                .count();
        long casCalls = hub.requests().stream()
                .filter(r -> r.method().equals("POST") && r.rawPath().startsWith("/cas/"))
                .count();
        assertEquals(casCalls, tokens, "a token that expires within 30 s is never used: one per call here");
    }

    @Test
    void anExpiredPresignedUrlIsReplacedByAskingForTheReconstructionAgain() {
        byte[] content = text(300_000, 6);
        store.apply(B, List.of(BatchOp.put("a", content)));
        hub.nextReconstructionHasExpiredUrls();
        drop();
        assertArrayEquals(content, store.read(B, BucketPath.of("a")).orElseThrow());
        long plans = hub.requests().stream()
                .filter(r -> r.rawPath().contains("/reconstructions/"))
                .count();
        assertEquals(2, plans);
    }

    @Test
    void aReadThatOutlivesItsRenewedUrlsRenewsThemAgain() {
        byte[] content = text(700_000, 8); // five xorbs of at most 140,000 bytes
        store.apply(B, List.of(BatchOp.put("long", content)));
        hub.expirePresignedUrlsAfterEachFetch(); // every fetch outlives the signatures of the plan it came from
        drop();

        assertArrayEquals(content, store.read(B, BucketPath.of("long")).orElseThrow());

        List<RecordedRequest> seen = hub.requests();
        long plans = seen.stream()
                .filter(r -> r.rawPath().contains("/reconstructions/"))
                .count();
        long xorbs = seen.stream()
                .filter(r -> r.rawPath().startsWith("/cas/xorbs/"))
                .map(RecordedRequest::rawPath)
                .distinct()
                .count();
        assertTrue(xorbs >= 5, xorbs + " xorbs");
        assertEquals(xorbs, plans, "the first plan and a renewal for each xorb after the first");
    }

    @Test
    void aUrlRefusedRightAfterItsRenewalIsAStorageOutageNotAMissingPermission() {
        byte[] content = text(300_000, 9);
        store.apply(B, List.of(BatchOp.put("a", content)));
        hub.nextReconstructionsHaveExpiredUrls(2); // the renewal's URLs are refused too

        CollabException e = assertThrows(CollabException.class, () -> store.read(B, BucketPath.of("a")));

        assertEquals(ErrorCode.UNAVAILABLE, e.code(), e.getMessage());
        assertTrue(e.code().retryable());
        assertTrue(e.getMessage().contains("freshly signed xorb URL"), e.getMessage());
        assertArrayEquals(content, store.read(B, BucketPath.of("a")).orElseThrow(), "a retry reads it");
    }

    @Test
    void rangesReadOnlyTheXorbRangesThatHoldThem() {
        byte[] content = text(700_000, 7);
        store.apply(B, List.of(BatchOp.put("r", content)));
        for (long[] r : new long[][] {{0, 10}, {150_000, 200_000}, {699_990, 100}, {123_456, 400_000}}) {
            byte[] expected = Arrays.copyOfRange(content, (int) r[0], (int) Math.min(content.length, r[0] + r[1]));
            assertArrayEquals(
                    expected,
                    store.readRange(B, BucketPath.of("r"), r[0], (int) r[1]).orElseThrow(),
                    "at " + r[0]);
        }
        assertEquals(0, store.readRange(B, BucketPath.of("r"), 700_000, 5).orElseThrow().length);
        assertTrue(store.readRange(B, BucketPath.of("none"), 0, 5).isEmpty());
        drop();
        store.readRange(B, BucketPath.of("r"), 0, 10);
        long fetches = hub.requests().stream()
                .filter(r -> r.rawPath().startsWith("/cas/xorbs/"))
                .count();
        assertEquals(1, fetches, "ten bytes need one xorb of the file's five");
    }

    @Test
    void aFileWhoseTermsUseSeveralRangesOfOneXorbIsOneMultiRangeFetch() {
        byte[] x = block(1);
        byte[] y = block(2);
        byte[] z = block(3);
        byte[] content = concat(x, y, x, z);
        XetFile file = XetFile.of(content);
        assertEquals(1, file.xorbs().size());
        assertEquals(
                List.of("0-2", "0-1", "2-3"),
                file.terms().stream()
                        .map(t -> t.chunkStart() + "-" + t.chunkEnd())
                        .toList(),
                "the repeated block is stored once and named twice");
        HfBucketStore oneXorb = newStore(XorbWriter.MAX_XORB_BYTES);
        oneXorb.apply(B, List.of(BatchOp.put("m", content)));
        drop();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(oneXorb.readTo(B, BucketPath.of("m"), out));
        assertArrayEquals(content, out.toByteArray());
        assertEquals(
                1,
                hub.requests().stream()
                        .filter(r -> r.rawPath().startsWith("/cas/xorbs/"))
                        .count(),
                "both ranges in one request");
        assertEquals(
                content.length,
                file.terms().stream().mapToLong(XetTerm::unpackedLength).sum());
    }

    @Test
    void anEmptyFileReadsAsEmptyWithoutAReconstruction() {
        store.apply(B, List.of(BatchOp.put("empty", new byte[0])));
        drop();
        assertArrayEquals(new byte[0], store.read(B, BucketPath.of("empty")).orElseThrow());
        assertTrue(hub.requests().stream().noneMatch(r -> r.rawPath().startsWith("/cas/")));
    }

    private List<String> casPosts(String suffix) {
        return hub.requests().stream()
                .filter(r -> r.method().equals("POST") && r.rawPath().endsWith(suffix))
                .map(RecordedRequest::rawPath)
                .toList();
    }

    private void drop() {
        while (hub.takeRequest().isPresent()) {
            // only the requests after this point count
        }
    }

    /** Compressible, non-repeating text. */
    private static byte[] text(int n, long seed) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder(n + 40);
        while (b.length() < n) {
            b.append("record ")
                    .append(r.nextInt(1_000_000))
                    .append(" value ")
                    .append(r.nextGaussian())
                    .append('\n');
        }
        return b.substring(0, n).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** 128 KiB of one value: constant data is cut at every 128 KiB, so each block is one chunk. */
    private static byte[] block(int value) {
        byte[] b = new byte[128 * 1024];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
