package dev.agentcollab.core.service.board;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.RecordSet;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Unfiltered pages of message folders read from the read model's sorted views: the cost is the page plus a
 * logarithmic seek, whatever the folders hold, instead of parsing every record as {@link ListEngine} does. It
 * answers exactly what {@link ListEngine#run} would (same {@code count}, {@code matched}, order, window and
 * {@code next}) and is used only for queries without filters (no {@code since}, {@code until}, {@code agent},
 * {@code type}, {@code via} or {@code q}); the others take the general path. Stateless and thread safe.
 */
final class RecordPages {
    private RecordPages() {}

    /**
     * Whether a query can be answered from the views.
     *
     * @param q the query
     * @return {@code true} when it has no filter a message listing honours
     */
    static boolean unfiltered(ListQuery q) {
        return q.since().isEmpty()
                && q.until().isEmpty()
                && q.agent().isEmpty()
                && q.type().isEmpty()
                && q.via().isEmpty()
                && q.q().isEmpty();
    }

    /**
     * One page of the union of folders, deduplicated by filename (the first folder's copy wins).
     *
     * @param reads the read model
     * @param folders the folders, in precedence order
     * @param query an unfiltered query
     * @param spec the listing's spec
     * @return the page, or empty when a folder has subfolders (then the general path answers)
     */
    static Optional<Page<MessageRecord>> page(
            ReadModel reads, List<String> folders, ListQuery query, ListEngine.Spec spec) {
        List<RecordSet> views = new ArrayList<>();
        for (String f : folders) {
            Optional<ReadModel.Records> r = reads.records(f);
            if (r.isEmpty()) {
                return Optional.empty();
            }
            views.add(r.get());
        }
        return Optional.of(page(views, query, spec));
    }

    /**
     * One page of the union of record sets, deduplicated by filename (the first set's copy wins).
     *
     * @param views the sets, in precedence order (at most two)
     * @param query an unfiltered query
     * @param spec the listing's spec
     * @return the page
     */
    static Page<MessageRecord> page(List<RecordSet> views, ListQuery query, ListEngine.Spec spec) {
        int count = count(views);
        boolean descending = query.order().orElse(spec.defaultOrder()) == SortOrder.DESC;
        List<Iterator<String>> its = new ArrayList<>();
        List<String> heads = new ArrayList<>();
        for (RecordSet v : views) {
            Iterator<String> it =
                    v.filenames(query.after().orElse(null), query.before().orElse(null), descending);
            its.add(it);
            heads.add(it.hasNext() ? it.next() : null);
        }
        int limit = ListEngine.effectiveLimit(query, spec);
        List<StoredDoc> window = new ArrayList<>();
        while (limit <= 0 || window.size() <= limit) {
            int pick = -1;
            for (int i = 0; i < heads.size(); i++) {
                String h = heads.get(i);
                if (h != null
                        && (pick < 0
                                || (descending
                                        ? h.compareTo(heads.get(pick)) > 0
                                        : h.compareTo(heads.get(pick)) < 0))) {
                    pick = i;
                }
            }
            if (pick < 0) {
                break;
            }
            String filename = heads.get(pick);
            for (int i = 0; i < heads.size(); i++) {
                if (filename.equals(heads.get(i))) { // the same record in a later folder: skip that copy
                    heads.set(i, its.get(i).hasNext() ? its.get(i).next() : null);
                }
            }
            views.get(pick).load(filename).ifPresent(window::add);
        }
        Optional<String> next = Optional.empty();
        if (limit > 0 && window.size() > limit) {
            window = window.subList(0, limit);
            next = Optional.of(window.get(limit - 1).filename());
        }
        List<MessageRecord> items = window.stream().map(StoredDoc::record).toList();
        return new Page<>(count, count, items, next);
    }

    /** Records in the union: the sum less the filenames present in several folders (checked from the smallest). */
    private static int count(List<RecordSet> views) {
        int sum = 0;
        for (RecordSet v : views) {
            sum += v.count();
        }
        if (views.size() == 2) {
            RecordSet small = views.get(0).count() <= views.get(1).count() ? views.get(0) : views.get(1);
            RecordSet large = small == views.get(0) ? views.get(1) : views.get(0);
            for (Iterator<String> it = small.filenames(null, null, false); it.hasNext(); ) {
                if (large.contains(it.next())) {
                    sum--;
                }
            }
        } else if (views.size() > 2) {
            throw new IllegalArgumentException("at most two folders");
        }
        return sum;
    }
}
