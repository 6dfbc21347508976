package dev.agentcollab.core.bucket.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketStores;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The {@code hf} backend against the real Hugging Face Hub. Opt-in: it runs only when {@code HF_TOKEN} (a token
 * with write access) and {@code COLLAB_HF_LIVE_BUCKET} ({@code namespace/name} of an existing bucket) are set;
 * {@code HF_ENDPOINT} selects another Hub. It writes files of 0 B, 1 KiB, 10 MiB and 70 MiB under a fresh folder,
 * reads them back whole, streamed and by range, lists, copies and deletes them, and removes everything it wrote.
 * With {@code COLLAB_HF_LIVE_FOREIGN_PATH} naming a file of that bucket uploaded by another client
 * ({@code huggingface_hub}, huggingface.js, the web UI), it also reads that file and checks its size and Xet hash.
 *
 * <p>Run: {@code HF_TOKEN=hf_... COLLAB_HF_LIVE_BUCKET=me/scratch mvn -pl collab-core -am test
 * -Dtest=HfBucketLiveTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfEnvironmentVariable(named = "HF_TOKEN", matches = ".+")
@EnabledIfEnvironmentVariable(named = "COLLAB_HF_LIVE_BUCKET", matches = ".+/.+")
class HfBucketLiveTest {

    @Test
    @Timeout(1800)
    void filesOfEverySizeMakeTheRoundTripThroughTheRealHub() {
        BucketId bucket = BucketId.parse(System.getenv("COLLAB_HF_LIVE_BUCKET"));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("token", System.getenv("HF_TOKEN"));
        try (BucketStore store = BucketStores.open("hf://buckets", settings)) {
            String folder = "collab-live-test/" + UUID.randomUUID() + "/";
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(folder + "empty.bin", new byte[0]);
            files.put(folder + "one-kib.md", random(1024, 1));
            files.put(folder + "ten-mib.bin", random(10 << 20, 2));
            files.put(folder + "seventy-mib.bin", random(70 << 20, 3));
            List<BatchOp> puts = new ArrayList<>();
            files.forEach((p, b) -> puts.add(BatchOp.put(p, b)));
            try {
                store.apply(bucket, puts);
                for (Map.Entry<String, byte[]> f : files.entrySet()) {
                    assertArrayEquals(
                            f.getValue(),
                            store.read(bucket, BucketPath.of(f.getKey())).orElseThrow(),
                            f.getKey());
                }
                List<BucketEntry> listed = store.listAll(bucket, folder);
                assertEquals(
                        files.keySet().stream().sorted().toList(),
                        listed.stream().map(e -> e.path().value()).toList());
                try (BucketStore opened = BucketStores.open(
                        "hf://buckets", Map.of("token", System.getenv("HF_TOKEN"), "resilience", "none"))) {
                    HfBucketStore bare = (HfBucketStore) opened;
                    BucketPath bigPath = BucketPath.of(folder + "seventy-mib.bin");
                    byte[] big = files.get(bigPath.value());
                    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
                    assertTrue(bare.readTo(bucket, bigPath, streamed));
                    assertArrayEquals(big, streamed.toByteArray());
                    assertArrayEquals(
                            Arrays.copyOfRange(big, 50_000_000, 50_001_000),
                            bare.readRange(bucket, bigPath, 50_000_000, 1000).orElseThrow());
                }

                store.apply(
                        bucket,
                        List.of(new BatchOp.Copy(
                                bucket, BucketPath.of(folder + "ten-mib.bin"), BucketPath.of(folder + "copy.bin"))));
                assertArrayEquals(
                        files.get(folder + "ten-mib.bin"),
                        store.read(bucket, BucketPath.of(folder + "copy.bin")).orElseThrow());
                store.apply(bucket, List.of(BatchOp.delete(folder + "copy.bin")));
                assertTrue(
                        store.read(bucket, BucketPath.of(folder + "copy.bin")).isEmpty());

                String foreign = System.getenv("COLLAB_HF_LIVE_FOREIGN_PATH");
                if (foreign != null && !foreign.isBlank()) {
                    BucketEntry entry = store.listAll(bucket, foreign).stream()
                            .filter(e -> e.path().value().equals(foreign))
                            .findFirst()
                            .orElseThrow();
                    byte[] bytes = store.read(bucket, BucketPath.of(foreign)).orElseThrow();
                    assertEquals(entry.size(), bytes.length, "size of " + foreign);
                    assertEquals(
                            entry.contentHash(),
                            dev.agentcollab.hf.xet.XetFile.of(bytes).hash().hex(),
                            "the bytes read hash to the Hub's xetHash");
                }
            } finally {
                List<BatchOp> cleanup = new ArrayList<>();
                files.keySet().forEach(p -> cleanup.add(BatchOp.delete(p)));
                cleanup.add(BatchOp.delete(folder + "copy.bin"));
                store.apply(bucket, cleanup);
            }
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
