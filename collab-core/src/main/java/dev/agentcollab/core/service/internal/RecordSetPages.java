package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pages of record sets without filters: a merge of at most two sorted sets from the cursor, loading only the
 * page's records, so the cost is the page plus a seek per set, whatever the sets hold. It answers exactly what
 * {@link ListEngine#run} answers for a query without filters over the union (same {@code count}, {@code matched},
 * order, window and {@code next}); callers check that the query has none of the filters their listing honours.
 * Stateless and thread safe.
 */
public final class RecordSetPages {
    private RecordSetPages() {}

    /**
     * One page of the union of record sets, deduplicated by filename (the first set's copy wins).
     *
     * @param views the sets, in precedence order (at most two)
     * @param query a query without filters
     * @param spec the listing's spec
     * @param value how to make the API value of a record
     * @param <T> the value type
     * @return the page
     */
    public static <T> Page<T> page(
            List<RecordSet> views, ListQuery query, ListEngine.Spec spec, Function<StoredDoc, T> value) {
        return page(views, count(views), query, spec, value);
    }

    /**
     * One page of the union of record sets whose size the caller knows (e.g. cached while the sets are unchanged).
     *
     * @param views the sets, in precedence order (at most two)
     * @param count the union's size, {@link #count}
     * @param query a query without filters
     * @param spec the listing's spec
     * @param value how to make the API value of a record
     * @param <T> the value type
     * @return the page
     */
    public static <T> Page<T> page(
            List<RecordSet> views, int count, ListQuery query, ListEngine.Spec spec, Function<StoredDoc, T> value) {
        return page(views, count, count, query, spec, filename -> true, value);
    }

    /**
     * One page of the records whose filename passes a test that needs no record's content (e.g. a state kept in an
     * index), loading only the page's records: it answers what {@link ListEngine#run} answers with that test as its
     * extra filter and no other filter.
     *
     * @param views the sets, in precedence order (at most two)
     * @param count the union's size, {@link #count}
     * @param matched how many records of the union pass the test
     * @param query a query without the listing's filters
     * @param spec the listing's spec
     * @param keep the test, by filename
     * @param value how to make the API value of a record
     * @param <T> the value type
     * @return the page
     */
    public static <T> Page<T> page(
            List<RecordSet> views,
            int count,
            int matched,
            ListQuery query,
            ListEngine.Spec spec,
            java.util.function.Predicate<String> keep,
            Function<StoredDoc, T> value) {
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
            if (keep.test(filename)) {
                views.get(pick).load(filename).ifPresent(window::add);
            }
        }
        Optional<String> next = Optional.empty();
        if (limit > 0 && window.size() > limit) {
            window = window.subList(0, limit);
            next = Optional.of(window.get(limit - 1).filename());
        }
        List<T> items = window.stream().map(value).toList();
        return new Page<>(count, matched, items, next);
    }

    /**
     * Records in the union of at most two sets: the sum less the filenames present in both (the smaller set's names
     * looked up in the larger).
     *
     * @param views the sets
     * @return the union's size
     */
    public static int count(List<RecordSet> views) {
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
