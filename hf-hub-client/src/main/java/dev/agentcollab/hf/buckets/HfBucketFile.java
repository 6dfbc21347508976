package dev.agentcollab.hf.buckets;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A file of a bucket as listed by the tree and paths-info endpoints ({@code "type": "file"} items).
 *
 * @param path the path inside the bucket
 * @param size its size in bytes
 * @param xetHash the Xet content hash ({@code xetHash}), 64 lowercase hex digits on the real Hub
 * @param mtime the client-reported modification time, when present
 * @param uploadedAt when the Hub stored it, when present
 */
public record HfBucketFile(
        String path, long size, String xetHash, Optional<Instant> mtime, Optional<Instant> uploadedAt) {
    /** Validates the fields. */
    public HfBucketFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(xetHash, "xetHash");
        Objects.requireNonNull(mtime, "mtime");
        Objects.requireNonNull(uploadedAt, "uploadedAt");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, but was " + size);
        }
    }
}
