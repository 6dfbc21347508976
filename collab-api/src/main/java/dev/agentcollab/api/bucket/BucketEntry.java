package dev.agentcollab.api.bucket;

import java.time.Instant;
import java.util.Objects;

/**
 * One file in a bucket listing.
 *
 * @param path the file's path inside the bucket
 * @param size its size in bytes
 * @param contentHash a content-derived hash: lowercase hex SHA-256 for the {@code mem:} and {@code file:}
 *     backends, the Xet hash for Hugging Face buckets; equal bytes give equal hashes within one backend
 * @param modified when the file was last written
 */
public record BucketEntry(BucketPath path, long size, String contentHash, Instant modified) {
    /** Validates the fields. */
    public BucketEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(modified, "modified");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, but was " + size);
        }
    }
}
