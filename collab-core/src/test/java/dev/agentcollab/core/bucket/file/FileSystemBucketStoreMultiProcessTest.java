package dev.agentcollab.core.bucket.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several JVMs and this one write one bucket at the same time; no write may be lost. */
class FileSystemBucketStoreMultiProcessTest {
    private static final BucketId B = BucketId.parse("multi/bucket");
    private static final int FILES_EACH = 40;

    @TempDir
    Path root;

    @Test
    void writersInSeveralProcessesLoseNothing() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
        }
        List<Process> children = new ArrayList<>();
        for (String name : List.of("p1", "p2")) {
            children.add(start(name));
        }
        awaitFirstWrites(children); // so that all three processes write at the same time
        FileStoreWriterWorker.main(
                new String[] {root.toString(), B.toString(), "parent", Integer.toString(FILES_EACH)});
        for (int i = 0; i < children.size(); i++) {
            int exit = children.get(i).waitFor();
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
    }

    /** Polls, without a deadline, until both children committed their first file (or one of them exited). */
    private void awaitFirstWrites(List<Process> children) throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            while (children.stream().allMatch(Process::isAlive)
                    && (store.read(B, BucketPath.of("p1/f0")).isEmpty()
                            || store.read(B, BucketPath.of("p2/f0")).isEmpty())) {
                Thread.sleep(5);
            }
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
                Integer.toString(FILES_EACH));
        pb.redirectErrorStream(true);
        pb.redirectOutput(root.resolve(name + ".log").toFile());
        return pb.start();
    }
}
