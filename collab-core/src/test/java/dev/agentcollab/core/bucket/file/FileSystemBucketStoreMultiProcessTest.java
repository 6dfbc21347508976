package dev.agentcollab.core.bucket.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs and this one write one bucket at the same time; no write may be lost. The writers start together on a
 * go file, wait for each other after their first write (so that a slow JVM start cannot serialise them) and record
 * when each write ran, and the test checks that their writing periods did overlap.
 */
class FileSystemBucketStoreMultiProcessTest {
    private static final BucketId B = BucketId.parse("multi/bucket");
    private static final int FILES_EACH = 40;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WRITERS = "p1,p2,parent";

    @TempDir
    Path root;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void writersInSeveralProcessesLoseNothing() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
        }
        List<Process> children = new ArrayList<>();
        for (String name : List.of("p1", "p2")) {
            children.add(start(name));
        }
        awaitReady(children);
        Files.writeString(root.resolve("go"), ""); // all three processes start writing now
        FileStoreWriterWorker.main(
                new String[] {root.toString(), B.toString(), "parent", Integer.toString(FILES_EACH), WRITERS});
        for (int i = 0; i < children.size(); i++) {
            assertTrue(children.get(i).waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "writer p" + (i + 1) + " hangs");
            int exit = children.get(i).exitValue();
            assertEquals(
                    0,
                    exit,
                    "writer p" + (i + 1) + " failed: " + Files.readString(root.resolve("p" + (i + 1) + ".log")));
        }
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            for (String writer : List.of("p1", "p2", "parent")) {
                assertEquals(FILES_EACH, store.listAll(B, writer + "/").size(), writer + " lost writes");
                assertEquals(
                        writer + ":7",
                        store.readString(B, BucketPath.of(writer + "/f7")).orElseThrow());
            }
            String last = store.readString(B, BucketPath.of("shared/last")).orElseThrow();
            assertEquals(true, last.endsWith(":" + (FILES_EACH - 1)), "the shared file holds some writer's last write");
        }
        assertWritesOverlapped(List.of("p1", "p2", "parent"));
    }

    /** All writers were writing at once for a while: the latest first write began before the earliest last one ended. */
    private void assertWritesOverlapped(List<String> writers) throws Exception {
        long commonStart = Long.MIN_VALUE;
        long commonEnd = Long.MAX_VALUE;
        List<long[]> all = new ArrayList<>();
        for (String w : writers) {
            List<long[]> writes = Files.readAllLines(root.resolve(w + ".times")).stream()
                    .map(l -> new long[] {Long.parseLong(l.split(" ")[0]), Long.parseLong(l.split(" ")[1])})
                    .toList();
            assertEquals(FILES_EACH, writes.size(), w + " recorded every write");
            commonStart = Math.max(commonStart, writes.getFirst()[0]);
            commonEnd = Math.min(commonEnd, writes.getLast()[1]);
            all.addAll(writes);
        }
        long start = commonStart;
        long end = commonEnd;
        long inWindow = all.stream().filter(t -> t[1] > start && t[0] < end).count();
        assertTrue(
                start < end && inWindow > writers.size(),
                "writers did not overlap: common period " + start + ".." + end + " µs holds " + inWindow + " writes");
    }

    /** Waits until both children are ready to write; fails if one exits or {@link #WAIT} passes. */
    private void awaitReady(List<Process> children) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(root.resolve("p1.ready")) || !Files.exists(root.resolve("p2.ready"))) {
            for (int i = 0; i < children.size(); i++) {
                if (!children.get(i).isAlive()) {
                    fail("writer p" + (i + 1) + " exited early: "
                            + Files.readString(root.resolve("p" + (i + 1) + ".log")));
                }
            }
            if (System.nanoTime() - deadline > 0) {
                fail("the writers were not ready within " + WAIT);
            }
            Thread.sleep(5);
        }
    }

    private Process start(String name) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", // small, quick child JVMs: the machine is shared
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                FileStoreWriterWorker.class.getName(),
                root.toString(),
                B.toString(),
                name,
                Integer.toString(FILES_EACH),
                WRITERS);
        pb.redirectErrorStream(true);
        pb.redirectOutput(root.resolve(name + ".log").toFile());
        return pb.start();
    }
}
