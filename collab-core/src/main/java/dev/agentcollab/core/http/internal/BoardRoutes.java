package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.board.DigestQuery;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.core.http.CollabSessions;
import java.util.List;

/**
 * Routes of anchor §5 and §6 (messages, inboxes, digest) plus the channel and thread extensions
 * ({@code /v1/channels}, {@code /v1/channels/{channel}}, {@code /v1/threads/{filename}}).
 */
public final class BoardRoutes {
    /**
     * The most bytes of serialised inbox pages kept for pollers: an agent polling an unchanged inbox gets the
     * same page object from the service, and then the kept bytes and {@code ETag} ({@link RenderedResponses}).
     */
    static final long INBOX_RESPONSES_MAX_BYTES = 16L * 1024 * 1024;

    /**
     * The most bytes of the serialised channel list kept: the service returns the same list while no channel
     * changed, and then the kept bytes and {@code ETag} are served.
     */
    static final long CHANNEL_LIST_RESPONSES_MAX_BYTES = 4L * 1024 * 1024;

    private BoardRoutes() {}

    /** An inbox request as sent: the owner as written in the path and the parsed query. */
    private record InboxKey(String handle, ListQuery query) {}

    /**
     * Adds the routes.
     *
     * @param b the router builder
     * @param sessions where per-request views come from
     */
    public static void register(Router.Builder b, CollabSessions sessions) {
        b.post("/v1/messages", call -> {
            JsonBody body = call.json();
            MessagePost post = new MessagePost(
                    body.string("source"),
                    body.string("agent_id"),
                    body.string("body"),
                    body.string("type"),
                    body.string("refs"),
                    body.bool("broadcast", false),
                    body.string("channel"),
                    body.string("parent"));
            call.json(201, sessions.session(call.context()).board().post(post));
        });
        b.get("/v1/messages", call -> {
            ListQuery q = ListQueries.parse(call.query(), List.of());
            var page = sessions.session(call.context()).board().messages(q);
            call.json(200, Pages.toWire(page, q.expand(), MessageRecord::filename));
        });
        b.get(
                "/v1/messages/{filename}",
                call -> call.json(200, sessions.session(call.context()).board().message(call.param("filename"))));
        RenderedResponses<InboxKey> inboxes = new RenderedResponses<>(INBOX_RESPONSES_MAX_BYTES);
        b.get("/v1/inbox/{handle}", call -> {
            ListQuery q = ListQueries.parse(call.query(), List.of());
            String handle = call.param("handle");
            var page = sessions.session(call.context()).board().inbox(handle, q);
            call.json(
                    200,
                    inboxes.render(
                            new InboxKey(handle, q),
                            page,
                            () -> Pages.toWire(page, q.expand(), MessageRecord::filename)));
        });
        b.get("/v1/digest", call -> {
            DigestQuery q =
                    new DigestQuery(call.query().string("as"), call.query().string("since"));
            call.json(200, sessions.session(call.context()).digest().get(q));
        });
        RenderedResponses<String> channelLists = new RenderedResponses<>(CHANNEL_LIST_RESPONSES_MAX_BYTES);
        b.get("/v1/channels", call -> {
            var channels = sessions.session(call.context()).board().channels();
            call.json(200, channelLists.render("channels", channels, () -> channels));
        });
        b.get("/v1/channels/{channel}", call -> {
            ListQuery q = ListQueries.parse(call.query(), List.of());
            var page = sessions.session(call.context()).board().channel(call.param("channel"), q);
            call.json(200, Pages.toWire(page, q.expand(), MessageRecord::filename));
        });
        b.get(
                "/v1/threads/{filename}",
                call -> call.json(200, sessions.session(call.context()).board().thread(call.param("filename"))));
    }
}
