package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Child-process main class of {@link FileSystemBucketStoreMultiProcessTest}: writes {@code count} files, one
 * batch each, under its own folder, then exits.
 */
public final class FileStoreWriterWorker {
    private FileStoreWriterWorker() {}

    /**
     * Runs the writes.
     *
     * @param args the store folder, the bucket id, the writer name and the number of files
     */
    public static void main(String[] args) {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(Path.of(args[0]))) {
            BucketId bucket = BucketId.parse(args[1]);
            int count = Integer.parseInt(args[3]);
            for (int i = 0; i < count; i++) {
                byte[] content = (args[2] + ":" + i).getBytes(StandardCharsets.UTF_8);
                store.apply(
                        bucket, List.of(BatchOp.put(args[2] + "/f" + i, content), BatchOp.put("shared/last", content)));
            }
        }
    }
}
