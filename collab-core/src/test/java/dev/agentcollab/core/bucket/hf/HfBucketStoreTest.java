package dev.agentcollab.core.bucket.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketStores;
import dev.agentcollab.api.bucket.PartialBatchException;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.bucket.resilience.ResilientBucketStore;
import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.hf.HttpXetUploader;
import dev.agentcollab.testkit.bucket.Fault;
import dev.agentcollab.testkit.bucket.StoreOp;
import dev.agentcollab.testkit.hub.FakeHfHub;
import dev.agentcollab.testkit.hub.RecordedRequest;
import dev.agentcollab.testkit.junit.StartFakeHub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What HfBucketStore sends to the Hub, beyond the shared contract. */
class HfBucketStoreTest {
    private static final BucketId B = BucketId.parse("team/central");

    @StartFakeHub
    FakeHfHub hub;

    private BucketStore store;

    @BeforeEach
    void open() {
        hub.addUser("ana", "hf_ana", Map.of("team", "write"));
        store = BucketStores.open(
                "hf://buckets", Map.of("endpoint", hub.endpoint().toString(), "token", "hf_ana", "resilience", "none"));
        store.create(B, false);
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aHubThatKeepsLinkingPagesEndsTheListingWithAnUpstreamError() throws Exception {
        // every tree page is empty and links the next one: the listing stops at HfBucketStore.MAX_HUB_PAGES
        java.util.concurrent.atomic.AtomicInteger pages = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer endless = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        endless.createContext("/", exchange -> {
            int n = pages.incrementAndGet();
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders()
                    .set(
                            "Link",
                            "<" + exchange.getRequestURI().getPath() + "?recursive=true&cursor=" + n
                                    + ">; rel=\"next\"");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        endless.start();
        String endpoint = "http://127.0.0.1:" + endless.getAddress().getPort();
        try (BucketStore looping = BucketStores.open(
                "hf://buckets", Map.of("endpoint", endpoint, "token", "hf_ana", "resilience", "none"))) {
            CollabException e = assertThrows(
                    CollabException.class,
                    () -> looping.list(B, dev.agentcollab.api.bucket.ListRequest.under("runs/")));
            assertEquals(ErrorCode.UPSTREAM_ERROR, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("more than 10000 pages"), e.getMessage());
        } finally {
            endless.stop(0);
        }
        assertEquals(HfBucketStore.MAX_HUB_PAGES, pages.get());
    }

    @Test
    void aTokenFileRotatedWhileTheStoreIsOpenIsUsedWithoutANewStore(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path file = Files.writeString(tmp.resolve("hub-token"), "hf_ana\n");
        try (BucketStore rotating = BucketStores.open(
                "hf://buckets",
                Map.of("endpoint", hub.endpoint().toString(), "token_file", file.toString(), "resilience", "none"))) {
            rotating.put(B, BucketPath.of("a.md"), "a".getBytes(StandardCharsets.UTF_8));
            hub.revokeToken("hf_ana"); // rotated on the Hub: the old token is refused from now on
            hub.addUser("ana", "hf_ana_2", Map.of("team", "write"));
            assertThrows(
                    CollabException.class,
                    () -> rotating.put(B, BucketPath.of("b.md"), "b".getBytes(StandardCharsets.UTF_8)));
            // reads too: the revoked token is not a caller without one (the bucket would look missing)
            assertEquals(
                    ErrorCode.UNAUTHORIZED,
                    assertThrows(CollabException.class, () -> rotating.info(B)).code());
            assertEquals(
                    ErrorCode.UNAUTHORIZED,
                    assertThrows(CollabException.class, () -> rotating.read(B, BucketPath.of("a.md")))
                            .code());
            Files.writeString(file, "hf_ana_2\n");
            Files.setLastModifiedTime(
                    file, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
            Thread.sleep(HfBucketStoreProvider.CHECK_EVERY.toMillis() + 100);
            rotating.put(B, BucketPath.of("b.md"), "b".getBytes(StandardCharsets.UTF_8));
            assertEquals(Optional.of("b"), rotating.readString(B, BucketPath.of("b.md")));
        }
    }

    @Test
    void theProviderOpensAnHfStore() {
        assertInstanceOf(HfBucketStore.class, store);
        assertEquals("hf", store.scheme());
        assertTrue(hub.hasBucket(B));
    }

    @Test
    void byDefaultTheProviderAddsRetries() {
        try (BucketStore resilient = BucketStores.open(
                "hf://buckets", Map.of("endpoint", hub.endpoint().toString(), "token", "hf_ana"))) {
            assertInstanceOf(ResilientBucketStore.class, resilient);
            hub.faults().inject(Fault.failNext(StoreOp.LIST, 1, ErrorCode.UNAVAILABLE));
            assertTrue(resilient.listAll(B, "").isEmpty());
            assertEquals(2, hub.faults().calls(StoreOp.LIST));
        }
        assertEquals(
                ErrorCode.INVALID_PATH,
                assertThrows(
                                CollabException.class,
                                () -> BucketStores.open("hf://buckets", Map.of("resilience", "maybe")))
                        .code());
    }

    @Test
    void aBatchIsOneNdjsonCallWithTheLastOperationPerPathAndContentUploadedOnce() {
        byte[] same = "same".getBytes(StandardCharsets.UTF_8);
        while (hub.takeRequest().isPresent()) {
            // drop the setup requests
        }
        store.apply(
                B,
                List.of(BatchOp.put("a", same), BatchOp.put("b", same), BatchOp.put("a", same), BatchOp.delete("c")));
        List<RecordedRequest> sent = hub.requests();
        assertEquals(
                1,
                sent.stream()
                        .filter(r -> r.rawPath().endsWith("/cas/v2/shards"))
                        .count());
        List<RecordedRequest> batches =
                sent.stream().filter(r -> r.rawPath().endsWith("/batch")).toList();
        assertEquals(1, batches.size());
        String[] lines = new String(batches.getFirst().body(), StandardCharsets.UTF_8)
                .strip()
                .split("\n");
        assertEquals(3, lines.length, "a, b and c once each");
        assertTrue(lines[2].contains("\"deleteFile\""));
        assertEquals(List.of("a", "b"), hub.paths(B));
    }

    @Test
    void aLargeFileTravelsAsXetChunksBothWays() {
        byte[] content = new byte[700_000];
        new java.util.Random(42).nextBytes(content);
        store.apply(B, List.of(BatchOp.put("big.bin", content)));
        dev.agentcollab.hf.xet.XetFile expected = dev.agentcollab.hf.xet.XetFile.of(content);
        assertTrue(expected.chunks().size() > 3, "several content-defined chunks");
        assertEquals(expected.hash().hex(), store.listAll(B, "big").getFirst().contentHash());
        while (hub.takeRequest().isPresent()) {
            // only the read's requests below
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                content, store.read(B, BucketPath.of("big.bin")).orElseThrow());
        List<String> sent = hub.requests().stream()
                .map(r -> r.method() + " " + r.rawPath().replaceAll("[0-9a-f]{64}", "H"))
                .toList();
        assertEquals(
                List.of(
                        "HEAD /buckets/team/central/resolve/big.bin",
                        "GET /api/buckets/team/central/xet-read-token",
                        "GET /cas/v2/reconstructions/H",
                        "GET /cas/xorbs/default/H"),
                sent);
    }

    @Test
    void aFileSpreadOverSeveralXorbsIsOneShardAndReadsBackTermByTerm() {
        HfBucketStore small = HfBucketStore.create(
                HfHubClient.builder().endpoint(hub.endpoint()).token("hf_ana").build(),
                new HttpXetUploader(
                        java.net.http.HttpClient.newHttpClient(), java.time.Duration.ofSeconds(30), 140_000),
                java.time.InstantSource.system());
        byte[] content = new byte[700_000];
        new java.util.Random(8).nextBytes(content);
        while (hub.takeRequest().isPresent()) {
            // only this test's requests below
        }
        small.apply(B, List.of(BatchOp.put("multi.bin", content)));
        long xorbPosts = hub.requests().stream()
                .filter(r -> r.rawPath().startsWith("/cas/v1/xorbs/"))
                .count();
        assertTrue(xorbPosts >= 5, "several xorbs: " + xorbPosts);
        assertEquals(
                1,
                hub.requests().stream()
                        .filter(r -> r.rawPath().equals("/cas/v2/shards"))
                        .count());
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                content, small.read(B, BucketPath.of("multi.bin")).orElseThrow());
        assertEquals(
                xorbPosts,
                hub.requests().stream()
                        .filter(r -> r.rawPath().startsWith("/cas/xorbs/"))
                        .count(),
                "one ranged fetch per term");
    }

    @Test
    void aMissingCopySourceFailsBeforeAnythingIsSent() {
        CollabException e = assertThrows(
                CollabException.class,
                () -> store.apply(
                        B,
                        List.of(
                                BatchOp.put("x", new byte[] {1}),
                                new BatchOp.Copy(B, BucketPath.of("nope"), BucketPath.of("y")))));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertTrue(hub.requests().stream().noneMatch(r -> r.rawPath().endsWith("/batch")));
    }

    @Test
    void aTokenWithoutWriteAccessCannotWrite() {
        hub.addUser("bob", "hf_bob", Map.of("team", "read"));
        Map<String, String> config =
                Map.of("endpoint", hub.endpoint().toString(), "token", "hf_bob", "resilience", "none");
        try (BucketStore bob = BucketStores.open("hf://buckets", config)) {
            CollabException e =
                    assertThrows(CollabException.class, () -> bob.put(B, BucketPath.of("x"), new byte[] {1}));
            assertEquals(ErrorCode.BUCKET_NOT_OWNED_BY_CALLER, e.code());
            assertTrue(bob.listAll(B, "").isEmpty(), "readers still see the (empty) bucket");
        }
    }

    @Test
    void aPartlyAppliedBatchNamesWhatWasAppliedAndWhatFailed() {
        store.apply(B, List.of(BatchOp.put("old", new byte[] {1})));
        hub.failNextBatchOperation("b", "simulated failure");
        PartialBatchException e = assertThrows(
                PartialBatchException.class,
                () -> store.apply(
                        B,
                        List.of(
                                BatchOp.put("a", new byte[] {2}),
                                BatchOp.put("b", new byte[] {3}),
                                BatchOp.delete("old"))));
        assertEquals(ErrorCode.BATCH_PARTIALLY_APPLIED, e.code());
        assertFalse(e.retryable());
        assertEquals(List.of(BucketPath.of("a"), BucketPath.of("old")), e.applied());
        assertEquals(Map.of(BucketPath.of("b"), "simulated failure"), e.failed());
        assertTrue(e.pending().isEmpty());
        assertEquals(List.of("a"), hub.paths(B), "the Hub applied a and the delete, not b");

        store.apply(B, List.of(BatchOp.put("b", new byte[] {3})));
        assertEquals(List.of("a", "b"), hub.paths(B), "sending the failed operation again repairs the batch");
    }

    @Test
    void batchesOverAThousandOperationsAreSplitAndAFailureLeavesTheRestPending() {
        List<BatchOp> deletes = new java.util.ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            deletes.add(BatchOp.delete(String.format("d/%04d", i)));
        }
        while (hub.takeRequest().isPresent()) {
            // only this test's requests below
        }
        store.apply(B, deletes);
        List<Integer> sizes = hub.requests().stream()
                .filter(r -> r.rawPath().endsWith("/batch"))
                .map(r -> new String(r.body(), StandardCharsets.UTF_8).strip().split("\n").length)
                .toList();
        assertEquals(List.of(1000, 1000, 500), sizes);

        hub.failNextBatchOperation("d/1500", "simulated failure");
        PartialBatchException e = assertThrows(PartialBatchException.class, () -> store.apply(B, deletes));
        assertEquals(1999, e.applied().size());
        assertEquals(List.of(BucketPath.of("d/1500")), List.copyOf(e.failed().keySet()));
        assertEquals(500, e.pending().size(), "the third call was not sent");
        assertEquals(BucketPath.of("d/2000"), e.pending().getFirst());
    }

    @Test
    void copiesGoFirstThenAddsThenDeletes() {
        store.apply(B, List.of(BatchOp.put("src", new byte[] {1})));
        while (hub.takeRequest().isPresent()) {
            // only this test's requests below
        }
        store.apply(
                B,
                List.of(
                        BatchOp.delete("src"),
                        BatchOp.put("new", new byte[] {2}),
                        new BatchOp.Copy(B, BucketPath.of("src"), BucketPath.of("copy"))));
        String body = new String(
                hub.requests().stream()
                        .filter(r -> r.rawPath().endsWith("/batch"))
                        .findFirst()
                        .orElseThrow()
                        .body(),
                StandardCharsets.UTF_8);
        List<String> types = body.lines()
                .map(l -> l.replaceAll(".*\"type\":\"(\\w+)\".*", "$1"))
                .toList();
        assertEquals(List.of("copyFile", "addFile", "deleteFile"), types);
        assertEquals(List.of("copy", "new"), hub.paths(B));
    }
}
