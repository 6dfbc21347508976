package dev.agentcollab.core.service.board;

import dev.agentcollab.api.board.Board;
import dev.agentcollab.api.board.ChannelSummary;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.board.MessageThread;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The board for one caller: posting through {@link MessagePromoter}, reads through the service's read model
 * (every write visible to the next read). Thread safe.
 */
public final class DefaultBoard implements Board {
    private final ServiceContext ctx;
    private final CallContext caller;
    private final MessagePromoter promoter;
    private final BoardReads reads;

    /**
     * Creates the feature for one caller.
     *
     * @param ctx the service context
     * @param caller the caller
     */
    public DefaultBoard(ServiceContext ctx, CallContext caller) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.caller = Objects.requireNonNull(caller, "caller");
        this.promoter = new MessagePromoter(ctx);
        this.reads = new BoardReads(ctx);
    }

    @Override
    public PostReceipt post(MessagePost post) {
        Objects.requireNonNull(post, "post");
        return ctx.idempotency().run(caller, "board.post", post, PostReceipt.class, () -> promoter.post(post, caller));
    }

    @Override
    public Page<MessageRecord> messages(ListQuery query) {
        return reads.boardPage(query, spec());
    }

    @Override
    public MessageRecord message(String filename) {
        return load(filename).record();
    }

    private StoredDoc load(String filename) {
        String f = ReplyTarget.leafName(filename);
        return ctx.reads().document(Folders.BOARD + f).orElseThrow(() -> CollabException.notFound(Folders.BOARD + f));
    }

    @Override
    public Page<MessageRecord> inbox(String handle, ListQuery query) {
        return reads.inboxPage(handle, query, spec());
    }

    @Override
    public List<ChannelSummary> channels() {
        return Channels.summaries(reads.board());
    }

    @Override
    public Page<MessageRecord> channel(String channel, ListQuery query) {
        String name = Names.channel(channel);
        List<StoredDoc> inChannel = new ArrayList<>();
        for (StoredDoc d : reads.board()) {
            if (d.doc().text("channel").equals(name)) {
                inChannel.add(d);
            }
        }
        return ListEngine.run(BoardReads.items(inChannel), query, spec());
    }

    @Override
    public MessageThread thread(String filename) {
        StoredDoc start = load(filename);
        String rootName = start.doc().text("thread");
        StoredDoc root = rootName.isEmpty() ? start : load(rootName);
        List<MessageRecord> replies = new ArrayList<>();
        Set<String> participants = new LinkedHashSet<>();
        participants.add(Names.agentFromFilename(root.filename()));
        for (StoredDoc d : reads.board()) {
            if (d.doc().text("thread").equals(root.filename())) {
                replies.add(d.record());
                participants.add(Names.agentFromFilename(d.filename()));
            }
        }
        return new MessageThread(root.record(), replies, List.copyOf(participants));
    }

    private ListEngine.Spec spec() {
        return ListEngine.Spec.messages(ctx.config().expandMaxLimit());
    }
}
