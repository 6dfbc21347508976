package dev.agentcollab.core.http.internal;

import static dev.agentcollab.core.http.internal.HttpTransport.segment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.board.Board;
import dev.agentcollab.api.board.ChannelSummary;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.board.MessageThread;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import java.util.List;
import java.util.Map;

/** {@link Board} over {@code /v1/messages}, {@code /v1/inbox}, {@code /v1/channels} and {@code /v1/threads}. */
public final class HttpBoard implements Board {
    private final HttpTransport http;

    /**
     * Creates the feature.
     *
     * @param http the transport
     */
    public HttpBoard(HttpTransport http) {
        this.http = http;
    }

    @Override
    public PostReceipt post(MessagePost post) {
        return http.post("/v1/messages", post, Types.of(PostReceipt.class));
    }

    @Override
    public Page<MessageRecord> messages(ListQuery query) {
        return page("/v1/messages", query);
    }

    @Override
    public MessageRecord message(String filename) {
        return http.get("/v1/messages/" + segment(filename), Map.of(), Types.of(MessageRecord.class));
    }

    @Override
    public Page<MessageRecord> inbox(String handle, ListQuery query) {
        return page("/v1/inbox/" + segment(handle), query);
    }

    @Override
    public List<ChannelSummary> channels() {
        return http.get("/v1/channels", Map.of(), Types.listOf(ChannelSummary.class));
    }

    @Override
    public Page<MessageRecord> channel(String channel, ListQuery query) {
        return page("/v1/channels/" + segment(channel), query);
    }

    @Override
    public MessageThread thread(String filename) {
        return http.get("/v1/threads/" + segment(filename), Map.of(), Types.of(MessageThread.class));
    }

    private Page<MessageRecord> page(String path, ListQuery query) {
        JsonNode node = http.get(path, ListQueries.toParams(query), Types.of(JsonNode.class));
        return WirePages.read(node, MessageRecord.class, HttpBoard::filenameOnly);
    }

    /**
     * The record an unexpanded listing item becomes: the filename with empty frontmatter and body.
     *
     * @param filename the filename
     * @return the record
     */
    public static MessageRecord filenameOnly(String filename) {
        return new MessageRecord(filename, Map.of(), "");
    }
}
