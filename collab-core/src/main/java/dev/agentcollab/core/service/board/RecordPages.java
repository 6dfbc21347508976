package dev.agentcollab.core.service.board;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.RecordSet;
import dev.agentcollab.core.service.internal.RecordSetPages;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.ArrayList;
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
        return RecordSetPages.page(views, query, spec, StoredDoc::record);
    }
}
