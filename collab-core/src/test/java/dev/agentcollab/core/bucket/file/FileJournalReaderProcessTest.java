package dev.agentcollab.core.bucket.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers in other processes read small contents from the journal, where they live until a compaction: a child
 * JVM reads what this one wrote, this JVM's store (its index loaded before) reads what a child appended to the
 * journal's tail, and then what a child moved into packs by compactions this store did not see.
 */
class FileJournalReaderProcessTest {
    private static final BucketId B = BucketId.parse("multi/contents");
    private static final int COUNT = 40;

    @TempDir
    Path root;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void anotherProcessReadsContentsFromTheJournalAndAcrossItsCompactions() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            for (int i = 0; i < COUNT; i++) {
                store.put(B, BucketPath.of("parent/" + i), FileStoreContentWorker.content("parent", i));
            }
            assertEquals(0, objectFiles(), "small contents stay in the journal");

            run("verify", "parent", Integer.toString(COUNT)); // a reader in another process

            run("write", "child", Integer.toString(COUNT), "1000000"); // appended to the journal this store follows
            assertEquals(List.of(), packs(), "no compaction yet");
            assertContents(store, "child", COUNT);

            run("write", "late", Integer.toString(COUNT), "7"); // compactions this store does not take part in
            assertTrue(!packs().isEmpty(), "the child compacted into packs");
            assertContents(store, "parent", COUNT);
            assertContents(store, "child", COUNT);
            assertContents(store, "late", COUNT);
            assertEquals(0, objectFiles());
        }
        run("verify", "late", Integer.toString(COUNT));
    }

    private static void assertContents(FileSystemBucketStore store, String prefix, int count) {
        assertEquals(count, store.listAll(B, prefix + "/").size(), prefix);
        for (int i = 0; i < count; i++) {
            assertArrayEquals(
                    FileStoreContentWorker.content(prefix, i),
                    store.read(B, BucketPath.of(prefix + "/" + i)).orElseThrow(),
                    prefix + "/" + i);
        }
    }

    private long objectFiles() throws Exception {
        try (Stream<Path> all = Files.walk(root.resolve("multi/contents/objects"))) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    private List<Path> packs() throws Exception {
        try (Stream<Path> all = Files.list(root.resolve("multi/contents"))) {
            return all.filter(p -> p.getFileName().toString().startsWith("pack."))
                    .toList();
        }
    }

    private void run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", // small, quick child JVMs: the machine is shared
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                FileStoreContentWorker.class.getName(),
                args[0],
                root.toString(),
                B.toString()));
        command.addAll(List.of(args).subList(1, args.length));
        Path log = root.resolve("child-" + args[0] + "-" + args[1] + ".log");
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            assertTrue(child.waitFor(90, TimeUnit.SECONDS), "the child did not finish: " + String.join(" ", args));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(0, child.exitValue(), String.join(" ", args) + ": " + Files.readString(log));
    }
}
