package dev.agentcollab.core.bucket.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@link FileStoreGroupCrashWorker}) whose threads commit their batches to one bucket in groups,
 * with {@code destroyForcibly} (SIGKILL), several times, and checks after each kill from a fresh store: every
 * acknowledged batch is there, every batch is all there or not at all, and each writer's batches are a prefix of
 * what it wrote (a batch is never there without the earlier batches of the same writer).
 */
class FileGroupCommitCrashTest {
    private static final BucketId B = BucketId.parse("crash/group");
    private static final int WRITERS = 8;
    private static final int ROUNDS = 4;
    private static final int BATCHES_PER_ROUND = 60;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path root;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void killedGroupsOfWritersNeverLoseAnAcknowledgedBatchNorLeaveHalfOne() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
        }
        long[] next = new long[WRITERS];
        Random random = new Random(17);
        int inFlight = 0;
        long committed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path progress = Files.createDirectories(root.resolve("progress-" + round));
            Process child = start(progress, next);
            try {
                waitForBatches(child, committed + BATCHES_PER_ROUND, round);
                Thread.sleep(random.nextInt(15));
            } finally {
                child.destroyForcibly();
                assertTrue(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the killed worker did not exit");
            }
            committed = 0;
            for (int t = 0; t < WRITERS; t++) {
                long last = verifyWriter(t, next[t]);
                List<String> lines = Files.readAllLines(progress.resolve("t" + t + ".txt"));
                for (String line : lines) {
                    String[] parts = line.split(" ");
                    if (parts.length == 2 && parts[0].equals("done")) {
                        long acked = Long.parseLong(parts[1]);
                        assertTrue(acked <= last, "writer " + t + ": batch " + acked + " was acknowledged and lost");
                    }
                }
                if (!lines.isEmpty() && lines.getLast().startsWith("start ")) {
                    inFlight++;
                }
                next[t] = last + 1;
                committed += next[t];
            }
        }
        assertTrue(inFlight >= 2, "only " + inFlight + " batches were in flight at the kills");
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.put(B, BucketPath.of("after-crashes"), "ok".getBytes(StandardCharsets.UTF_8));
        }
        for (int t = 0; t < WRITERS; t++) {
            assertEquals(next[t] - 1, verifyWriter(t, next[t]));
        }
    }

    private Process start(Path progress, long[] next) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", // small, quick child JVMs: the machine is shared
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                FileStoreGroupCrashWorker.class.getName(),
                root.toString(),
                B.toString(),
                progress.toString()));
        for (long n : next) {
            command.add(Long.toString(n));
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(progress.resolve("worker.log").toFile());
        return pb.start();
    }

    /** Waits until the bucket holds {@code target} batches; fails if the child dies or {@link #WAIT} passes. */
    private void waitForBatches(Process child, long target, int round) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
                if (store.listAll(B, "all/").size() >= target) {
                    return;
                }
            }
            if (!child.isAlive()) {
                fail("the worker died on its own: "
                        + Files.readString(root.resolve("progress-" + round).resolve("worker.log")));
            }
            if (System.nanoTime() - deadline > 0) {
                fail("the workers did not commit " + target + " batches within " + WAIT);
            }
            Thread.sleep(10);
        }
    }

    /**
     * Checks writer {@code t}'s batches from a fresh store: numbered 0 to some last one without a gap, each with
     * both its files and their contents, and {@code last/<t>} naming the last one.
     *
     * @param atLeast the number of batches the writer had before this round, all of which must still be there
     * @return the number of the writer's last batch, -1 when it has none
     */
    private long verifyWriter(int t, long atLeast) throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            List<BucketEntry> own = store.listAll(B, "w/" + t + "/");
            List<BucketEntry> copies = store.listAll(B, "all/" + t + "-");
            assertEquals(own.size(), copies.size(), "writer " + t + ": a batch is half there");
            for (int n = 0; n < own.size(); n++) {
                assertEquals(
                        FileStoreGroupCrashWorker.path("w/" + t + "/", n),
                        own.get(n).path().value());
                assertEquals(
                        FileStoreGroupCrashWorker.path("all/" + t + "-", n),
                        copies.get(n).path().value());
                byte[] body = FileStoreGroupCrashWorker.body(t, n);
                assertArrayEquals(body, store.read(B, own.get(n).path()).orElseThrow());
                assertArrayEquals(body, store.read(B, copies.get(n).path()).orElseThrow());
            }
            long last = own.size() - 1;
            assertTrue(last + 1 >= atLeast, "writer " + t + " lost batches it had before the round");
            if (last >= 0) {
                assertEquals(
                        Long.toString(last),
                        store.readString(B, BucketPath.of("last/" + t)).orElseThrow(),
                        "writer " + t + ": its last file does not name its last batch");
            }
            return last;
        }
    }
}
