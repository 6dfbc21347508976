package dev.agentcollab.api.bucket;

import java.time.Instant;
import java.util.Objects;

/**
 * What a store knows about a bucket.
 *
 * @param id the bucket
 * @param createdAt when it was created
 * @param isPrivate whether it is private (always {@code true} for local backends)
 */
public record BucketInfo(BucketId id, Instant createdAt, boolean isPrivate) {
    /** Validates the fields. */
    public BucketInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
