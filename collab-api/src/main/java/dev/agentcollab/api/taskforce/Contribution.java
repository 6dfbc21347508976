package dev.agentcollab.api.taskforce;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.Optional;

/**
 * A contribution to a taskforce ({@code POST /v1/taskforces/<name>/files}). Exactly one variant:
 *
 * <ul>
 *   <li>{@code source} + {@code destPath}: a <b>named file</b> copied verbatim to {@code taskforces/<name>/<dest>};
 *       the dest path must contain {@code _<agent_id>};
 *   <li>{@code source} alone: a <b>bucket note</b>, stamped;
 *   <li>{@code agentId} + {@code body} (+ optional {@code type}): a <b>raw note</b>, stamped.
 * </ul>
 *
 * @param source the file's {@code hf://buckets/...} URI
 * @param destPath the destination for a named file
 * @param agentId the author of a raw note
 * @param body the raw note's body
 * @param type the raw note's type (default {@code note})
 */
public record Contribution(
        Optional<String> source,
        @JsonProperty("dest_path") Optional<String> destPath,
        @JsonProperty("agent_id") Optional<String> agentId,
        Optional<String> body,
        Optional<String> type) {

    /**
     * Checks the variant.
     *
     * @throws CollabException {@code INVALID_REQUEST} for an invalid combination
     */
    public Contribution {
        source = source == null ? Optional.empty() : source;
        destPath = destPath == null ? Optional.empty() : destPath;
        agentId = agentId == null ? Optional.empty() : agentId;
        body = body == null ? Optional.empty() : body;
        type = type == null ? Optional.empty() : type;
        boolean hasRaw = agentId.isPresent() || body.isPresent();
        if (source.isPresent() == hasRaw) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "provide exactly one of `source` or `body`+`agent_id`");
        }
        if (hasRaw && (agentId.isEmpty() || body.isEmpty())) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "raw variant requires both `agent_id` and `body`");
        }
        if (destPath.isPresent() && source.isEmpty()) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "`dest_path` requires `source`");
        }
        if (destPath.isPresent() && type.isPresent()) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "`type` applies to notes, not to named files");
        }
    }

    /**
     * A named file.
     *
     * @param sourceUri the file in the contributor's bucket
     * @param destPath where to put it inside the taskforce
     * @return the contribution
     */
    public static Contribution file(String sourceUri, String destPath) {
        return new Contribution(
                Optional.of(sourceUri), Optional.of(destPath), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A note promoted from the contributor's bucket.
     *
     * @param sourceUri the note in the contributor's bucket
     * @return the contribution
     */
    public static Contribution note(String sourceUri) {
        return new Contribution(
                Optional.of(sourceUri), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A raw note.
     *
     * @param agentId the author
     * @param body the body
     * @return the contribution
     */
    public static Contribution rawNote(String agentId, String body) {
        return new Contribution(
                Optional.empty(), Optional.empty(), Optional.of(agentId), Optional.of(body), Optional.empty());
    }
}
