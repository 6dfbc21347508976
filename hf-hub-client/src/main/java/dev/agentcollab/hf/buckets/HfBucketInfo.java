package dev.agentcollab.hf.buckets;

import java.time.Instant;
import java.util.Objects;

/**
 * A bucket as described by {@code GET /api/buckets/{org}/{name}}.
 *
 * @param id the bucket
 * @param isPrivate whether it is private
 * @param createdAt when it was created ({@code createdAt})
 * @param size the total size of its files in bytes
 * @param totalFiles how many files it holds ({@code totalFiles})
 */
public record HfBucketInfo(HfBucketId id, boolean isPrivate, Instant createdAt, long size, long totalFiles) {
    /** Validates the fields. */
    public HfBucketInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        if (size < 0 || totalFiles < 0) {
            throw new IllegalArgumentException(
                    "size and totalFiles must be >= 0, but were " + size + ", " + totalFiles);
        }
    }
}
