package dev.agentcollab.core.service.board;

import dev.agentcollab.api.board.MentionMiss;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.core.service.internal.AuditEvent;
import dev.agentcollab.core.service.internal.Document;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.PromotionDedup;
import dev.agentcollab.core.service.internal.Recipients;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.Sources;
import dev.agentcollab.core.service.internal.Stamps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Posts messages (§5): checks in the reference order, stamps, fans out byte-identical inbox copies or writes the
 * broadcast copy, the durable dedup claim and the audit transaction record, all in one atomic batch. Thread safe (stateless).
 */
final class MessagePromoter {
    private static final String ROUTE = "/v1/messages";
    private static final String HUMAN_HINT = "the dashboard forwards the signed-in user's OAuth token";

    private final ServiceContext ctx;

    MessagePromoter(ServiceContext ctx) {
        this.ctx = ctx;
    }

    /**
     * A validated message ready to be written.
     *
     * @param target where a raw post goes, resolved before its rate-limit token is taken; empty for a source post,
     *     whose file may name the channel and parent
     */
    private record Draft(
            String author,
            String via,
            Document doc,
            String source,
            Optional<String> sha256,
            boolean broadcast,
            Optional<ReplyTarget> target) {}

    PostReceipt post(MessagePost post, CallContext caller) {
        ReplyTarget.validateShape(post.channel(), post.parent());
        Draft draft = post.source().isPresent() ? fromSource(post, caller) : raw(post, caller);
        // Held until the record: a concurrent post of the same source bytes waits, then gets ALREADY_PROMOTED.
        Optional<PromotionDedup.Claim> claim =
                draft.sha256().map(h -> ctx.dedup().claim(h, "message_board"));
        try {
            ReplyTarget target;
            if (draft.target().isPresent()) {
                target = draft.target().get();
            } else {
                // a source post's file may name the channel and parent, so they are checked after the file is
                // read, which comes after the bucket-write token; a refused reply gives the token back. Request
                // fields win over the file's keys, which are then neither used nor checked.
                try {
                    Optional<String> channel = post.channel().or(() -> fileKey(draft, "channel"));
                    Optional<String> parent = post.parent().or(() -> fileKey(draft, "parent"));
                    ReplyTarget.validateShape(channel, parent);
                    target = ReplyTarget.resolve(ctx.reads(), channel, parent);
                } catch (CollabException e) {
                    ctx.releaseBucketWrite(draft.author());
                    throw e;
                }
            }
            return write(draft, target, caller, claim);
        } finally {
            claim.ifPresent(PromotionDedup.Claim::close);
        }
    }

    private static Optional<String> fileKey(Draft draft, String key) {
        return fileKey(draft.doc(), key);
    }

