package dev.agentcollab.api.sync;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * What a sync copied.
 *
 * @param dest the destination folder: {@code artifacts/<slug>_<agent>/} or {@code shared_resources/<dest_path>}
 * @param files the copied files, ascending by source path (empty when the source folder is empty or missing)
 * @param bytesCopied the total size
 */
public record SyncReceipt(String dest, List<SyncedFile> files, @JsonProperty("bytes_copied") long bytesCopied) {
    /** Validates the receipt and copies the list. */
    public SyncReceipt {
        Objects.requireNonNull(dest, "dest");
        files = List.copyOf(files);
        if (bytesCopied < 0) {
            throw new IllegalArgumentException("bytesCopied must be >= 0, but was " + bytesCopied);
        }
    }
}
