package dev.agentcollab.api.board;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The catch-up digest. The board-owned parts are typed; parts contributed by other features (the leaderboard,
 * recent results, token statistics: wire keys {@code leaderboard}, {@code recent_results}, {@code stats}) arrive
 * in {@link #sections()}, JSON-ready values keyed by their wire name, and are written at the top level on the
 * wire.
 *
 * @param agents registration count and the 5 newest agent ids
 * @param taskforces taskforce count and the 5 newest names
 * @param recentMessages up to 20 board messages, newest first, {@code since}-filtered
 * @param inbox the reader's inbox when {@code as} was given
 * @param sections contributed sections by wire key
 * @param generatedAt when the digest was built, {@code YYYY-MM-DDTHH:MM:SS.mmmZ}
 */
public record Digest(
        Newest agents,
        Newest taskforces,
        @JsonProperty("recent_messages") List<MessageRecord> recentMessages,
        Optional<Inbox> inbox,
        @JsonIgnore Map<String, Object> sections,
        @JsonProperty("generated_at") String generatedAt) {

    /** Checks for nulls and copies the collections (sections keep their order). */
    public Digest {
        Objects.requireNonNull(agents, "agents");
        Objects.requireNonNull(taskforces, "taskforces");
        recentMessages = List.copyOf(recentMessages);
        Objects.requireNonNull(inbox, "inbox");
        sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
        Objects.requireNonNull(generatedAt, "generatedAt");
    }

    /**
     * The contributed sections, flattened into the JSON object.
     *
     * @return the sections by wire key
     */
    @JsonAnyGetter
    public Map<String, Object> wireSections() {
        return sections;
    }

    /**
     * A count with the newest few names.
     *
     * @param count how many exist
     * @param newest up to 5 of the newest, newest first
     */
    public record Newest(int count, List<String> newest) {
        /** Validates the count and copies the list. */
        public Newest {
            if (count < 0) {
                throw new IllegalArgumentException("count must be >= 0, but was " + count);
            }
            newest = List.copyOf(newest);
        }
    }

    /**
     * The reader's inbox section.
     *
     * @param count the inbox size (after {@code since}), broadcasts included
     * @param items up to 10 newest messages
     */
    public record Inbox(int count, List<MessageRecord> items) {
        /** Validates the count and copies the list. */
        public Inbox {
            if (count < 0) {
                throw new IllegalArgumentException("count must be >= 0, but was " + count);
            }
            items = List.copyOf(items);
        }
    }
}
