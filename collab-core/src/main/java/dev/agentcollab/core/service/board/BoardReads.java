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
import dev.agentcollab.core.service.internal.RecordSetPages;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /**
     * A page of the board: from the sorted view when the query has no filters, else walked from the board index
     * ({@link FilteredPages}); by the list engine over every record only when the board has subfolders.
     */
    Page<MessageRecord> boardPage(ListQuery query, ListEngine.Spec spec) {
        Optional<Page<MessageRecord>> fast = RecordPages.unfiltered(query)
                ? RecordPages.page(ctx.reads(), List.of(Folders.BOARD), query, spec)
                : indexed(query, spec, Optional.empty());
        return fast.orElseGet(() -> ListEngine.run(items(board()), query, spec));
    }

    /**
     * A filtered page of the board, or of one channel, from the board index: the set the filters select (channel,
     * author, {@code type}, {@code via}: one key's set, or the kept intersection of two or more, else the smallest of
     * their sets; the whole board when none) is walked within the time range and checked against the others;
     * {@code q} adds the text index's candidates as one more set (a needle of three characters or more) and reads the
     * candidates to verify them. When a single set is selected and no other filter asked, it is exactly the matches:
     * {@code matched} is its size and only the page is walked.
     *
     * @param query a query with filters
     * @param spec the listing's spec
     * @param channel the normalised channel, or empty for the whole board
     * @return the page, or empty when the board has subfolders (then the caller scans)
     */
    Optional<Page<MessageRecord>> indexed(ListQuery query, ListEngine.Spec spec, Optional<String> channel) {
        ListEngine.predicate(query, spec); // rejects a malformed bound before any index is read, as a scan would
        Optional<ReadModel.Records> board = ctx.reads().records(Folders.BOARD);
        if (board.isEmpty()) {
            return Optional.empty();
        }
        BoardIndex index = BoardIndex.of(ctx.reads());
        Set<ListEngine.Filter> f = spec.filters();
        Optional<String> author =
                query.agent().filter(a -> f.contains(ListEngine.Filter.AGENT)).map(Names::agentId);
        Optional<String> type = query.type().filter(t -> f.contains(ListEngine.Filter.TYPE));
        Optional<String> via = query.via().filter(v -> f.contains(ListEngine.Filter.VIA));
        Optional<RecordSet> channelSet = channel.flatMap(index::channel);
        if (channel.isPresent() && channelSet.isEmpty()) {
            return Optional.empty();
        }
        int count = channelSet.map(RecordSet::count).orElseGet(board.get()::count);
        List<Optional<RecordSet>> selected = new ArrayList<>();
        int keys = (channel.isPresent() ? 1 : 0)
                + (author.isPresent() ? 1 : 0)
                + (type.isPresent() ? 1 : 0)
                + (via.isPresent() ? 1 : 0);
        Optional<RecordSet> combined = keys >= 2 ? index.combination(channel, author, type, via) : Optional.empty();
        if (combined.isPresent()) { // the kept intersection of the keys' sets
            selected.add(combined);
        } else {
            channelSet.ifPresent(c -> selected.add(channelSet));
            author.ifPresent(a -> selected.add(index.author(a)));
            type.ifPresent(t -> selected.add(index.type(t)));
            via.ifPresent(v -> selected.add(index.via(v)));
        }
        List<RecordSet> sets = new ArrayList<>();
        for (Optional<RecordSet> s : selected) {
            if (s.isEmpty()) {
                return Optional.empty();
            }
            sets.add(s.get());
        }
        boolean q = f.contains(ListEngine.Filter.Q) && query.q().isPresent();
        if (q) {
            textCandidates(Folders.BOARD, board.get(), query.q().get()).ifPresent(sets::add);
        }
        if (sets.isEmpty()) {
            sets.add(board.get());
        }
        RecordSet driver = sets.remove(FilteredPages.smallest(sets));
        if (!q && sets.isEmpty() && byIndexSetsOnly(query, f)) { // one set, exactly the matches: only the page walked
            return Optional.of(FilteredPages.pageOfKnownSize(
                    List.of(driver), List.of(driver), count, driver.count(), query, spec));
        }
        return Optional.of(FilteredPages.page(List.of(driver), sets, count, query, spec, q));
    }

    /**
     * A page of an inbox (own copies, then broadcasts): an unfiltered page from {@link InboxPages}, the same
     * instance while the inbox does not change, computed from the views; a filtered one by a walk of the two views
     * within the time range ({@code type}, {@code via} or both walk each folder's records of those values from its
     * {@link FieldIndex}, and, when no other filter is asked, only up to the page's end, {@code matched} being the
     * two sets' sizes; {@code q} walks only the text indexes' candidates of the two folders and reads them);
     * {@code count} from {@link InboxCounts}.
     */
    Page<MessageRecord> inboxPage(String handle, ListQuery query, ListEngine.Spec spec) {
        String h = registered(handle);
        Optional<Page<MessageRecord>> page = RecordPages.unfiltered(query)
                ? InboxPages.of(ctx.reads()).page(ctx.reads(), h, query, spec, () -> fromViews(h, query, spec))
                : fromViews(h, query, spec);
        return page.orElseGet(() -> ListEngine.run(items(inbox(h)), query, spec)); // a folder has subfolders
    }

    /** An inbox page from the two folders' views; empty when a folder has subfolders. */
    private Optional<Page<MessageRecord>> fromViews(String h, ListQuery query, ListEngine.Spec spec) {
        Optional<ReadModel.Records> own = ctx.reads().records(Folders.inbox(h));
        Optional<ReadModel.Records> all = ctx.reads().records(Folders.BROADCASTS);
        if (own.isEmpty() || all.isEmpty()) {
            return Optional.empty();
        }
        List<RecordSet> sources = List.of(own.get(), all.get());
        int count = InboxCounts.of(ctx.reads()).count(Folders.inbox(h), own.get(), all.get());
        if (RecordPages.unfiltered(query)) {
            return Optional.of(RecordSetPages.page(sources, count, query, spec, StoredDoc::record));
        }
        Set<ListEngine.Filter> f = spec.filters();
        boolean q = f.contains(ListEngine.Filter.Q) && query.q().isPresent();
        Optional<String> type = query.type().filter(t -> f.contains(ListEngine.Filter.TYPE));
        Optional<String> via = query.via().filter(v -> f.contains(ListEngine.Filter.VIA));
        boolean read = type.isPresent() || via.isPresent() || q;
        List<RecordSet> walks = sources;
        if (q) {
            Optional<RecordSet> ownHits =
                    textCandidates(Folders.inbox(h), own.get(), query.q().get());
            Optional<RecordSet> allHits =
                    textCandidates(Folders.BROADCASTS, all.get(), query.q().get());
            if (ownHits.isPresent() && allHits.isPresent()) {
                walks = List.of(ownHits.get(), allHits.get());
            }
        } else if (read) { // type, via or both: each folder's records of those values, exact
            Optional<RecordSet> ownKeyed = keyed(Folders.inbox(h), type, via);
            Optional<RecordSet> allKeyed = keyed(Folders.BROADCASTS, type, via);
            if (ownKeyed.isPresent() && allKeyed.isPresent()) {
                walks = List.of(ownKeyed.get(), allKeyed.get());
                read = false;
                if (onlyTypeOrVia(query, f)) {
                    // the two sets are the matches: matched is their sizes less the broadcasts the inbox shadows
                    int matched = ownKeyed.get().count()
                            + allKeyed.get().count()
                            - InboxCounts.of(ctx.reads())
                                    .overlapIn(Folders.inbox(h), own.get(), all.get(), allKeyed.get());
                    return Optional.of(FilteredPages.pageOfKnownSize(sources, walks, count, matched, query, spec));
                }
            }
        }
        return Optional.of(FilteredPages.page(sources, walks, List.of(), count, query, spec, read));
    }

    /** Whether a query asks for no filter but {@code type}, {@code via} and {@code q} (the caller checks those). */
    private static boolean onlyTypeOrVia(ListQuery query, Set<ListEngine.Filter> f) {
        return byIndexSetsOnly(query, f)
                && !(f.contains(ListEngine.Filter.AGENT) && query.agent().isPresent());
    }

    /**
     * Whether a query asks for no filter that the board index's sets do not answer (stamp bounds, {@code status},
     * {@code match}); the caller checks {@code q}.
     */
    private static boolean byIndexSetsOnly(ListQuery query, Set<ListEngine.Filter> f) {
        return !(f.contains(ListEngine.Filter.STAMP)
                        && (query.since().isPresent() || query.until().isPresent()))
                && !(f.contains(ListEngine.Filter.STATUS) && query.status().isPresent())
                && !(f.contains(ListEngine.Filter.MATCH) && !query.match().isEmpty());
    }

    /**
     * A folder's records of the asked {@code type}, {@code via} or both, from its {@link FieldIndex}: exactly the
     * records with those values; empty when the folder has subfolders.
     */
    private Optional<RecordSet> keyed(String folder, Optional<String> type, Optional<String> via) {
        FieldIndex index = FieldIndex.of(ctx.reads(), folder);
        if (type.isPresent() && via.isPresent()) {
            return index.typeAndVia(type.get(), via.get());
        }
        return type.isPresent() ? type.flatMap(index::type) : via.flatMap(index::via);
    }

    /**
     * The records of a folder that may match a {@code q} needle, from the folder's text index (a superset of the
     * matches, which the page verifies); empty when the needle is shorter than a gram, and every record is a
     * candidate.
     */
    private Optional<RecordSet> textCandidates(String folder, ReadModel.Records view, String needle) {
        return TextIndexes.of(ctx.reads(), folder).candidates(needle, view);
    }

    static List<ListEngine.Item<MessageRecord>> items(List<StoredDoc> docs) {
        return ListEngine.items(docs, StoredDoc::record);
    }
}
