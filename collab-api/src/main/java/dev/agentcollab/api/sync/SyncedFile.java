package dev.agentcollab.api.sync;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One copied file.
 *
 * @param srcPath its path in the source bucket
 * @param destPath its path in the central bucket
 * @param bytes its size
 */
public record SyncedFile(
        @JsonProperty("src_path") String srcPath, @JsonProperty("dest_path") String destPath, long bytes) {
    /** Validates the entry. */
    public SyncedFile {
        Objects.requireNonNull(srcPath, "srcPath");
        Objects.requireNonNull(destPath, "destPath");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, but was " + bytes);
        }
    }
}
