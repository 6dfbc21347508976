package dev.agentcollab.core.bucket.file;

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
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBucketStoreTest {
    private static final BucketId B = BucketId.parse("org/bucket");

    @TempDir
    Path root;

    @Test
    void dataSurvivesReopeningTheStore() {
        Instant t = Instant.parse("2026-06-01T10:00:00Z");
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root, InstantSource.fixed(t))) {
            store.create(B, false);
            store.put(B, BucketPath.of("a/b.md"), utf8("hello"));
        }
        try (FileSystemBucketStore again = FileSystemBucketStore.open(root)) {
            assertEquals(t, again.info(B).orElseThrow().createdAt());
            assertEquals("hello", again.readString(B, BucketPath.of("a/b.md")).orElseThrow());
            assertEquals(t, again.listAll(B, "").getFirst().modified());
        }
    }

    @Test
    void twoStoresOnOneFolderSeeEachOthersWrites() {
        try (FileSystemBucketStore one = FileSystemBucketStore.open(root);
                FileSystemBucketStore two = FileSystemBucketStore.open(root)) {
            one.create(B, false);
            assertEquals(
                    ErrorCode.BUCKET_EXISTS,
                    assertThrows(CollabException.class, () -> two.create(B, false))
                            .code());
            one.put(B, BucketPath.of("x"), utf8("1"));
            two.put(B, BucketPath.of("y"), utf8("2"));
            assertEquals(2, one.listAll(B, "").size());
            assertEquals("1", two.readString(B, BucketPath.of("x")).orElseThrow());
        }
    }

    @Test
    void replacedAndDeletedContentIsRemovedFromDisk() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root, 0)) {
            store.create(B, false);
            store.put(B, BucketPath.of("a"), utf8("v1"));
            store.put(B, BucketPath.of("a"), utf8("v2"));
            store.apply(B, List.of(BatchOp.put("b", utf8("v2")), BatchOp.put("c", utf8("v3"))));
            store.delete(B, BucketPath.of("c"));
            assertEquals(1, objectCount(), "v1 and v3 should be gone, v2 stored once for a and b");
        }
    }

    @Test
    void contentReplacedOrDeletedWithinOneBatchIsNotLeftOnDisk() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root, 0)) {
            store.create(B, false);
            store.apply(
                    B,
                    List.of(
                            BatchOp.put("a", utf8("draft")),
                            BatchOp.put("a", utf8("final")),
                            BatchOp.put("tmp", utf8("scratch")),
                            BatchOp.delete("tmp")));
            assertEquals("final", store.readString(B, BucketPath.of("a")).orElseThrow());
            assertEquals(1, objectCount(), "the draft and the deleted scratch file should not stay on disk");
        }
    }

    @Test
    void aFailedBatchLeavesNoContentBehind() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root, 0)) {
            store.create(B, false);
            store.put(B, BucketPath.of("kept"), utf8("kept"));
            CollabException e = assertThrows(
                    CollabException.class,
                    () -> store.apply(
                            B,
                            List.of(
                                    BatchOp.put("new", utf8("never visible")),
                                    new BatchOp.Copy(B, BucketPath.of("missing"), BucketPath.of("copy")))));
            assertEquals(ErrorCode.NOT_FOUND, e.code());
            assertEquals(1, objectCount(), "the object written for the failed batch must be removed");
            assertEquals(
                    List.of("kept"),
                    store.listAll(B, "").stream().map(x -> x.path().value()).toList());
        }
    }

    @Test
    void leftoversOfACrashAreSweptBeforeTheNextWrite() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            store.put(B, BucketPath.of("a"), utf8("kept"));
        }
        Path bucketDir = root.resolve("org/bucket");
        Files.writeString(bucketDir.resolve("tmp/tmp-half-written"), "torn");
        Path orphan = bucketDir.resolve("objects/00/" + "0".repeat(64));
        Files.createDirectories(orphan.getParent());
        Files.writeString(orphan, "never committed");
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.put(B, BucketPath.of("b"), utf8("new"));
            assertFalse(Files.exists(orphan));
            try (Stream<Path> tmp = Files.list(bucketDir.resolve("tmp"))) {
                assertEquals(0, tmp.count());
            }
            assertEquals("kept", store.readString(B, BucketPath.of("a")).orElseThrow());
        }
    }

    @Test
    void providerOpensAFolderUri() {
        try (BucketStore store = BucketStores.open(root.toUri())) {
            assertInstanceOf(FileSystemBucketStore.class, store);
            assertEquals("file", store.scheme());
            store.create(B, true);
            assertTrue(Files.isDirectory(root.resolve("org/bucket")));
        }
    }

    @Test
    void providerRejectsUnusableUris() {
        assertEquals(
                ErrorCode.INVALID_PATH,
                assertThrows(CollabException.class, () -> BucketStores.open("file://host/share"))
                        .code());
    }

    /**
     * Object files of the bucket. The tests that count them open the store with inline limit 0, so that every
     * content is an object file; small contents of the default store stay in the journal and then in pack files
     * (FileJournalContentsTest covers what a compaction keeps of them).
     */
    private long objectCount() throws Exception {
        try (Stream<Path> files = Files.walk(root.resolve("org/bucket/objects"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
