package dev.agentcollab.api.taskforce;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates or updates a taskforce ({@code POST /v1/taskforces}): a name plus exactly one of {@code source} (a
 * markdown README in the creator's bucket) or {@code agentId}+{@code body} (raw).
 *
 * @param name the taskforce name (validated by the service)
 * @param source the README's {@code hf://buckets/...} URI
 * @param agentId the creator (raw variant)
 * @param body the README body (raw variant)
 */
public record TaskforcePost(
        String name,
        Optional<String> source,
        @JsonProperty("agent_id") Optional<String> agentId,
        Optional<String> body) {

    /**
     * Checks that exactly one variant is given.
     *
     * @throws CollabException {@code INVALID_REQUEST} otherwise
     */
    public TaskforcePost {
        Objects.requireNonNull(name, "name");
        source = source == null ? Optional.empty() : source;
        agentId = agentId == null ? Optional.empty() : agentId;
        body = body == null ? Optional.empty() : body;
        boolean raw = agentId.isPresent() && body.isPresent();
        if (source.isPresent() == (agentId.isPresent() || body.isPresent()) || (source.isEmpty() && !raw)) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "provide exactly one of `source` or `body`+`agent_id`");
        }
    }

    /**
     * A README promoted from the creator's bucket.
     *
     * @param name the taskforce
     * @param sourceUri the README's URI
     * @return the post
     */
    public static TaskforcePost fromSource(String name, String sourceUri) {
        return new TaskforcePost(name, Optional.of(sourceUri), Optional.empty(), Optional.empty());
    }

    /**
     * A raw README.
     *
     * @param name the taskforce
     * @param agentId the creator
     * @param body the README body
     * @return the post
     */
    public static TaskforcePost raw(String name, String agentId, String body) {
        return new TaskforcePost(name, Optional.empty(), Optional.of(agentId), Optional.of(body));
    }
}
