package dev.agentcollab.core.service.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.bucket.resilience.ResilientBucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One service per central bucket and index snapshot on a machine ({@link WriterLock}). */
class WriterLockTest {
    private static final BucketId CENTRAL = new BucketId("acme", "speed-main-bucket");

    @TempDir
    Path dir;

    @Test
    void aSecondClaimIsRefusedNamingTheFirstUntilItIsReleased() throws Exception {
        Path file = dir.resolve("locks/serve.lock");
        try (WriterLock first = lock(List.of(file), "the central bucket x/y", "pid 1, started t")) {
            assertEquals("pid 1, started t\n", Files.readString(file));
            first.describe("pid 1, started t, listening on http://h:1/");
            CollabException e = assertThrows(
                    CollabException.class, () -> lock(List.of(file), "the central bucket x/y", "pid 2, started u"));
            assertEquals(ErrorCode.CONFLICT, e.code());
            assertEquals(
                    "another collab serve is running over the central bucket x/y (pid 1, started t, listening on"
                            + " http://h:1/); lock file " + file.toAbsolutePath(),
                    e.getMessage());
            assertTrue(
                    e.hint().orElseThrow().contains("stop it first"), e.hint().orElseThrow());
            assertEquals("pid 1, started t, listening on http://h:1/\n", Files.readString(file));
        }
        assertEquals("", Files.readString(file)); // released: no line names a process that let go
        try (WriterLock again = lock(List.of(file), "the central bucket x/y", "pid 3, started v")) {
            assertEquals(List.of(file.toAbsolutePath()), again.files());
            assertEquals("pid 3, started v\n", Files.readString(file));
        }
    }

    @Test
    void allOrNone() {
        Path a = dir.resolve("a.lock");
        Path b = dir.resolve("b.lock");
        try (WriterLock held = lock(List.of(b), "b", "holder of b")) {
            assertThrows(CollabException.class, () -> lock(List.of(a, b), "a and b", "second"));
            // the second claim let go of a when b was refused
            try (WriterLock onlyA = lock(List.of(a), "a", "third")) {
                assertEquals(List.of(a.toAbsolutePath()), onlyA.files());
            }
        }
    }

    @Test
    void aFileStoreLocksBesideTheCentralBucketAndTheSnapshot() throws Exception {
        Path snapshot = dir.resolve("index/board-index.snapshot");
        FileSystemBucketStore store = FileSystemBucketStore.open(dir.resolve("data"));
        List<Path> files = WriterLock.filesFor(store, CENTRAL, Optional.of(snapshot));
        assertEquals(
                List.of(
                        dir.resolve("data/acme/.speed-main-bucket.serve.lock").toAbsolutePath(),
                        snapshot.resolveSibling("board-index.snapshot.lock")),
                files);
        try (WriterLock held = lock(files, "the central bucket", "pid 1")) {
            // the file beside the bucket's folder does not get in the way of creating and using the bucket
            store.create(CENTRAL, false);
            store.put(CENTRAL, BucketPath.of("README.md"), "hi".getBytes(StandardCharsets.UTF_8));
            assertEquals(
                    "hi",
                    new String(store.read(CENTRAL, BucketPath.of("README.md")).orElseThrow(), StandardCharsets.UTF_8));
        }
        // buckets elsewhere and no snapshot: nothing local to lock (the claim in the audit bucket sees those)
        assertEquals(List.of(), WriterLock.filesFor(InMemoryBucketStore.create(), CENTRAL, Optional.empty()));
    }

    @Test
    void aDecoratedFileStoreLocksWhereTheUndecoratedOneDoes() {
        FileSystemBucketStore store = FileSystemBucketStore.open(dir.resolve("data"));
        BucketStore decorated = ResilientBucketStore.wrap(ResilientBucketStore.wrap(store));
        assertEquals(
                WriterLock.filesFor(store, CENTRAL, Optional.empty()),
                WriterLock.filesFor(decorated, CENTRAL, Optional.empty()));
        assertEquals(
                1, WriterLock.filesFor(decorated, CENTRAL, Optional.empty()).size());
    }

    private static WriterLock lock(List<Path> files, String what, String holder) {
        return WriterLock.acquire(
                files, what, "collab serve", holder, "stop it first, or give this server its own storage");
    }
}
