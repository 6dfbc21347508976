package dev.agentcollab.api.bucket;

import java.util.Objects;

/**
 * One operation of an atomic {@link BucketStore#apply(BucketId, java.util.List) batch}.
 */
public sealed interface BatchOp permits BatchOp.Put, BatchOp.Delete, BatchOp.Copy {

    /**
     * The destination path of the operation.
     *
     * @return the path written or deleted
     */
    BucketPath path();

    /**
     * Writes bytes to a path, replacing any existing file.
     *
     * @param path the destination
     * @param bytes the content (not copied: callers must not modify the array afterwards)
     */
    record Put(BucketPath path, byte[] bytes) implements BatchOp {
        /** Checks for nulls. */
        public Put {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * Deletes a path; deleting a missing file is not an error.
     *
     * @param path the file to delete
     */
    record Delete(BucketPath path) implements BatchOp {
        /** Checks for nulls. */
        public Delete {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * Copies a file from another bucket of the same store (server-side where the backend can; the Hub copies by
     * content hash, so bytes never transit the caller).
     *
     * @param source the bucket to copy from
     * @param sourcePath the file to copy
     * @param path the destination in the target bucket
     */
    record Copy(BucketId source, BucketPath sourcePath, BucketPath path) implements BatchOp {
        /** Checks for nulls. */
        public Copy {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(sourcePath, "sourcePath");
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * Shorthand for a {@link Put}.
     *
     * @param path the destination
     * @param bytes the content
     * @return the operation
     */
    static Put put(String path, byte[] bytes) {
        return new Put(BucketPath.of(path), bytes);
    }

    /**
     * Shorthand for a {@link Delete}.
     *
     * @param path the file to delete
     * @return the operation
     */
    static Delete delete(String path) {
        return new Delete(BucketPath.of(path));
    }
}
