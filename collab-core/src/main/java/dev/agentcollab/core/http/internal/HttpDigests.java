package dev.agentcollab.core.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.board.Digest;
import dev.agentcollab.api.board.DigestQuery;
import dev.agentcollab.api.board.Digests;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Digests} over {@code GET /v1/digest}. The fixed fields decode into {@link Digest}; every other top-level
 * field (leaderboard, recent results, stats, sections added by other features) lands in
 * {@link Digest#sections()} as plain JSON values (maps, lists, strings, numbers). Thread safe.
 */
public final class HttpDigests implements Digests {
    private static final Set<String> FIXED = Set.of("agents", "taskforces", "recent_messages", "inbox", "generated_at");
    private final HttpTransport http;

    /**
     * Creates the feature.
     *
     * @param http the transport
     */
    public HttpDigests(HttpTransport http) {
        this.http = http;
    }

    @Override
    public Digest get(DigestQuery query) {
        Map<String, Object> params = new LinkedHashMap<>();
        query.as().ifPresent(v -> params.put("as", v));
        query.since().ifPresent(v -> params.put("since", v));
        JsonNode node = http.get("/v1/digest", params, Types.of(JsonNode.class));
        try {
            return decode(node);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CollabException(ErrorCode.UPSTREAM_ERROR, "malformed digest: " + e.getMessage(), null, null, e);
        }
    }

    static Digest decode(JsonNode node) {
        var mapper = Json.mapper();
        Map<String, Object> sections = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!FIXED.contains(e.getKey())) {
                sections.put(e.getKey(), mapper.convertValue(e.getValue(), Object.class));
            }
        }
        JsonNode inbox = node.path("inbox");
        List<MessageRecord> recent =
                mapper.convertValue(node.path("recent_messages"), Types.listOf(MessageRecord.class));
        return new Digest(
                mapper.convertValue(node.path("agents"), Digest.Newest.class),
                mapper.convertValue(node.path("taskforces"), Digest.Newest.class),
                recent == null ? List.of() : recent,
                inbox.isObject() ? Optional.of(mapper.convertValue(inbox, Digest.Inbox.class)) : Optional.empty(),
                sections,
                node.path("generated_at").asText(""));
    }
}
