package dev.agentcollab.api.taskforce;

import java.util.Objects;

/**
 * The answer to a contribution.
 *
 * @param kind {@code note} or {@code file}
 * @param filename the note's leaf filename, or the named file's dest path
 * @param via {@code bucket} or {@code raw}
 * @param path the full central path
 */
public record ContributionReceipt(String kind, String filename, String via, String path) {
    /** Checks for nulls. */
    public ContributionReceipt {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(path, "path");
    }
}
