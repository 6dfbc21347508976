package dev.agentcollab.api.taskforce;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One taskforce in a listing.
 *
 * @param name the taskforce
 * @param creator the creating agent
 * @param created when it was created, {@code YYYY-MM-DD HH:MM UTC}; empty (JSON {@code null}) when the README has
 *     no {@code created} key
 * @param readmeExcerpt the first non-blank, non-heading README line (at most 160 characters)
 * @param contributors the creator, then the other contributors ascending
 * @param fileCount every file in its folder, README included
 * @param noteCount {@code .md} files other than the README
 * @param lastActivity the newest stamped note's stamp, {@code YYYYMMDD-HHmmss-mmm}
 */
public record TaskforceSummary(
        String name,
        String creator,
        Optional<String> created,
        @JsonProperty("readme_excerpt") String readmeExcerpt,
        List<String> contributors,
        @JsonProperty("file_count") int fileCount,
        @JsonProperty("note_count") int noteCount,
        @JsonProperty("last_activity") Optional<String> lastActivity) {
    /** Checks for nulls and copies the list. */
    public TaskforceSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(creator, "creator");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(readmeExcerpt, "readmeExcerpt");
        contributors = List.copyOf(contributors);
        Objects.requireNonNull(lastActivity, "lastActivity");
    }
}
