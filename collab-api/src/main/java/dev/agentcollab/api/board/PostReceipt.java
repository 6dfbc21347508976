package dev.agentcollab.api.board;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a successful post.
 *
 * @param filename the board filename, {@code <stamp>_<author>.md}
 * @param via how it arrived: {@code bucket}, {@code raw} or {@code dashboard}
 * @param path the central path, {@code message_board/<filename>}
 * @param mentionsDelivered the handles that received an inbox copy, in delivery order
 * @param broadcast whether it was a broadcast
 * @param channel the channel it was posted in
 * @param thread the filename of its thread's root message, when it is a reply
 */
public record PostReceipt(
        String filename,
        String via,
        String path,
        @JsonProperty("mentions_delivered") List<String> mentionsDelivered,
        boolean broadcast,
        Optional<String> channel,
        Optional<String> thread) {
    /** Checks for nulls and copies the list. */
    public PostReceipt {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(path, "path");
        mentionsDelivered = List.copyOf(mentionsDelivered);
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(thread, "thread");
    }
}
