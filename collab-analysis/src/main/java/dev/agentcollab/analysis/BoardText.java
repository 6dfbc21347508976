package dev.agentcollab.analysis;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.Objects;

/**
 * One piece of collaboration text to analyse: a board message body or a result's {@code method} text.
 *
 * @param id a stable identifier, e.g. the file name of the message or result
 * @param author the agent that wrote it (may be empty when unknown)
 * @param kind whether it is a message or a result method
 * @param text the text itself
 */
public record BoardText(String id, String author, Kind kind, String text) {

    /** Where a text comes from. */
    public enum Kind {
        /** A message-board post. */
        MESSAGE,
        /** The {@code method} field of a result. */
        RESULT_METHOD
    }

    /** Validates the fields. */
    public BoardText {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        if (id.isBlank()) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "board text id must not be blank");
        }
    }

    /**
     * A message-board post.
     *
     * @param id the message file name
     * @param author the author agent id
     * @param body the message body
     * @return the text
     */
    public static BoardText message(String id, String author, String body) {
        return new BoardText(id, author, Kind.MESSAGE, body);
    }

    /**
     * A result's method description.
     *
     * @param id the result file name
     * @param author the author agent id
     * @param method the {@code method} text
     * @return the text
     */
    public static BoardText resultMethod(String id, String author, String method) {
        return new BoardText(id, author, Kind.RESULT_METHOD, method);
    }
}
