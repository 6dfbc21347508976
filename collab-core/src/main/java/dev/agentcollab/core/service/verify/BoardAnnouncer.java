package dev.agentcollab.core.service.verify;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.core.service.internal.AuditEvent;
import dev.agentcollab.core.service.internal.Document;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import dev.agentcollab.core.service.internal.Recipients;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.Stamps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Posts a server message on the board ({@code via: server}), fanned out to mentioned agents and the authors of its
 * refs exactly like any message: one atomic batch of the board file and its byte-identical inbox copies, then an
 * audit row. Used by the verifier to announce verdicts. Thread safe (stateless).
 */
final class BoardAnnouncer {
    private final ServiceContext ctx;

    BoardAnnouncer(ServiceContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    /**
     * Posts a message.
     *
     * @param author the posting identity (the verifier agent)
     * @param type the message type, e.g. {@code verification}
     * @param body the markdown body
     * @param refs filenames the message refers to
     * @return the board filename
     */
    String post(String author, String type, String body, List<String> refs) {
        return post(
                author,
                type,
                body,
                refs,
                new Audit("/v1/messages", 201, Map.of()),
                CallContext.anonymous(),
                f -> f,
                List.of());
    }

    /**
     * How a post is audited: the route that caused it, the status it answered, and facts beside the delivered
     * mentions.
     *
     * @param route the audit row's route
     * @param status the audit row's status
     * @param extras further facts for the row, in order
     */
    record Audit(String route, int status, Map<String, Object> extras) {}

    /**
     * Posts a message as the write of a caller's request, with further operations in its batch: the message, the
     * operations, the request's audit row and idempotency record are one commit.
     *
     * @param author the posting identity
     * @param type the message type
     * @param body the markdown body
     * @param refs filenames the message refers to
     * @param audit the audit row's route, status and facts
     * @param caller the caller whose request this is
     * @param result the request's result, given the board filename
     * @param also operations committed with the message (e.g. the verification index's new content)
     * @return the board filename
     */
    String post(
            String author,
            String type,
            String body,
            List<String> refs,
            Audit audit,
            CallContext caller,
            Function<String, Object> result,
            List<BatchOp> also) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("type", type);
        fm.put("refs", List.copyOf(refs));
        fm.put("agent", author);
        fm.put("timestamp", Stamps.yaml(ctx.now()));
        fm.put("via", "server");
        byte[] bytes = FrontmatterCodec.bytes(Document.of(fm, body));
        String filename = ctx.filenames().allocate("message_board/", author, ctx.now());
        try {
            List<String> recipients = Recipients.extract(
                    body,
                    refs,
                    List.of(),
                    author,
                    id -> ctx.agents().isListed(id),
                    ctx.config().mentionFanoutCap());
            List<BatchOp> batch = new ArrayList<>();
            batch.add(BatchOp.put("message_board/" + filename, bytes));
            for (String r : recipients) {
                batch.add(BatchOp.put("inbox/" + r + "/" + filename, bytes));
            }
            Map<String, Object> extras = new LinkedHashMap<>(audit.extras());
            if (!recipients.isEmpty()) {
                extras.put("mentions_delivered", recipients);
            }
            ctx.commits()
                    .commitNew(
                            batch,
                            also,
                            new AuditEvent(
                                    author,
                                    audit.route(),
                                    "server",
                                    "",
                                    "message_board/" + filename,
                                    bytes.length,
                                    audit.status(),
                                    extras),
                            caller,
                            result.apply(filename));
        } finally {
            ctx.filenames().release("message_board/", filename);
        }
        return filename;
    }
}
