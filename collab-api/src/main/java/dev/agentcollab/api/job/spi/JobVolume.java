package dev.agentcollab.api.job.spi;

import dev.agentcollab.api.bucket.BucketId;
import java.util.Objects;

/**
 * A bucket prefix mounted into the job at an absolute path, read-only or read-write. The runner decides how:
 * the Hub mounts the bucket natively, the local runner copies the prefix into a folder before the run and copies a
 * read-write folder back afterwards.
 *
 * @param bucket the bucket holding the files
 * @param prefix the folder inside the bucket, without leading or trailing {@code /} ({@code ""} for the whole bucket)
 * @param mountPath where the folder appears inside the job, e.g. {@code /submission}
 * @param readOnly whether the job may change the files
 */
public record JobVolume(BucketId bucket, String prefix, String mountPath, boolean readOnly) {
    /** Validates the volume. */
    public JobVolume {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(mountPath, "mountPath");
        if (prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must not start or end with '/', but was '" + prefix + "'");
        }
        if (!mountPath.startsWith("/") || mountPath.length() < 2 || mountPath.endsWith("/")) {
            throw new IllegalArgumentException(
                    "mountPath must be an absolute folder like /state, but was '" + mountPath + "'");
        }
    }
}
