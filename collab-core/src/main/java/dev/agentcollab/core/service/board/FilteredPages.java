package dev.agentcollab.core.service.board;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.RecordSet;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Filtered pages of message listings walked from sorted sets instead of parsing every record: the union of one or
 * two sources (a folder's view, or the smallest index set that the filters select) is walked within the
 * {@code since}/{@code until} range only (a seek: filenames start with their UTC stamp, so the range is a slice of
 * the sorted set), each candidate is kept when every other selected index set holds it and its filename passes the
 * stamp and author filters, and only the records that must be read are loaded: the page's, and, when a filter is
 * not answered by the sets alone ({@code q}, whose text index gives a superset to verify, or the second of
 * {@code type} and {@code via} over an inbox, whose folders are walked from the rarer value's set), the candidates'.
 *
 * <p>Cost: O(log n + c·k·log n) comparisons, where c is the number of candidates (the smallest selected set's
 * records within the time range) and k the number of other selected sets, plus one load per page record and, for
 * a filter without an index, one load (from the content cache, parsed once per content) per candidate. It answers
 * exactly what {@link ListEngine#run} answers over every record of the listing (same {@code count},
 * {@code matched}, order, window and {@code next}): {@code matched} is counted over the candidates, which is why
 * the whole range is walked and not only the page. Stateless and thread safe.
 */
final class FilteredPages {
    private FilteredPages() {}

    /**
     * One page.
     *
     * @param sources the sets whose union is listed, in precedence order (the first set's copy of a filename wins),
     *     at most two; for a listing narrowed by index sets, the smallest of them
     * @param required further index sets every listed record must be in
     * @param count the listing's {@code count}: how many records it holds before filtering
     * @param query the query
     * @param spec the listing's spec
     * @param readRecords whether a filter needs the record's content (one the sets do not answer)
     * @return the page
     * @throws dev.agentcollab.api.error.CollabException {@code INVALID_QUERY} for a malformed time bound
     */
    static Page<MessageRecord> page(
            List<RecordSet> sources,
            List<RecordSet> required,
            int count,
            ListQuery query,
            ListEngine.Spec spec,
            boolean readRecords) {
        return page(sources, sources, required, count, query, spec, readRecords);
    }

    /**
     * One page walked from subsets of the sources: each source's candidates for a filter (the records of a text
     * index's answer), in the same order. A name walked from one source's candidates is skipped when an earlier
     * source holds it but not among its candidates: that source's copy wins, and it does not pass the filter.
     *
     * @param sources the sets whose union is listed, in precedence order, at most two
     * @param walks for each source, the subset of it that is walked (the source itself when not narrowed)
     * @param required further index sets every listed record must be in
     * @param count the listing's {@code count}
     * @param query the query
     * @param spec the listing's spec
     * @param readRecords whether a filter needs the record's content
     * @return the page
     * @throws dev.agentcollab.api.error.CollabException {@code INVALID_QUERY} for a malformed time bound
     */
    static Page<MessageRecord> page(
            List<RecordSet> sources,
            List<RecordSet> walks,
            List<RecordSet> required,
            int count,
            ListQuery query,
            ListEngine.Spec spec,
            boolean readRecords) {
        checkSources(sources, walks);
        boolean stamps = spec.filters().contains(ListEngine.Filter.STAMP);
        Optional<String> since = stamps ? query.since().map(v -> Stamps.parseBound("since", v)) : Optional.empty();
        Optional<String> until = stamps ? query.until().map(v -> Stamps.parseBound("until", v)) : Optional.empty();
        Optional<String> agent =
                spec.filters().contains(ListEngine.Filter.AGENT) ? query.agent().map(Names::agentId) : Optional.empty();
        Predicate<ListEngine.Item<MessageRecord>> all = ListEngine.predicate(query, spec);
        boolean descending = query.order().orElse(spec.defaultOrder()) == SortOrder.DESC;
        String lo = since.map(FilteredPages::justBelow).orElse(null);
        String hi = until.map(u -> u + Character.MAX_VALUE).orElse(null);
        String after = query.after().orElse(null);
        String before = query.before().orElse(null);
        int limit = ListEngine.effectiveLimit(query, spec);
        int matched = 0;
        List<StoredDoc> window = new ArrayList<>();
        for (Merge m = new Merge(walks, lo, hi, descending); m.hasNext(); ) {
            String f = m.next();
            String stamp = Stamps.stampOf(f);
            if ((since.isPresent() && stamp.compareTo(since.get()) < 0)
                    || (until.isPresent() && stamp.compareTo(until.get()) > 0)
                    || (agent.isPresent() && !Names.agentFromFilename(f).equals(agent.get()))
                    || !inAll(required, f)
                    || shadowed(sources, walks, m.owner(), f)) {
                continue;
            }
            StoredDoc doc = null;
            if (readRecords) {
                doc = sources.get(m.owner()).load(f).orElse(null);
                if (doc == null || !all.test(item(doc))) {
                    continue;
                }
            }
            matched++;
            boolean inWindow = (after == null || f.compareTo(after) > 0) && (before == null || f.compareTo(before) < 0);
            if (inWindow && (limit <= 0 || window.size() <= limit)) {
                if (doc == null) {
                    doc = sources.get(m.owner()).load(f).orElse(null);
                }
                if (doc != null) {
                    window.add(doc);
                }
            }
        }
        return done(count, matched, window, limit);
    }

    /**
     * One page of a listing whose {@code matched} the caller knows (from the sizes of the walked sets), so only the
     * cursor's window is walked, and only until the page is full: for walks that are exactly the records that pass
     * every filter asked (no stamp bounds, no {@code agent}, nothing to read), e.g. an inbox's records of one
     * {@code type} from each folder's {@link FieldIndex}. A name walked from one source's subset is skipped when an
     * earlier source holds it but not in its subset, as in {@link #page(List, List, List, int, ListQuery,
     * ListEngine.Spec, boolean)}.
     *
     * @param sources the sets whose union is listed, in precedence order, at most two
     * @param walks for each source, its records that pass the filters
     * @param count the listing's {@code count}
     * @param matched how many records of the union pass the filters
     * @param query the query (its filters are the walks'; its cursor, order and limit are applied here)
     * @param spec the listing's spec
     * @return the page
     */
    static Page<MessageRecord> pageOfKnownSize(
            List<RecordSet> sources,
            List<RecordSet> walks,
            int count,
            int matched,
            ListQuery query,
            ListEngine.Spec spec) {
        checkSources(sources, walks);
        boolean descending = query.order().orElse(spec.defaultOrder()) == SortOrder.DESC;
        int limit = ListEngine.effectiveLimit(query, spec);
        List<StoredDoc> window = new ArrayList<>();
        Merge m = new Merge(walks, query.after().orElse(null), query.before().orElse(null), descending);
        while (m.hasNext() && (limit <= 0 || window.size() <= limit)) {
            String f = m.next();
            if (!shadowed(sources, walks, m.owner(), f)) {
                sources.get(m.owner()).load(f).ifPresent(window::add);
            }
        }
        return done(count, matched, window, limit);
    }

    /** One or two sources, each with the subset of it that is walked. */
    private static void checkSources(List<RecordSet> sources, List<RecordSet> walks) {
        if (sources.isEmpty() || sources.size() > 2 || walks.size() != sources.size()) {
            throw new IllegalArgumentException("one or two sources, not " + sources.size());
        }
    }

    /** The page of a window walked one record past the limit: cut to the limit, with the cursor to the next. */
    private static Page<MessageRecord> done(int count, int matched, List<StoredDoc> window, int limit) {
        Optional<String> next = Optional.empty();
        if (limit > 0 && window.size() > limit) {
            window = window.subList(0, limit);
            next = Optional.of(window.get(limit - 1).filename());
        }
        return new Page<>(count, matched, window.stream().map(StoredDoc::record).toList(), next);
    }

    /**
     * The smallest set of some, first on ties.
     *
     * @param sets the sets
     * @return the index of the smallest
     */
    static int smallest(List<RecordSet> sets) {
        int best = 0;
        for (int i = 1; i < sets.size(); i++) {
            if (sets.get(i).count() < sets.get(best).count()) {
                best = i;
            }
        }
        return best;
    }

    /** Whether a source before the owner holds the name outside its walked subset (its copy wins, and fails). */
    private static boolean shadowed(List<RecordSet> sources, List<RecordSet> walks, int owner, String filename) {
        for (int j = 0; j < owner; j++) {
            if (walks.get(j) != sources.get(j) && sources.get(j).contains(filename)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inAll(List<RecordSet> sets, String filename) {
        for (RecordSet s : sets) {
            if (!s.contains(filename)) {
                return false;
            }
        }
        return true;
    }

    private static ListEngine.Item<MessageRecord> item(StoredDoc d) {
        return new ListEngine.Item<>(d.filename(), Names.agentFromFilename(d.filename()), d.doc(), d.record());
    }

    /**
     * An exclusive lower bound just below a 19-character stamp: every filename whose stamp is at least it sorts
     * after, and nothing that can be a record's filename (no {@code /}) sorts between (candidates are checked
     * against the exact stamp anyway).
     */
    private static String justBelow(String stamp) {
        int last = stamp.length() - 1;
        return stamp.substring(0, last) + (char) (stamp.charAt(last) - 1) + Character.MAX_VALUE;
    }

    /** The union of one or two sorted filename iterators, deduplicated, remembering which set gave each name. */
    private static final class Merge implements Iterator<String> {
        private final List<Iterator<String>> its = new ArrayList<>();
        private final String[] heads;
        private final boolean descending;
        private int owner = -1;

        Merge(List<RecordSet> sets, String lo, String hi, boolean descending) {
            this.descending = descending;
            this.heads = new String[sets.size()];
            for (int i = 0; i < sets.size(); i++) {
                Iterator<String> it = sets.get(i).filenames(lo, hi, descending);
                its.add(it);
                heads[i] = it.hasNext() ? it.next() : null;
            }
        }

        @Override
        public boolean hasNext() {
            for (String h : heads) {
                if (h != null) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String next() {
            int pick = -1;
            for (int i = 0; i < heads.length; i++) {
                String h = heads[i];
                if (h != null
                        && (pick < 0 || (descending ? h.compareTo(heads[pick]) > 0 : h.compareTo(heads[pick]) < 0))) {
                    pick = i;
                }
            }
            if (pick < 0) {
                throw new java.util.NoSuchElementException();
            }
            String name = heads[pick];
            for (int i = 0; i < heads.length; i++) {
                if (name.equals(heads[i])) {
                    heads[i] = its.get(i).hasNext() ? its.get(i).next() : null;
                }
            }
            owner = pick;
            return name;
        }

        /** The set that gave the last name (the first in precedence order that holds it). */
        int owner() {
            return owner;
        }
    }
}
