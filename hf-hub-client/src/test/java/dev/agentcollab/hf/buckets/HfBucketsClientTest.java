package dev.agentcollab.hf.buckets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.hf.HfHubException;
import dev.agentcollab.testkit.hub.FakeHfHub;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link HfHubClient#buckets()} against the fake Hub: whole files in and out, every page, batches. */
@Timeout(60)
class HfBucketsClientTest {
    private static final HfBucketId B = HfBucketId.parse("team/b");

    private FakeHfHub fake;
    private HfBucketsClient buckets;

    @BeforeEach
    void start() {
        fake = FakeHfHub.start().addUser("ana", "hf_ana", Map.of("team", "admin"));
        buckets = HfHubClient.builder()
                .endpoint(fake.endpoint())
                .token("hf_ana")
                .build()
                .buckets();
        buckets.create(B, true, false);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void filesGoInAndComeBackByteForByteWithOneWriteTokenPerBucket() {
        byte[] big = new byte[300_000];
        new Random(3).nextBytes(big);
        buckets.upload(B, "data/big.bin", big);
        for (int i = 0; i < 3; i++) {
            buckets.upload(B, "notes/" + i + ".txt", ("note " + i).getBytes(StandardCharsets.UTF_8));
        }

        assertArrayEquals(big, buckets.read(B, "data/big.bin").orElseThrow());
        assertEquals("note 2", new String(buckets.read(B, "notes/2.txt").orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), buckets.read(B, "notes/none.txt"));
        long writeTokens = fake.requests().stream()
                .filter(r -> r.rawPath().endsWith("/xet-write-token"))
                .count();
        assertEquals(1, writeTokens, "the write token is reused while it lives");
    }

    @Test
    void listAllFollowsEveryPage() {
        fake.treePageSize(2);
        for (String p : List.of("a.txt", "b/c.txt", "b/d.txt", "e.txt", "f.txt")) {
            buckets.upload(B, p, p.getBytes(StandardCharsets.UTF_8));
        }

        assertTrue(buckets.list(B, "").next().isPresent(), "the fake Hub pages by 2");
        assertEquals(
                List.of("a.txt", "b/c.txt", "b/d.txt", "e.txt", "f.txt"),
                buckets.listAll(B, "").stream().map(HfBucketFile::path).sorted().toList());
        assertEquals(
                List.of("b/c.txt", "b/d.txt"),
                buckets.listAll(B, "b/").stream()
                        .map(HfBucketFile::path)
                        .sorted()
                        .toList());
    }

    @Test
    void anUploadTheHubRefusesThrowsWithItsReasonAndDeleteRemovesFiles() {
        fake.failNextBatchOperation("x.txt", "quota exceeded");
        HfHubException e = assertThrows(HfHubException.class, () -> buckets.upload(B, "x.txt", new byte[] {1}));
        assertEquals(HfHubException.Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("quota exceeded"), e.getMessage());
        assertEquals(Optional.empty(), buckets.read(B, "x.txt"));

        buckets.upload(B, "y.txt", new byte[] {2});
        assertTrue(buckets.delete(B, List.of("y.txt")).complete());
        assertEquals(Optional.empty(), buckets.read(B, "y.txt"));
        assertEquals(List.of(), buckets.listAll(B, ""));
    }
}
