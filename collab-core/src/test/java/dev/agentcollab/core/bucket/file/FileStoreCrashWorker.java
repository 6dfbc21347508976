package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Child-process main class of {@link FileSystemBucketStoreCrashTest}: writes numbered batches forever, each
 * putting the same content (large by default) to three paths plus a {@code log/<n>} marker, until it is killed.
 * Around each batch it appends {@code start <n>} and {@code done <n>} to a progress file outside the store, so the
 * test can tell whether a kill landed inside a batch.
 */
public final class FileStoreCrashWorker {
    private FileStoreCrashWorker() {}

    /**
     * Runs the loop.
     *
     * @param args the store folder, the bucket id, the first batch number, the progress file, optionally the
     *     number of journal records between compactions and optionally the size of the contents (default 256 KiB,
     *     above the size carried in journal records)
     * @throws IOException if the progress file cannot be written
     */
    public static void main(String[] args) throws IOException {
        FileSystemBucketStore store = args.length > 4
                ? FileSystemBucketStore.open(
                        Path.of(args[0]), java.time.InstantSource.system(), Long.parseLong(args[4]))
                : FileSystemBucketStore.open(Path.of(args[0]));
        BucketId bucket = BucketId.parse(args[1]);
        Path progress = Path.of(args[3]);
        int size = args.length > 5 ? Integer.parseInt(args[5]) : LARGE;
        for (long n = Long.parseLong(args[2]); ; n++) {
            byte[] content = content(n, size);
            Files.writeString(progress, "start " + n + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            store.apply(
                    bucket,
                    List.of(
                            BatchOp.put("pair/a", content),
                            BatchOp.put("pair/b", content),
                            BatchOp.put("pair/c", content),
                            BatchOp.put(
                                    String.format("log/%08d", n), ("batch " + n).getBytes(StandardCharsets.UTF_8))));
            Files.writeString(progress, "done " + n + "\n", StandardOpenOption.APPEND);
        }
    }

    /** The default filler size: 256 KiB, so that the contents are object files. */
    static final int LARGE = 256 * 1024;

    /** The content of batch {@code n}: a header naming the batch, then {@code size} bytes of filler. */
    static byte[] content(long n, int size) {
        byte[] header = ("batch " + n + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(header, header.length + size);
        Arrays.fill(bytes, header.length, bytes.length, (byte) ('a' + n % 26));
        return bytes;
    }
}
