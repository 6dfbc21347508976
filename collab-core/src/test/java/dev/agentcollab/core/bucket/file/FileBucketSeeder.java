package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.spi.ContentHashes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Seeds a {@code file:} bucket out of band for benchmarks: writes the objects without forcing each one to disk and
 * appends all the files as one journal batch, so that 100k files take seconds instead of 100k forced writes. The
 * bucket must exist and no store may be writing it. Not for production use.
 */
public final class FileBucketSeeder {
    private FileBucketSeeder() {}

    /**
     * Adds files to a bucket in one batch.
     *
     * @param root the store folder
     * @param bucket the bucket
     * @param files path to content
     * @param mtimeMillis the files' write time
     * @throws IOException when writing fails
     */
    public static void seed(Path root, BucketId bucket, Map<String, byte[]> files, long mtimeMillis)
            throws IOException {
        FileBucket b = new FileBucket(
                root.toAbsolutePath().normalize().resolve(bucket.org()).resolve(bucket.name()),
                FileBucket.DEFAULT_COMPACT_RECORDS,
                FileBucket.DEFAULT_COMPACT_BYTES);
        BucketIndex index = b.prepareWrite();
        List<JournalRecord.Op> ops = new ArrayList<>(files.size());
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String hash = ContentHashes.sha256(f.getValue());
            Path object = b.object(hash);
            if (!Files.exists(object)) {
                Files.createDirectories(object.getParent());
                Files.write(object, f.getValue(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            ops.add(new JournalRecord.Put(f.getKey(), hash, f.getValue().length));
        }
        b.commit(index, new JournalRecord(index.seq() + 1, mtimeMillis, ops));
    }
}
