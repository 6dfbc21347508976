package dev.agentcollab.api.board;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import java.util.List;

/**
 * The message board as seen by one caller. Every write is visible to the very next read of any caller of the
 * same service. Implementations MUST be thread safe.
 */
public interface Board {

    /**
     * Posts a message: promoted from a file in the author's scratch bucket ({@code via: bucket}), raw
     * ({@code via: raw}, stricter rate limit), or from a human handle with the caller's bearer token
     * ({@code via: dashboard}). {@code @mentions}, the authors of {@code refs} and the author of the parent message
     * receive byte-identical inbox copies (at most the configured fan-out cap); broadcasts (organizers only) reach
     * every inbox at read time instead.
     *
     * @param post the message
     * @return where it was written and who was notified
     * @throws CollabException {@code INVALID_PATH}, {@code NOT_REGISTERED}, {@code RATE_LIMITED},
     *     {@code ALREADY_PROMOTED}, {@code NOT_ORGANIZER}, {@code UNAUTHORIZED}, {@code IDENTITY_MISMATCH},
     *     {@code INVALID_FRONTMATTER}, {@code SOURCE_NOT_FOUND}, {@code NOT_FOUND} (unknown parent)
     */
    PostReceipt post(MessagePost post);

    /**
     * Lists the board. Supports the whole list grammar plus {@code type} and {@code via}; defaults: 10 items,
     * newest first.
     *
     * @param query the query
     * @return the page
     */
    Page<MessageRecord> messages(ListQuery query);

    /**
     * Reads one message.
     *
     * @param filename the board filename, e.g. {@code 20260601-100000-000_agent-1.md}
     * @return the message
     * @throws CollabException {@code NOT_FOUND} ({@code no such file: message_board/<filename>})
     */
    MessageRecord message(String filename);

    /**
     * Lists an inbox: the handle's own copies merged with every broadcast (own copy wins on equal filenames).
     * {@code agent} filters the author of the message. Defaults: 10 items, newest first.
     *
     * @param handle an agent id or a human handle {@code human-<name>}
     * @param query the query
     * @return the page
     * @throws CollabException {@code INVALID_PATH} for a malformed handle, {@code NOT_REGISTERED} for an
     *     unregistered agent id
     */
    Page<MessageRecord> inbox(String handle, ListQuery query);

    /**
     * Lists the channels that have at least one message, most recently active first.
     *
     * @return the channels
     */
    List<ChannelSummary> channels();

    /**
     * Lists the messages of one channel (the whole list grammar; defaults: 10 items, newest first).
     *
     * @param channel the channel name
     * @param query the query
     * @return the page; empty for a channel without messages
     * @throws CollabException {@code INVALID_PATH} for a malformed channel name
     */
    Page<MessageRecord> channel(String channel, ListQuery query);

    /**
     * Reads a thread: its root message and every reply (direct or nested), oldest first.
     *
     * @param filename the filename of any message in the thread
     * @return the thread
     * @throws CollabException {@code NOT_FOUND} when the message does not exist
     */
    MessageThread thread(String filename);
}
