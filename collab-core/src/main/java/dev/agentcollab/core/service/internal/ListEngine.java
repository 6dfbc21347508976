package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The list-grammar engine (§3): filters, then {@code matched}, then the exclusive {@code after}/{@code before}
 * cursor, then order, then the page slice and {@code next}. Records are identified and ordered by filename
 * (which starts with a UTC stamp, so this is chronological). Stateless and thread safe.
 */
public final class ListEngine {

    /** The filters a listing honours; others in the query are ignored, like unknown query parameters. */
    public enum Filter {
        /** {@code since} and {@code until} on the filename stamp. */
        STAMP,
        /** {@code agent}: the author from the filename. */
        AGENT,
        /** {@code type} equality. */
        TYPE,
        /** {@code via} equality. */
        VIA,
        /** {@code status} equality. */
        STATUS,
        /** {@code match}: further frontmatter equality filters. */
        MATCH,
        /** {@code q}: free text over body and frontmatter. */
        Q
    }

    /**
     * How one listing applies the grammar.
     *
     * @param filters the honoured filters
     * @param defaultLimit the page size when {@code limit} is absent ({@code 0} for none)
     * @param defaultOrder the order when {@code order} is absent
     * @param expandCap the page cap with {@code expand} ({@code EXPAND_MAX_LIMIT})
     */
    public record Spec(Set<Filter> filters, int defaultLimit, SortOrder defaultOrder, int expandCap) {
        /** Copies the filter set. */
        public Spec {
            filters = filters.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(filters));
            Objects.requireNonNull(defaultOrder, "defaultOrder");
        }