    private static Optional<String> fileKey(Document doc, String key) {
        String v = doc.text(key);
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private Draft fromSource(MessagePost post, CallContext caller) {
        if (post.broadcast()) {
            throw CollabException.of(ErrorCode.NOT_ORGANIZER, "only organizers can broadcast");
        }
        Sources.Resolved src = Sources.resolve(post.source().orElseThrow(), ctx.config());
        ctx.requireAgentWriter(src.agentId(), caller);
        ctx.limitBucketWrite(src.agentId());
        Sources.SourceFile file = Sources.read(ctx.store(), src, ctx.config().sourceMaxBytes());
        Document doc = FrontmatterCodec.parse(file.text());
        if (doc.frontmatter().containsKey("broadcast")) {
            throw CollabException.of(
                    ErrorCode.NOT_ORGANIZER,
                    "only organizers can broadcast",
                    "remove `broadcast` from the frontmatter");
        }
        Map<String, Object> fm = new LinkedHashMap<>(doc.frontmatter());
        // The reference's setdefault: only an absent key takes the default; `type: null` stays as written.
        if (!fm.containsKey("type")) {
            fm.put("type", "agent");
        }
        post.refs().ifPresent(r -> fm.put("refs", r));
        return new Draft(
                src.agentId(),
                "bucket",
                Document.of(fm, doc.body()),
                src.uri(),
                Optional.of(file.sha256()),
                false,
                Optional.empty());
    }

    private Draft raw(MessagePost post, CallContext caller) {
        String author = Names.agentId(post.agentId().orElseThrow());
        String via;
        String defaultType;
        if (Names.isHumanHandle(author)) {
            HfIdentity user = ctx.whoami(caller, HUMAN_HINT);
            String org = ctx.config().org();
            if (!user.memberOf(org)) {
                throw CollabException.of(
                        ErrorCode.IDENTITY_MISMATCH,
                        ctx.userNoun() + " '" + user.name() + "' is not a member of '" + org + "'");
            }
            if (!author.equals(user.handle())) {
                throw CollabException.of(
                        ErrorCode.IDENTITY_MISMATCH,
                        "handle '" + author + "' does not belong to " + ctx.userNoun() + " '" + user.name() + "'",
                        "post as '" + user.handle() + "'");
            }
            if (post.broadcast()) {
                ctx.organizers().requireOrganizer(user);
            }
            via = "dashboard";
            defaultType = "user";
        } else {
            if (post.broadcast()) {
                throw CollabException.of(ErrorCode.NOT_ORGANIZER, "only organizers can broadcast");
            }
            ctx.requireAgentWriter(author, caller);
            via = "raw";
            defaultType = "agent";
        }
        // A reply to a missing message or into another channel is refused before the scarce raw token is spent.
        ReplyTarget target = ReplyTarget.resolve(ctx.reads(), post.channel(), post.parent());
        ctx.rawMessages().acquire(author);
        Map<String, Object> fm = new LinkedHashMap<>();
        // The reference's `req.type or default`: an empty type takes the default too.
        fm.put("type", post.type().filter(t -> !t.isEmpty()).orElse(defaultType));
        post.refs().ifPresent(r -> fm.put("refs", r));
        return new Draft(
                author,
                via,
                Document.of(fm, post.body().orElseThrow()),
                "",
                Optional.empty(),
                post.broadcast(),
                Optional.of(target));
    }

    private PostReceipt write(
            Draft draft, ReplyTarget target, CallContext caller, Optional<PromotionDedup.Claim> claim) {
        Map<String, Object> stamps = new LinkedHashMap<>();
        stamps.put("agent", draft.author());
        stamps.put("timestamp", Stamps.yaml(ctx.now()));
        stamps.put("via", draft.via());
        target.channel().ifPresent(c -> stamps.put("channel", c));
        target.parent().ifPresent(p -> stamps.put("parent", p));
        target.thread().ifPresent(t -> stamps.put("thread", t));
        if (draft.broadcast()) {
            stamps.put("broadcast", true);
        }
        Document doc = draft.doc().merged(stamps);
        if (target.parent().isEmpty()) {
            Map<String, Object> fm = new LinkedHashMap<>(doc.frontmatter());
            fm.remove("parent");
            fm.remove("thread");
            if (target.channel().isEmpty()) {
                fm.remove("channel");
            }
            doc = Document.of(fm, doc.body());
        }
        byte[] bytes = FrontmatterCodec.bytes(doc);
        String filename = ctx.filenames().allocate(Folders.BOARD, draft.author(), ctx.now());
        PostReceipt receipt;
        try {
            List<BatchOp> batch = new ArrayList<>();
            batch.add(BatchOp.put(Folders.BOARD + filename, bytes));
            List<String> recipients = List.of();
            List<MentionMiss> misses = List.of();
            if (draft.broadcast()) {
                batch.add(BatchOp.put(Folders.BROADCASTS + filename, bytes));
            } else {
                Recipients.Delivery delivery = Recipients.deliver(
                        doc.body(),
                        doc.frontmatter().get("refs"),
                        target.parentAuthor().stream().toList(),
                        draft.author(),
                        id -> ctx.agents().isListed(id),
                        ctx.config().mentionFanoutCap());
                recipients = delivery.recipients();
                misses = delivery.misses();
                for (String r : recipients) {
                    batch.add(BatchOp.put(Folders.inbox(r) + filename, bytes));
                }
            }
            claim.ifPresent(c -> batch.add(c.op(filename, Folders.BOARD + filename)));
            Map<String, Object> extras = new LinkedHashMap<>();
            if (!recipients.isEmpty()) {
                extras.put("mentions_delivered", recipients);
            }
            if (draft.broadcast()) {
                extras.put("broadcast", true);
            }
            target.channel().ifPresent(c -> extras.put("channel", c));
            target.thread().ifPresent(t -> extras.put("thread", t));
            receipt = new PostReceipt(
                    filename,
                    draft.via(),
                    Folders.BOARD + filename,
                    recipients,
                    draft.broadcast(),
                    target.channel(),
                    target.thread(),
                    misses);
            ctx.commits()
                    .commitNew(
                            batch,
                            new AuditEvent(
                                    draft.author(),
                                    ROUTE,
                                    draft.via(),
                                    draft.source(),
                                    Folders.BOARD + filename,
                                    bytes.length,
                                    201,
                                    extras),
                            caller,
                            receipt);
        } finally {
            ctx.filenames().release(Folders.BOARD, filename);
        }
        claim.ifPresent(c -> c.record(filename));
        return receipt;
    }
}
