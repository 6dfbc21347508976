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
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.RecordSet;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

    /**
     * Builds the board's channel and thread index of a read model ahead of the first request (start-up).
     *
     * @param reads the service's read model
     */
    public static void warm(ReadModel reads) {
        BoardIndex.warm(reads);
    }

    /**
     * Creates the board's index of a read model with a snapshot file, before any request (start-up): its first
     * build then reads only the messages the snapshot does not confirm (docs/storage-design.md §7).
     *
     * @param reads the service's read model
     * @param snapshot the snapshot file, or empty for none
     */
    public static void openIndex(ReadModel reads, Optional<Path> snapshot) {
        BoardIndex.open(reads, Objects.requireNonNull(snapshot, "snapshot"));
        TextIndexes.open(reads, snapshot.map(TextIndexes::directory));
    }

    /**
     * Loads the {@code q} text index of each folder searched before the restart, from the snapshots saved beside
     * the board index's (start-up, in the background); nothing without a snapshot file (docs/storage-design.md §7).
     *
     * @param reads the service's read model
     */
    public static void warmText(ReadModel reads) {
        TextIndexes.warm(reads);
    }

    /**
     * Writes the board index's snapshot, when it has one, after any background save (shutdown), and the text
     * indexes' (a text index that cannot be written is logged).
     *
     * @param reads the service's read model
     * @throws java.io.UncheckedIOException when the board index's cannot be written
     */
    public static void saveIndex(ReadModel reads) {
        BoardIndex index = BoardIndex.of(reads);
        try {
            TextIndexes.save(reads);
            index.awaitSave();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        index.save();
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
        return BoardIndex.of(ctx.reads()).summaries().orElseGet(() -> Channels.summaries(reads.board()));
    }

    @Override
    public Page<MessageRecord> channel(String channel, ListQuery query) {
        String name = Names.channel(channel);
        if (RecordPages.unfiltered(query)) {
            Optional<RecordSet> indexed = BoardIndex.of(ctx.reads()).channel(name);
            if (indexed.isPresent()) {
                return RecordPages.page(List.of(indexed.get()), query, spec());
            }
        } else {
            Optional<Page<MessageRecord>> indexed = reads.indexed(query, spec(), Optional.of(name));
            if (indexed.isPresent()) {
                return indexed.get();
            }
        }
        List<StoredDoc> inChannel = new ArrayList<>(); // the board has subfolders: every message is read
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
        Optional<List<String>> indexed = BoardIndex.of(ctx.reads()).replies(root.filename());
        Optional<ReadModel.Records> board = ctx.reads().records(Folders.BOARD);
        List<StoredDoc> candidates;
        if (indexed.isPresent() && board.isPresent()) { // only the thread's messages are read
            candidates = new ArrayList<>();
            for (String f : indexed.get()) {
                board.get().load(f).ifPresent(candidates::add);
            }
        } else {
            candidates = reads.board();
        }
        for (StoredDoc d : candidates) {
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
