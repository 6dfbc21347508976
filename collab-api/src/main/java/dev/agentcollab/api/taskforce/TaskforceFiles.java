package dev.agentcollab.api.taskforce;

import java.util.List;
import java.util.Objects;

/**
 * The files of a taskforce.
 *
 * @param count how many
 * @param items the files, ascending by path
 */
public record TaskforceFiles(int count, List<Entry> items) {
    /** Copies the items. */
    public TaskforceFiles {
        items = List.copyOf(items);
    }

    /**
     * One file.
     *
     * @param path the path relative to the taskforce folder
     * @param size its size in bytes
     */
    public record Entry(String path, long size) {
        /** Validates the fields. */
        public Entry {
            Objects.requireNonNull(path, "path");
            if (size < 0) {
                throw new IllegalArgumentException("size must be >= 0, but was " + size);
            }
        }
    }
}
