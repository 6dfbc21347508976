package dev.agentcollab.api.taskforce;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentcollab.api.board.MessageRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One taskforce in full.
 *
 * @param name the taskforce
 * @param creator the creating agent
 * @param created when it was created, {@code YYYY-MM-DD HH:MM UTC}; empty (JSON {@code null}) when the README has
 *     no {@code created} key
 * @param updated when its README was last updated
 * @param readme the README record (filename {@code README.md})
 * @param contributors the creator, then the other contributors ascending
 * @param fileCount every file in its folder
 * @param noteCount {@code .md} files other than the README
 * @param recentNotes up to 5 notes, newest first
 */
public record TaskforceDetail(
        String name,
        String creator,
        Optional<String> created,
        Optional<String> updated,
        MessageRecord readme,
        List<String> contributors,
        @JsonProperty("file_count") int fileCount,
        @JsonProperty("note_count") int noteCount,
        @JsonProperty("recent_notes") List<MessageRecord> recentNotes) {
    /** Checks for nulls and copies the lists. */
    public TaskforceDetail {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(creator, "creator");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(readme, "readme");
        contributors = List.copyOf(contributors);
        recentNotes = List.copyOf(recentNotes);
    }
}
