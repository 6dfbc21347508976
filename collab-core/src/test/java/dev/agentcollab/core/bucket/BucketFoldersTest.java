package dev.agentcollab.core.bucket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BucketFoldersTest {
    private static final BucketId BUCKET = new BucketId("org", "agent-bucket");

    @Test
    void uploadThenDownloadRoundTripsNestedFolders(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("model/shards"));
        Files.writeString(src.resolve("decoding.json"), "{}");
        Files.write(src.resolve("model/shards/a.bin"), new byte[] {1, 2, 3});
        try (InMemoryBucketStore store = InMemoryBucketStore.create()) {
            store.create(BUCKET, false);

            assertEquals(2, BucketFolders.upload(store, BUCKET, "submissions/v1", src));
            assertArrayEquals(
                    new byte[] {1, 2, 3},
                    store.read(BUCKET, BucketPath.of("submissions/v1/model/shards/a.bin"))
                            .orElseThrow());

            Path back = tmp.resolve("back");
            assertEquals(2, BucketFolders.download(store, BUCKET, "submissions/v1/", back));
            assertEquals("{}", Files.readString(back.resolve("decoding.json"), StandardCharsets.UTF_8));
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(back.resolve("model/shards/a.bin")));
        }
    }

    @Test
    void prefixMatchesWholeFoldersOnly(@TempDir Path tmp) throws Exception {
        try (InMemoryBucketStore store = InMemoryBucketStore.create()) {
            store.create(BUCKET, false);
            store.put(BUCKET, BucketPath.of("runs/a/x.txt"), new byte[] {1});
            store.put(BUCKET, BucketPath.of("runs/ab/y.txt"), new byte[] {2});

            assertEquals(1, BucketFolders.download(store, BUCKET, "runs/a", tmp));
            assertFalse(Files.exists(tmp.resolve("b/y.txt")));
        }
    }

    @Test
    void emptyFolderWritesNothingAndMissingBucketsDownloadNothing(@TempDir Path tmp) throws Exception {
        try (InMemoryBucketStore store = InMemoryBucketStore.create()) {
            assertEquals(0, BucketFolders.download(store, BUCKET, "", tmp.resolve("out")));
            CollabException e = assertThrows(CollabException.class, () -> {
                Files.writeString(tmp.resolve("f.txt"), "x");
                BucketFolders.upload(store, BUCKET, "", tmp);
            });
            assertEquals(ErrorCode.BUCKET_NOT_FOUND, e.code());
            store.create(BUCKET, false);
            Path empty = Files.createDirectories(tmp.resolve("empty"));
            assertEquals(0, BucketFolders.upload(store, BUCKET, "x", empty));
            assertEquals(0, store.listAll(BUCKET, "").size());
        }
    }
}
