package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;

/**
 * Child-process main class of {@link FileJournalReaderProcessTest}: {@code write <root> <bucket> <prefix> <count>
 * <compactRecords>} puts {@code count} small files {@code <prefix>/<i>}, one batch each, with a store that
 * compacts every {@code compactRecords} records; {@code verify <root> <bucket> <prefix> <count>} reads them back
 * and exits with status 1, naming the first file whose bytes differ, when one does.
 */
public final class FileStoreContentWorker {
    private FileStoreContentWorker() {}

    /**
     * Runs the command.
     *
     * @param args the mode and its arguments, see the class comment
     */
    public static void main(String[] args) {
        Path root = Path.of(args[1]);
        BucketId bucket = BucketId.parse(args[2]);
        String prefix = args[3];
        int count = Integer.parseInt(args[4]);
        if (args[0].equals("write")) {
            try (FileSystemBucketStore store =
                    FileSystemBucketStore.open(root, InstantSource.system(), Long.parseLong(args[5]))) {
                for (int i = 0; i < count; i++) {
                    store.put(bucket, BucketPath.of(prefix + "/" + i), content(prefix, i));
                }
            }
            return;
        }
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            for (int i = 0; i < count; i++) {
                byte[] actual =
                        store.read(bucket, BucketPath.of(prefix + "/" + i)).orElse(null);
                if (!Arrays.equals(content(prefix, i), actual)) {
                    System.out.println("wrong bytes for " + prefix + "/" + i);
                    System.exit(1);
                }
            }
        }
        System.out.println("verified " + count);
    }

    /** The content of file {@code i}: a few hundred bytes naming it. */
    static byte[] content(String prefix, int i) {
        return (prefix + " message " + i + "\n" + "x".repeat(200 + i % 50)).getBytes(StandardCharsets.UTF_8);
    }
}
