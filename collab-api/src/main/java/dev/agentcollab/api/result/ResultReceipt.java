package dev.agentcollab.api.result;

import java.util.Objects;

/**
 * Where a promoted result was written.
 *
 * @param filename the leaf filename {@code <stamp>_<agent>.md}
 * @param via always {@code bucket} (results are only promoted from scratch buckets)
 * @param path the central path {@code results/<filename>}
 */
public record ResultReceipt(String filename, String via, String path) {
    /** Checks for nulls. */
    public ResultReceipt {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(path, "path");
    }
}
