package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Child-process main class of {@link FileGroupCommitCrashTest}: several threads of one store write numbered
 * batches to one bucket, so that their batches are committed in groups, until the process is killed. Thread
 * {@code t}'s batch {@code n} puts {@code w/<t>/<n>} and {@code all/<t>-<n>} and replaces {@code last/<t>} with
 * {@code n}. Around each batch the thread appends {@code start <n>} and {@code done <n>} to its own progress file
 * {@code t<t>.txt}, so the test knows which batches were acknowledged and which were in flight at the kill.
 */
public final class FileStoreGroupCrashWorker {
    private FileStoreGroupCrashWorker() {}

    /**
     * Runs the writers.
     *
     * @param args the store folder, the bucket id, the progress folder, then each thread's first batch number
     */
    public static void main(String[] args) {
        FileSystemBucketStore store = FileSystemBucketStore.open(Path.of(args[0]));
        BucketId bucket = BucketId.parse(args[1]);
        Path progress = Path.of(args[2]);
        for (int t = 0; t + 3 < args.length; t++) {
            int writer = t;
            long first = Long.parseLong(args[t + 3]);
            Thread.ofPlatform().start(() -> {
                Path mine = progress.resolve("t" + writer + ".txt");
                for (long n = first; ; n++) {
                    log(mine, "start " + n);
                    store.apply(
                            bucket,
                            List.of(
                                    BatchOp.put(path("w/" + writer + "/", n), body(writer, n)),
                                    BatchOp.put(path("all/" + writer + "-", n), body(writer, n)),
                                    BatchOp.put(
                                            "last/" + writer, Long.toString(n).getBytes(StandardCharsets.UTF_8))));
                    log(mine, "done " + n);
                }
            });
        }
    }

    /** The path of batch {@code n} under a prefix: numbers padded so that listings sort by batch. */
    static String path(String prefix, long n) {
        return prefix + String.format("%08d", n);
    }

    /** The content thread {@code t} writes in batch {@code n}. */
    static byte[] body(int t, long n) {
        return ("writer " + t + " batch " + n + "\n").repeat(8).getBytes(StandardCharsets.UTF_8);
    }

    private static void log(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
