package dev.agentcollab.hf.jobs;

import dev.agentcollab.hf.buckets.HfBucketId;
import java.util.Objects;

/**
 * A bucket mounted into a job ({@code {"type": "bucket", "source", "path", "mountPath", "readOnly"}}).
 *
 * @param bucket the mounted bucket
 * @param path the folder of the bucket to mount, or {@code ""} for all of it
 * @param mountPath where it appears in the container, an absolute path
 * @param readOnly whether the job may only read it
 */
public record HfJobVolume(HfBucketId bucket, String path, String mountPath, boolean readOnly) {
    /** Checks for nulls and an absolute mount path. */
    public HfJobVolume {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mountPath, "mountPath");
        if (!mountPath.startsWith("/")) {
            throw new IllegalArgumentException("mountPath must be absolute, but was '" + mountPath + "'");
        }
    }
}
