package dev.agentcollab.core.bucket.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.spi.ContentHashes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM ({@link FileStoreCrashWorker}) with {@code destroyForcibly} (SIGKILL) in the middle of
 * its batches, several times, and checks after each kill that no file is torn and that every batch is either
 * fully visible or not at all.
 */
class FileSystemBucketStoreCrashTest {
    private static final BucketId B = BucketId.parse("crash/bucket");
    private static final int ROUNDS = 4;
    private static final int BATCHES_PER_ROUND = 3;

    @TempDir
    Path root;

    /** Journal records between compactions in the worker; 0 for the default. */
    private long compactEvery;

    @Test
    void killedWritersCompactingEveryOtherBatchNeverLeaveHalfBatches() throws Exception {
        compactEvery = 2; // most kills land in or next to a compaction
        killedWritersNeverLeaveTornFilesOrHalfBatches();
        try (Stream<Path> files = Files.list(root.resolve("crash/bucket"))) {
            assertEquals(
                    1,
                    files.filter(p -> p.getFileName().toString().startsWith("checkpoint."))
                            .count(),
                    "the writer after the crashes deletes replaced checkpoints");
        }
    }

    @Test
    void killedWritersNeverLeaveTornFilesOrHalfBatches() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
        }
        Random random = new Random(42);
        long next = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Process child = startWorker(next);
            try {
                waitForBatches(child, next + BATCHES_PER_ROUND);
                Thread.sleep(random.nextInt(15)); // land the kill at a different point of a batch each round
            } finally {
                child.destroyForcibly().waitFor();
            }
            next = verifyConsistent() + 1;
        }
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.put(B, BucketPath.of("after-crashes"), "ok".getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> tmp = Files.list(root.resolve("crash/bucket/tmp"))) {
                assertEquals(0, tmp.count(), "crash leftovers were not swept");
            }
        }
        verifyConsistent();
    }

    private Process startWorker(long firstBatch) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx64m", // small, quick child JVMs: the machine is shared
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                FileStoreCrashWorker.class.getName(),
                root.toString(),
                B.toString(),
                Long.toString(firstBatch),
                Long.toString(compactEvery > 0 ? compactEvery : FileBucket.DEFAULT_COMPACT_RECORDS));
        pb.redirectErrorStream(true);
        pb.redirectOutput(root.resolve("worker-" + firstBatch + ".log").toFile());
        return pb.start();
    }

    /** Waits, without a deadline, until the child has committed batch {@code target} or has died. */
    private void waitForBatches(Process child, long target) throws Exception {
        BucketPath marker = BucketPath.of(String.format("log/%08d", target));
        while (true) {
            try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
                if (store.read(B, marker).isPresent()) {
                    return;
                }
            }
            if (!child.isAlive()) {
                fail("the worker died on its own: "
                        + Files.readString(root.resolve("worker-" + (target - BATCHES_PER_ROUND) + ".log")));
            }
            Thread.sleep(10);
        }
    }

    /** Checks the invariants from a fresh store and returns the number of the last committed batch. */
    private long verifyConsistent() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            List<BucketEntry> logs = store.listAll(B, "log/");
            assertTrue(!logs.isEmpty(), "no batch was committed");
            for (int i = 1; i < logs.size(); i++) {
                long prev = number(logs.get(i - 1)), cur = number(logs.get(i));
                assertEquals(prev + 1, cur, "batch log has a gap: a batch was lost or half applied");
            }
            long last = number(logs.getLast());
            byte[] expected = FileStoreCrashWorker.content(last);
            for (String p : List.of("pair/a", "pair/b", "pair/c")) {
                byte[] actual = store.read(B, BucketPath.of(p)).orElseThrow();
                assertArrayEquals(
                        expected, actual, p + " does not hold the content of the last committed batch " + last);
            }
            verifyNoTornObjects();
            return last;
        }
    }

    private void verifyNoTornObjects() throws Exception {
        try (Stream<Path> objects = Files.walk(root.resolve("crash/bucket/objects"))) {
            for (Path o : objects.filter(Files::isRegularFile).toList()) {
                assertEquals(
                        o.getFileName().toString(), ContentHashes.sha256(Files.readAllBytes(o)), "torn object " + o);
            }
        }
    }

    private static long number(BucketEntry e) {
        return Long.parseLong(e.path().leaf());
    }
}