        /**
         * The spec of message-like listings: every filter but {@code status}, 10 items, newest first.
         *
         * @param expandCap the expand cap
         * @return the spec
         */
        public static Spec messages(int expandCap) {
            return new Spec(
                    EnumSet.of(Filter.STAMP, Filter.AGENT, Filter.TYPE, Filter.VIA, Filter.Q),
                    10,
                    SortOrder.DESC,
                    expandCap);
        }
    }

    /**
     * One listable record.
     *
     * @param filename the leaf filename (the identity and sort key)
     * @param author the author ({@code agent_from_filename}, or what the listing defines)
     * @param doc the parsed content
     * @param value the API value returned in the page
     * @param <T> the value type
     */
    public record Item<T>(String filename, String author, Document doc, T value) {
        /** Checks for nulls. */
        public Item {
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(author, "author");
            Objects.requireNonNull(doc, "doc");
            Objects.requireNonNull(value, "value");
        }
    }

    private ListEngine() {}

    /**
     * Runs a query.
     *
     * @param items the records, in any order
     * @param query the query
     * @param spec how this listing applies the grammar
     * @param extra a further filter (e.g. the results' verification state), applied before {@code matched}
     * @param <T> the value type
     * @return the page; {@code count} is the number of items given
     */
    public static <T> Page<T> run(List<Item<T>> items, ListQuery query, Spec spec, Predicate<Item<T>> extra) {
        Predicate<Item<T>> filter = ListEngine.<T>filter(query, spec).and(extra);
        List<Item<T>> matched = new ArrayList<>();
        for (Item<T> it : items) {
            if (filter.test(it)) {
                matched.add(it);
            }
        }
        matched.sort(Comparator.comparing(Item::filename));
        List<Item<T>> window = new ArrayList<>();
        for (Item<T> it : matched) {
            boolean afterOk =
                    query.after().map(a -> it.filename().compareTo(a) > 0).orElse(true);
            boolean beforeOk =
                    query.before().map(b -> it.filename().compareTo(b) < 0).orElse(true);
            if (afterOk && beforeOk) {
                window.add(it);
            }
        }
        if (query.order().orElse(spec.defaultOrder()) == SortOrder.DESC) {
            java.util.Collections.reverse(window);
        }
        int limit = effectiveLimit(query, spec);
        Optional<String> next = Optional.empty();
        if (limit > 0 && window.size() > limit) {
            window = window.subList(0, limit);
            next = Optional.of(window.get(limit - 1).filename());
        }
        return new Page<>(
                items.size(), matched.size(), window.stream().map(Item::value).toList(), next);
    }

    /**
     * Runs a query without an extra filter.
     *
     * @param items the records
     * @param query the query
     * @param spec the listing's spec
     * @param <T> the value type
     * @return the page
     */
    public static <T> Page<T> run(List<Item<T>> items, ListQuery query, Spec spec) {
        return run(items, query, spec, it -> true);
    }

    /**
     * Turns stored documents into items authored by {@code agent_from_filename}.
     *
     * @param docs the documents
     * @param value how to make the API value
     * @param <T> the value type
     * @return the items
     */
    public static <T> List<Item<T>> items(List<StoredDoc> docs, Function<StoredDoc, T> value) {
        List<Item<T>> out = new ArrayList<>(docs.size());
        for (StoredDoc d : docs) {
            out.add(new Item<>(d.filename(), Names.agentFromFilename(d.filename()), d.doc(), value.apply(d)));
        }
        return out;
    }

    /**
     * The page size a query gets: the listing default when absent, none when {@code <= 0}; with {@code expand}
     * a limit that is absent, non-positive or above the cap becomes the cap (reference §3).
     *
     * @param query the query
     * @param spec the listing's spec
     * @return the limit, {@code 0} for none
     */
    public static int effectiveLimit(ListQuery query, Spec spec) {
        if (query.expand()) {
            int limit = query.limit().orElse(0);
            return limit <= 0 || limit > spec.expandCap() ? spec.expandCap() : limit;
        }
        return Math.max(query.limit().orElse(spec.defaultLimit()), 0);
    }

    /**
     * The filters of a query as one predicate, as {@link #run} applies them (for callers that walk an index and
     * test only the candidates it gives).
     *
     * @param query the query
     * @param spec the listing's spec
     * @param <T> the value type
     * @return the predicate
     * @throws dev.agentcollab.api.error.CollabException {@code INVALID_QUERY} for a malformed {@code since} or
     *     {@code until}
     */
    public static <T> Predicate<Item<T>> predicate(ListQuery query, Spec spec) {
        return filter(query, spec);
    }

    /**
     * The filters of a query as a test of a record's filename alone (its stamp bounds and author, by this class's
     * rules), for callers that page a sorted set of filenames without loading the records; the caller makes sure
     * the query has no filter that reads a record's content ({@code type}, {@code via}, {@code status},
     * {@code match}, {@code q}).
     *
     * @param query the query
     * @param spec the listing's spec
     * @return the test
     * @throws dev.agentcollab.api.error.CollabException {@code INVALID_QUERY} for a malformed {@code since} or
     *     {@code until}
     */
    public static Predicate<String> byFilename(ListQuery query, Spec spec) {
        Predicate<Item<String>> filters = filter(query, spec);
        Document none = Document.of(Map.of(), "");
        return f -> filters.test(new Item<>(f, Names.agentFromFilename(f), none, f));
    }

    /**
     * Whether a query uses none of the filters a listing honours ({@link #predicate} would pass every item), so that
     * a page of the listing's sorted view answers it as {@link #run} would.
     *
     * @param q the query
     * @param spec the listing's spec
     * @return true when no honoured filter is set
     */
    public static boolean unfiltered(ListQuery q, Spec spec) {
        Set<Filter> f = spec.filters();
        return !(f.contains(Filter.STAMP) && (q.since().isPresent() || q.until().isPresent()))
                && !(f.contains(Filter.AGENT) && q.agent().isPresent())
                && !(f.contains(Filter.TYPE) && q.type().isPresent())
                && !(f.contains(Filter.VIA) && q.via().isPresent())
                && !(f.contains(Filter.STATUS) && q.status().isPresent())
                && !(f.contains(Filter.MATCH) && !q.match().isEmpty())
                && !(f.contains(Filter.Q) && q.q().isPresent());
    }

    private static <T> Predicate<Item<T>> filter(ListQuery q, Spec spec) {
        Predicate<Item<T>> p = it -> true;
        Set<Filter> f = spec.filters();
        if (f.contains(Filter.STAMP) && q.since().isPresent()) {
            String since = Stamps.parseBound("since", q.since().get());
            p = p.and(it -> Stamps.stampOf(it.filename()).compareTo(since) >= 0);
        }
        if (f.contains(Filter.STAMP) && q.until().isPresent()) {
            String until = Stamps.parseBound("until", q.until().get());
            p = p.and(it -> Stamps.stampOf(it.filename()).compareTo(until) <= 0);
        }
        if (f.contains(Filter.AGENT) && q.agent().isPresent()) {
            String agent = Names.agentId(q.agent().get());
            p = p.and(it -> it.author().equals(agent));
        }
        if (f.contains(Filter.TYPE) && q.type().isPresent()) {
            p = p.and(equal("type", q.type().get()));
        }
        if (f.contains(Filter.VIA) && q.via().isPresent()) {
            p = p.and(equal("via", q.via().get()));
        }
        if (f.contains(Filter.STATUS) && q.status().isPresent()) {
            p = p.and(equal("status", q.status().get()));
        }
        if (f.contains(Filter.MATCH)) {
            for (Map.Entry<String, String> m : q.match().entrySet()) {
                p = p.and(equal(m.getKey(), m.getValue()));
            }
        }
        if (f.contains(Filter.Q) && q.q().isPresent()) {
            String needle = fold(q.q().get());
            p = p.and(it -> matchesText(it.doc(), needle));
        }
        return p;
    }

    private static <T> Predicate<Item<T>> equal(String key, String wanted) {
        return it -> it.doc().str(key).equals(wanted);
    }

    /**
     * The {@code q} rule: a case-insensitive substring of the body or of any {@code key: value} rendering.
     *
     * @param doc the document
     * @param lowerNeedle the needle folded by {@link #fold}
     * @return whether it matches
     */
    public static boolean matchesText(Document doc, String lowerNeedle) {
        if (fold(doc.body()).contains(lowerNeedle)) {
            return true;
        }
        for (Map.Entry<String, Object> e : doc.frontmatter().entrySet()) {
            if (fold(rendering(e)).contains(lowerNeedle)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The texts {@link #matchesText} searches, each folded as it folds them: the body, then each {@code key: value}
     * rendering of a frontmatter entry. A needle matches exactly when one of them contains it, so an index built
     * from these strings (a text index's grams) never misses a match.
     *
     * @param doc the document
     * @return the folded texts, the body first
     */
    public static List<String> foldedTexts(Document doc) {
        List<String> out = new ArrayList<>(1 + doc.frontmatter().size());
        out.add(fold(doc.body()));
        for (Map.Entry<String, Object> e : doc.frontmatter().entrySet()) {
            out.add(fold(rendering(e)));
        }
        return out;
    }

    /**
     * The case folding of {@code q}, applied to the needle and to every searched text alike.
     *
     * @param text a text
     * @return it in lower case ({@link Locale#ROOT})
     */
    public static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static String rendering(Map.Entry<String, Object> e) {
        return e.getKey() + ": " + FrontmatterCodec.pythonStr(e.getValue());
    }
}
