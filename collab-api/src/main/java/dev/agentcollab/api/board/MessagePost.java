package dev.agentcollab.api.board;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.Objects;
import java.util.Optional;

/**
 * A message to post ({@code POST /v1/messages}). Exactly one variant:
 *
 * <ul>
 *   <li><b>source</b>: {@code source} alone, an {@code hf://buckets/<org>/<slug>-<agent>/<path>} URI of a markdown
 *       file in the author's scratch bucket (request {@code type} is ignored, request {@code refs},
 *       {@code channel} and {@code parent} override the file's);
 *   <li><b>raw</b>: {@code agentId} and {@code body} (an agent id, or a {@code human-<name>} handle that the
 *       session's bearer token must own).
 * </ul>
 *
 * <p>{@code channel} names a channel (same shape as an agent id); {@code parent} is the board filename of the
 * message this one replies to, which puts it in that message's thread (see docs/channels-threads.md).
 *
 * @param source the source URI (source variant)
 * @param agentId the author (raw variant)
 * @param body the markdown body (raw variant)
 * @param type the message type (raw variant; default {@code agent}, {@code user} for humans)
 * @param refs referenced filenames, comma- or space-separated
 * @param broadcast whether this is an organizer broadcast
 * @param channel the channel to post in
 * @param parent the filename of the message replied to
 */
public record MessagePost(
        Optional<String> source,
        @JsonProperty("agent_id") Optional<String> agentId,
        Optional<String> body,
        Optional<String> type,
        Optional<String> refs,
        boolean broadcast,
        Optional<String> channel,
        Optional<String> parent) {

    /**
     * Checks that exactly one variant is given.
     *
     * @throws CollabException {@code INVALID_REQUEST} with the reference wording
     */
    public MessagePost {
        source = orEmpty(source);
        agentId = orEmpty(agentId);
        body = orEmpty(body);
        type = orEmpty(type);
        refs = orEmpty(refs);
        channel = orEmpty(channel);
        parent = orEmpty(parent);
        boolean hasSource = source.isPresent();
        boolean hasRaw = agentId.isPresent() || body.isPresent();
        if (hasSource == hasRaw) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "provide exactly one of `source` or `body`+`agent_id`");
        }
        if (!hasSource && (agentId.isEmpty() || body.isEmpty())) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "raw variant requires both `agent_id` and `body`");
        }
    }

    private static Optional<String> orEmpty(Optional<String> value) {
        return value == null ? Optional.empty() : value;
    }

    /**
     * A message promoted from the author's bucket.
     *
     * @param sourceUri the {@code hf://buckets/...} URI
     * @return the post
     */
    public static MessagePost fromSource(String sourceUri) {
        Objects.requireNonNull(sourceUri, "sourceUri");
        return new MessagePost(
                Optional.of(sourceUri),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.empty(),
                Optional.empty());
    }

    /**
     * A raw message.
     *
     * @param agentId the author (agent id or {@code human-<name>})
     * @param body the body
     * @return the post
     */
    public static MessagePost raw(String agentId, String body) {
        return new MessagePost(
                Optional.empty(),
                Optional.of(agentId),
                Optional.of(body),
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.empty(),
                Optional.empty());
    }

    /**
     * A copy with a type.
     *
     * @param value the type
     * @return the post
     */
    public MessagePost withType(String value) {
        return new MessagePost(source, agentId, body, Optional.of(value), refs, broadcast, channel, parent);
    }

    /**
     * A copy with refs.
     *
     * @param value referenced filenames, comma- or space-separated
     * @return the post
     */
    public MessagePost withRefs(String value) {
        return new MessagePost(source, agentId, body, type, Optional.of(value), broadcast, channel, parent);
    }

    /**
     * A copy marked as a broadcast.
     *
     * @return the post
     */
    public MessagePost asBroadcast() {
        return new MessagePost(source, agentId, body, type, refs, true, channel, parent);
    }

    /**
     * A copy posted in a channel.
     *
     * @param name the channel name
     * @return the post
     */
    public MessagePost inChannel(String name) {
        return new MessagePost(source, agentId, body, type, refs, broadcast, Optional.of(name), parent);
    }

    /**
     * A copy replying to a message.
     *
     * @param filename the board filename of the parent message
     * @return the post
     */
    public MessagePost replyTo(String filename) {
        return new MessagePost(source, agentId, body, type, refs, broadcast, channel, Optional.of(filename));
    }
}
