package dev.agentcollab.api.board;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param mentionsNotDelivered the body's {@code @mentions} that reached no inbox, with the reason, in the order
 *     written (an extension; omitted from the wire when empty)
 */
public record PostReceipt(
        String filename,
        String via,
        String path,
        @JsonProperty("mentions_delivered") List<String> mentionsDelivered,
        boolean broadcast,
        Optional<String> channel,
        Optional<String> thread,
        @JsonProperty("mentions_not_delivered") @JsonInclude(JsonInclude.Include.NON_EMPTY)
                List<MentionMiss> mentionsNotDelivered) {
    /** Checks for nulls and copies the lists; a receipt read without {@code mentions_not_delivered} has none. */
    public PostReceipt {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(path, "path");
        mentionsDelivered = List.copyOf(mentionsDelivered);
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(thread, "thread");
        mentionsNotDelivered = mentionsNotDelivered == null ? List.of() : List.copyOf(mentionsNotDelivered);
    }

    /**
     * A receipt whose mentions all arrived.
     *
     * @param filename the board filename
     * @param via how it arrived
     * @param path the central path
     * @param mentionsDelivered the handles that received an inbox copy
     * @param broadcast whether it was a broadcast
     * @param channel the channel
     * @param thread the thread's root
     */
    public PostReceipt(
            String filename,
            String via,
            String path,
            List<String> mentionsDelivered,
            boolean broadcast,
            Optional<String> channel,
            Optional<String> thread) {
        this(filename, via, path, mentionsDelivered, broadcast, channel, thread, List.of());
    }
}
