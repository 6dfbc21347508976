package dev.agentcollab.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One {@code collab serve} per central bucket and index snapshot ({@link ServeLock}). */
class ServeLockTest {
    private static final BucketId CENTRAL = new BucketId("acme", "speed-main-bucket");

    @TempDir
    Path dir;

    @Test
    void aSecondClaimIsRefusedNamingTheFirstUntilItIsReleased() throws Exception {
        Path file = dir.resolve("locks/serve.lock");
        try (ServeLock first = ServeLock.acquire(List.of(file), "the central bucket x/y", "pid 1, started t")) {
            assertEquals("pid 1, started t\n", Files.readString(file));
            first.describe("pid 1, started t, listening on http://h:1/");
            CollabException e = assertThrows(
                    CollabException.class,
                    () -> ServeLock.acquire(List.of(file), "the central bucket x/y", "pid 2, started u"));
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
        try (ServeLock again = ServeLock.acquire(List.of(file), "the central bucket x/y", "pid 3, started v")) {
            assertEquals(List.of(file.toAbsolutePath()), again.files());
            assertEquals("pid 3, started v\n", Files.readString(file));
        }
    }

    @Test
    void allOrNone() {
        Path a = dir.resolve("a.lock");
        Path b = dir.resolve("b.lock");
        try (ServeLock held = ServeLock.acquire(List.of(b), "b", "holder of b")) {
            assertThrows(CollabException.class, () -> ServeLock.acquire(List.of(a, b), "a and b", "second"));
            // the second claim let go of a when b was refused
            try (ServeLock onlyA = ServeLock.acquire(List.of(a), "a", "third")) {
                assertEquals(List.of(a.toAbsolutePath()), onlyA.files());
            }
        }
    }

    @Test
    void aFileStoreLocksBesideTheCentralBucketAndTheSnapshot() throws Exception {
        Path snapshot = dir.resolve("index/board-index.snapshot");
        ServeConfig config = ServeConfig.from(ConfigValues.parse(
                "org: acme\nslug: speed\nstorage: {buckets: 'file:data', index_snapshot: " + snapshot
                        + "}\nidentity: {kind: hub}\n",
                "test.yaml",
                Map.of(),
                dir));
        FileSystemBucketStore store = FileSystemBucketStore.open(dir.resolve("data"));
        List<Path> files = Deployment.lockFiles(config, store);
        assertEquals(
                List.of(
                        dir.resolve("data/acme/.speed-main-bucket.serve.lock").toAbsolutePath(),
                        snapshot.resolveSibling("board-index.snapshot.lock")),
                files);
        try (ServeLock held = ServeLock.acquire(files, "the central bucket", "pid 1")) {
            // the file beside the bucket's folder does not get in the way of creating and using the bucket
            store.create(CENTRAL, false);
            store.put(CENTRAL, BucketPath.of("README.md"), "hi".getBytes(StandardCharsets.UTF_8));
            assertEquals(
                    "hi",
                    new String(store.read(CENTRAL, BucketPath.of("README.md")).orElseThrow(), StandardCharsets.UTF_8));
        }
        // buckets on the Hub and no snapshot: nothing local to lock (two machines are not detected, docs/deploy.md)
        ServeConfig onHub = ServeConfig.from(ConfigValues.parse(
                "org: acme\nslug: speed\nstorage: {buckets: 'hf://buckets'}\nidentity: {kind: hub}\n",
                "t.yaml",
                Map.of(),
                dir));
        assertEquals(List.of(), Deployment.lockFiles(onHub, InMemoryBucketStore.create()));
    }
}
