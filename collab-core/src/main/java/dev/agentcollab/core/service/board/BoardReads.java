package dev.agentcollab.core.service.board;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.RecordSet;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Read-side helpers shared by the board and the digest. Thread safe (stateless). */
final class BoardReads {
    private final ServiceContext ctx;

    BoardReads(ServiceContext ctx) {
        this.ctx = ctx;
    }

    /** Every board message, ascending by filename, READMEs excluded. */
    List<StoredDoc> board() {
        return records(Folders.BOARD);
    }

    /** Markdown records under a folder, READMEs excluded. */
    List<StoredDoc> records(String folder) {
        List<StoredDoc> out = new ArrayList<>();
        for (StoredDoc d : ctx.reads().documents(folder)) {
            if (!d.filename().equalsIgnoreCase("README.md")) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * The inbox union: the handle's copies plus every broadcast, deduped by filename (own copy wins), ascending.
     *
     * @throws CollabException {@code INVALID_PATH}, {@code NOT_REGISTERED}
     */
    List<StoredDoc> inbox(String handle) {
        String h = registered(handle);
        Map<String, StoredDoc> union = new TreeMap<>();
        for (StoredDoc d : records(Folders.BROADCASTS)) {
            union.put(d.filename(), d);
        }
        for (StoredDoc d : records(Folders.inbox(h))) {
            union.put(d.filename(), d);
        }
        return List.copyOf(union.values());
    }

    /**
     * The normalised handle of an inbox owner.
     *
     * @throws CollabException {@code INVALID_PATH}, {@code NOT_REGISTERED}
     */
    String registered(String handle) {
        String h = Names.agentId(handle);
        if (!Names.isHumanHandle(h) && !ctx.agents().isRegistered(h)) {
            throw CollabException.of(
                    ErrorCode.NOT_REGISTERED,
                    "agent '" + h + "' is not registered",
                    "register first via POST /v1/agents/register");
        }
        return h;
    }

    /** A page of the board: from the sorted view when the query has no filters, else by the list engine. */
    Page<MessageRecord> boardPage(ListQuery query, ListEngine.Spec spec) {
        Optional<Page<MessageRecord>> fast = RecordPages.unfiltered(query)
                ? RecordPages.page(ctx.reads(), List.of(Folders.BOARD), query, spec)
                : RecordPages.unfiltered(withoutAgent(query)) ? byAuthor(query, spec) : Optional.empty();
        return fast.orElseGet(() -> ListEngine.run(items(board()), query, spec));
    }

    /** A page filtered by author only, from the board index's author set: {@code matched} is the set's size. */
    private Optional<Page<MessageRecord>> byAuthor(ListQuery query, ListEngine.Spec spec) {
        String author = Names.agentId(query.agent().orElseThrow());
        Optional<RecordSet> set = BoardIndex.of(ctx.reads()).author(author);
        Optional<ReadModel.Records> board = ctx.reads().records(Folders.BOARD);
        if (set.isEmpty() || board.isEmpty()) {
            return Optional.empty();
        }
        Page<MessageRecord> p = RecordPages.page(List.of(set.get()), withoutAgent(query), spec);
        return Optional.of(new Page<>(board.get().count(), p.matched(), p.items(), p.next()));
    }

    private static ListQuery withoutAgent(ListQuery q) {
        return new ListQuery(
                q.since(),
                q.until(),
                Optional.empty(),
                q.type(),
                q.via(),
                q.status(),
                q.verification(),
                q.q(),
                q.expand(),
                q.limit(),
                q.order(),
                q.after(),
                q.before(),
                q.match());
    }

    /**
     * A page of an inbox (own copies, then broadcasts), like {@link #boardPage}; an unfiltered page comes from
     * {@link InboxPages}, the same instance while the inbox does not change.
     */
    Page<MessageRecord> inboxPage(String handle, ListQuery query, ListEngine.Spec spec) {
        String h = registered(handle);
        Optional<Page<MessageRecord>> fast = RecordPages.unfiltered(query)
                ? InboxPages.of(ctx.reads()).page(ctx.reads(), h, query, spec)
                : Optional.empty();
        return fast.orElseGet(() -> ListEngine.run(items(inbox(h)), query, spec));
    }

    static List<ListEngine.Item<MessageRecord>> items(List<StoredDoc> docs) {
        return ListEngine.items(docs, StoredDoc::record);
    }
}
