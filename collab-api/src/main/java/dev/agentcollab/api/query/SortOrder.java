package dev.agentcollab.api.query;

import java.util.Locale;

/** The order of a listing by filename, which is chronological because filenames start with a UTC stamp. */
public enum SortOrder {
    /** Oldest first. */
    ASC,
    /** Newest first. */
    DESC;

    /**
     * Parses the wire value: {@code desc} (any case, surrounding spaces ignored, where the reference wants exactly
     * {@code desc}; docs/deviations.md) is newest first and every other value is oldest first, as in the reference.
     *
     * @param value the query value
     * @return the order
     */
    public static SortOrder parse(String value) {
        return value != null && value.trim().toLowerCase(Locale.ROOT).equals("desc") ? DESC : ASC;
    }

    /**
     * The wire value.
     *
     * @return {@code asc} or {@code desc}
     */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
