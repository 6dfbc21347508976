package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Child-process main class of {@link FileSystemBucketStoreMultiProcessTest}: announces itself with a
 * {@code <name>.ready} file, waits (at most 60 s) for a {@code go} file so that all writers start together, writes
 * {@code count} files, one batch each, under its own folder, records when each write started and ended (epoch
 * microseconds) in {@code <name>.times}, then exits. The marker files lie in the store folder, outside any bucket.
 */
public final class FileStoreWriterWorker {
    private static final long GO_WAIT_NANOS = 60_000_000_000L;

    private FileStoreWriterWorker() {}

    /**
     * Runs the writes.
     *
     * @param args the store folder, the bucket id, the writer name and the number of files
     * @throws IOException if a marker file cannot be written
     * @throws InterruptedException if interrupted while waiting for the go file
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Path.of(args[0]);
        String name = args[2];
        Files.writeString(dir.resolve(name + ".ready"), "");
        long deadline = System.nanoTime() + GO_WAIT_NANOS;
        while (!Files.exists(dir.resolve("go"))) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(name + ": no go file within 60 s");
            }
            Thread.sleep(1);
        }
        StringBuilder times = new StringBuilder();
        try (FileSystemBucketStore store = FileSystemBucketStore.open(dir)) {
            BucketId bucket = BucketId.parse(args[1]);
            int count = Integer.parseInt(args[3]);
            for (int i = 0; i < count; i++) {
                byte[] content = (name + ":" + i).getBytes(StandardCharsets.UTF_8);
                long start = micros();
                store.apply(
                        bucket, List.of(BatchOp.put(name + "/f" + i, content), BatchOp.put("shared/last", content)));
                times.append(start).append(' ').append(micros()).append('\n');
            }
        }
        Files.writeString(dir.resolve(name + ".times"), times);
    }

    private static long micros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
