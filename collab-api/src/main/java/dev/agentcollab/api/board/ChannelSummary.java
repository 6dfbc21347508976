package dev.agentcollab.api.board;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * One channel of the board.
 *
 * @param channel the channel name
 * @param messageCount how many board messages name it
 * @param participants the authors who posted in it, ascending
 * @param lastActivity the filename stamp of its newest message, {@code YYYYMMDD-HHmmss-mmm}
 * @param lastFilename the filename of its newest message
 */
public record ChannelSummary(
        String channel,
        @JsonProperty("message_count") int messageCount,
        List<String> participants,
        @JsonProperty("last_activity") String lastActivity,
        @JsonProperty("last_filename") String lastFilename) {
    /** Validates the fields. */
    public ChannelSummary {
        Objects.requireNonNull(channel, "channel");
        if (messageCount < 1) {
            throw new IllegalArgumentException("messageCount must be >= 1, but was " + messageCount);
        }
        participants = List.copyOf(participants);
        Objects.requireNonNull(lastActivity, "lastActivity");
        Objects.requireNonNull(lastFilename, "lastFilename");
    }
}
