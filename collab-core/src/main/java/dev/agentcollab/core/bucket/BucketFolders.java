package dev.agentcollab.core.bucket;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Copies whole folders between the local file system and a bucket, the way {@code hf buckets sync} does: every
 * regular file under the folder becomes one file under the prefix, with {@code /} separators. Stateless and
 * thread safe; atomicity is the store's (an upload is one batch).
 */
public final class BucketFolders {
    private BucketFolders() {}

    /**
     * Uploads every regular file under a folder in one atomic batch.
     *
     * @param store the store
     * @param bucket the target bucket (must exist)
     * @param prefix the folder in the bucket, {@code ""} for its root
     * @param dir the local folder
     * @return the number of files written (0 for an empty folder, which writes nothing)
     * @throws IOException when the folder cannot be read
     * @throws dev.agentcollab.api.error.CollabException {@code INVALID_PATH} when a file name is not a valid
     *     bucket path (e.g. a control character), {@code BUCKET_NOT_FOUND} when the bucket is missing
     */
    public static int upload(BucketStore store, BucketId bucket, String prefix, Path dir) throws IOException {
        return upload(store, bucket, prefix, dir, file -> true);
    }

    /**
     * Uploads the regular files under a folder that a filter accepts, in one atomic batch.
     *
     * @param store the store
     * @param bucket the target bucket (must exist)
     * @param prefix the folder in the bucket, {@code ""} for its root
     * @param dir the local folder
     * @param include which files to write
     * @return the number of files written (0 when none is accepted, which writes nothing)
     * @throws IOException when the folder cannot be read
     * @throws dev.agentcollab.api.error.CollabException as {@link #upload(BucketStore, BucketId, String, Path)}
     */
    public static int upload(
            BucketStore store, BucketId bucket, String prefix, Path dir, java.util.function.Predicate<Path> include)
            throws IOException {
        List<BatchOp> puts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file :
                    files.filter(Files::isRegularFile).filter(include).sorted().toList()) {
                String rel = dir.relativize(file).toString().replace('\\', '/');
                String path = prefix.isEmpty() ? rel : prefix + "/" + rel;
                puts.add(new BatchOp.Put(BucketPath.of(path), Files.readAllBytes(file)));
            }
        }
        if (!puts.isEmpty()) {
            store.apply(bucket, puts);
        }
        return puts.size();
    }

    /**
     * Downloads every file under a prefix into a folder, creating sub-folders; a missing bucket downloads nothing.
     *
     * @param store the store
     * @param bucket the source bucket
     * @param prefix the folder in the bucket, {@code ""} for its root
     * @param dir the local folder (created when missing)
     * @return the number of files written
     * @throws IOException when a file cannot be written
     */
    public static int download(BucketStore store, BucketId bucket, String prefix, Path dir) throws IOException {
        Files.createDirectories(dir);
        if (!store.exists(bucket)) {
            return 0;
        }
        String folder = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        int written = 0;
        for (BucketEntry entry : store.listAll(bucket, folder)) {
            Path target =
                    dir.resolve(entry.path().value().substring(folder.length())).normalize();
            if (!target.startsWith(dir.normalize())) {
                continue;
            }
            Optional<byte[]> bytes = store.read(bucket, entry.path());
            if (bytes.isPresent()) {
                Files.createDirectories(target.getParent());
                Files.write(target, bytes.get());
                written++;
            }
        }
        return written;
    }
}
