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
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM ({@link FileStoreCrashWorker}) with {@code destroyForcibly} (SIGKILL) in the middle of
 * its batches, several times, and checks after each kill that no file is torn and that every batch is either
 * fully visible or not at all. The worker's progress file tells where each kill landed; the test goes on until at
 * least {@value #MID_BATCH_KILLS} kills landed inside a batch (at most {@value #MAX_ROUNDS} rounds) and fails if
 * fewer did.
 */
class FileSystemBucketStoreCrashTest {
    private static final BucketId B = BucketId.parse("crash/bucket");
    private static final int ROUNDS = 4;
    private static final int MAX_ROUNDS = 12;
    private static final int MID_BATCH_KILLS = 2;
    private static final int BATCHES_PER_ROUND = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path root;

    /** Journal records between compactions in the worker; 0 for the default. */
    private long compactEvery;

    /** The size of the worker's contents. */
    private int contentSize = FileStoreCrashWorker.LARGE;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
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
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void killedWritersOfSmallContentsKeptInTheJournalNeverLeaveHalfBatches() throws Exception {
        contentSize = 2048; // carried in the journal records, read from there
        killedWritersNeverLeaveTornFilesOrHalfBatches();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void killedWritersOfSmallContentsPackingEveryOtherBatchNeverLeaveHalfBatches() throws Exception {
        contentSize = 2048; // most kills land in or next to a compaction that packs them
        compactEvery = 2;
        killedWritersNeverLeaveTornFilesOrHalfBatches();
        try (Stream<Path> files = Files.list(root.resolve("crash/bucket/objects"))) {
            assertEquals(0, files.count(), "small contents never become object files");
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void killedWritersNeverLeaveTornFilesOrHalfBatches() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
        }
        Random random = new Random(42);
        long next = 0;
        int midBatch = 0;
        int rounds = 0;
        while (rounds < ROUNDS || (midBatch < MID_BATCH_KILLS && rounds < MAX_ROUNDS)) {
            rounds++;
            Path progress = root.resolve("progress-" + next + ".txt");
            Process child = startWorker(next, progress);
            try {
                waitForBatches(child, next + BATCHES_PER_ROUND);
                Thread.sleep(random.nextInt(15)); // land the kill at a different point of a batch each round
            } finally {
                child.destroyForcibly();
                assertTrue(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the killed worker did not exit");
            }
            long last = verifyConsistent();
            List<String> lines = Files.readAllLines(progress);
            String[] lastLine = lines.getLast().split(" ");
            long batch = Long.parseLong(lastLine[1]);
            if (lastLine[0].equals("start")) {
                midBatch++; // killed inside apply(): the batch is either all there or not at all
                assertTrue(last == batch || last == batch - 1, "killed in batch " + batch + ", last committed " + last);
            } else {
                assertEquals(batch, last, "killed between batches");
            }
            next = last + 1;
        }
        assertTrue(
                midBatch >= MID_BATCH_KILLS,
                midBatch + " of " + rounds + " kills landed inside a batch; the test needs " + MID_BATCH_KILLS);
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.put(B, BucketPath.of("after-crashes"), "ok".getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> tmp = Files.list(root.resolve("crash/bucket/tmp"))) {
                assertEquals(0, tmp.count(), "crash leftovers were not swept");
            }
        }
        verifyConsistent();
    }

    private Process startWorker(long firstBatch, Path progress) throws Exception {
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
                progress.toString(),
                Long.toString(compactEvery > 0 ? compactEvery : FileBucket.DEFAULT_COMPACT_RECORDS),
                Integer.toString(contentSize));
        pb.redirectErrorStream(true);
        pb.redirectOutput(root.resolve("worker-" + firstBatch + ".log").toFile());
        return pb.start();
    }

    /** Waits until the child has committed batch {@code target}; fails if it dies or {@link #WAIT} passes. */
    private void waitForBatches(Process child, long target) throws Exception {
        BucketPath marker = BucketPath.of(String.format("log/%08d", target));
        long deadline = System.nanoTime() + WAIT.toNanos();
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
            if (System.nanoTime() - deadline > 0) {
                fail("the worker did not commit batch " + target + " within " + WAIT);
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
            byte[] expected = FileStoreCrashWorker.content(last, contentSize);
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
