package dev.agentcollab.api.taskforce;

import java.util.Objects;

/**
 * The answer to a taskforce create or update.
 *
 * @param name the taskforce
 * @param via {@code bucket} or {@code raw}
 * @param path {@code taskforces/<name>/README.md}
 * @param created {@code true} when this call created it, {@code false} for an update
 */
public record TaskforceReceipt(String name, String via, String path, boolean created) {
    /** Checks for nulls. */
    public TaskforceReceipt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(path, "path");
    }
}
