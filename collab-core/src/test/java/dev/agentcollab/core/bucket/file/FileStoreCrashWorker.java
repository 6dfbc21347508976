package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Child-process main class of {@link FileSystemBucketStoreCrashTest}: writes numbered batches forever, each
 * putting the same large content to three paths plus a {@code log/<n>} marker, until it is killed.
 */
public final class FileStoreCrashWorker {
    private FileStoreCrashWorker() {}

    /**
     * Runs the loop.
     *
     * @param args the store folder, the bucket id, the first batch number and optionally the number of journal
     *     records between compactions
     */
    public static void main(String[] args) {
        FileSystemBucketStore store = args.length > 3
                ? FileSystemBucketStore.open(
                        Path.of(args[0]), java.time.InstantSource.system(), Long.parseLong(args[3]))
                : FileSystemBucketStore.open(Path.of(args[0]));
        BucketId bucket = BucketId.parse(args[1]);
        for (long n = Long.parseLong(args[2]); ; n++) {
            byte[] content = content(n);
            store.apply(
                    bucket,
                    List.of(
                            BatchOp.put("pair/a", content),
                            BatchOp.put("pair/b", content),
                            BatchOp.put("pair/c", content),
                            BatchOp.put(
                                    String.format("log/%08d", n), ("batch " + n).getBytes(StandardCharsets.UTF_8))));
        }
    }

    /** The content of batch {@code n}: a header naming the batch, then 256 KiB of filler. */
    static byte[] content(long n) {
        byte[] header = ("batch " + n + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(header, header.length + 256 * 1024);
        Arrays.fill(bytes, header.length, bytes.length, (byte) ('a' + n % 26));
        return bytes;
    }
}
