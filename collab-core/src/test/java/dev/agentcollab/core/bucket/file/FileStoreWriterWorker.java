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
 * Child-process main class of {@link FileSystemBucketStoreMultiProcessTest}: opens the store, announces itself with a
 * {@code <name>.ready} file, waits for a {@code go} file so that all writers start together, writes {@code count}
 * files, one batch each, under its own folder, records when each write started and ended (epoch microseconds) in
 * {@code <name>.times}, then exits. After its first write it announces {@code <name>.first} and waits until every
 * writer has made its first write, so that the writers' periods overlap however slowly a cold JVM starts: every last
 * write then ends after every first write began. The marker files lie in the store folder, outside any bucket; each
 * wait gives up after 60 s.
 */
public final class FileStoreWriterWorker {
    private static final long WAIT_NANOS = 60_000_000_000L;

    private FileStoreWriterWorker() {}

    /**
     * Runs the writes.
     *
     * @param args the store folder, the bucket id, the writer name, the number of files and every writer's name,
     *     comma-separated
     * @throws IOException if a marker file cannot be written
     * @throws InterruptedException if interrupted while waiting for a marker file
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Path.of(args[0]);
        String name = args[2];
        List<String> writers = List.of(args[4].split(","));
        StringBuilder times = new StringBuilder();
        try (FileSystemBucketStore store = FileSystemBucketStore.open(dir)) {
            Files.writeString(dir.resolve(name + ".ready"), "");
            await(dir, name, List.of("go"));
            BucketId bucket = BucketId.parse(args[1]);
            int count = Integer.parseInt(args[3]);
            for (int i = 0; i < count; i++) {
                byte[] content = (name + ":" + i).getBytes(StandardCharsets.UTF_8);
                long start = micros();
                store.apply(
                        bucket, List.of(BatchOp.put(name + "/f" + i, content), BatchOp.put("shared/last", content)));
                times.append(start).append(' ').append(micros()).append('\n');
                if (i == 0) {
                    Files.writeString(dir.resolve(name + ".first"), "");
                    await(dir, name, writers.stream().map(w -> w + ".first").toList());
                }
            }
        }
        Files.writeString(dir.resolve(name + ".times"), times);
    }

    /** Waits until every named marker file exists in {@code dir}. */
    private static void await(Path dir, String name, List<String> markers) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!markers.stream().allMatch(m -> Files.exists(dir.resolve(m)))) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(name + ": not all of " + markers + " within 60 s");
            }
            Thread.sleep(1);
        }
    }

    private static long micros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
