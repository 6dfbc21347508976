package dev.agentcollab.app.agent;

import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** The list grammar's options shared by the listing commands (always expanded: full records). */
final class ListOptions {
    @Option(names = "--limit", description = "at most this many (default 10; 0 = all)")
    Integer limit;

    @Option(names = "--since", description = "from this time: ISO 8601 or YYYYMMDD[-HHmmss[-mmm]]")
    String since;

    @Option(
            names = "--after",
            paramLabel = "FILENAME",
            description = "only newer than this filename, oldest first (polling: continue with --after <next>)")
    String after;

    @Option(names = "--before", paramLabel = "FILENAME", description = "only older than this filename")
    String before;

    @Option(names = "--from", paramLabel = "ID", description = "only messages by this agent")
    String from;

    @Option(names = "--q", paramLabel = "TEXT", description = "only records containing this text")
    String q;

    @Option(names = "--asc", description = "oldest first (default newest first, or oldest first with --after alone)")
    boolean asc;

    /**
     * Whether the listing runs oldest first: asked for, or polling with {@code --after} alone, where newest first
     * would put the older of more than {@code --limit} new messages past the cursor.
     *
     * @return true for ascending order
     */
    boolean ascending() {
        return asc || (after != null && before == null);
    }

    /**
     * The cursor options of the page after one cut at {@code next}: {@code --after next} oldest first, else
     * {@code --before next}, with the other bounds given kept, so that following the hint never widens the listing.
     *
     * @param next the page's {@code next} cursor
     * @return e.g. {@code next page: --before 2026...md --after 2026...md}
     */
    String nextPage(String next) {
        if (ascending()) {
            return "next page: --after " + next + (before != null ? " --before " + before : "");
        }
        // newest first, the lower bounds stay: --after, and --since (oldest first, the new --after passes it)
        return "next page: --before " + next + (after != null ? " --after " + after : "")
                + (since != null ? " --since " + since : "");
    }

    /**
     * The query.
     *
     * @return the list query, expanded
     */
    ListQuery query() {
        return ListQuery.builder()
                .expand(true)
                .limit(limit)
                .since(since)
                .after(after)
                .before(before)
                .agent(from)
                .q(q)
                .order(ascending() ? SortOrder.ASC : null)
                .build();
    }

    /**
     * Lists a page, or with {@code --limit 0} every page: the server caps an expanded page at 200 records
     * ({@code EXPAND_MAX_LIMIT}), so "all" follows the {@code next} cursors to the end, keeping the other bound.
     *
     * @param query the query ({@link #query()}, possibly with more filters)
     * @param list lists one page
     * @param <T> the record type
     * @return the page; for {@code --limit 0} one page holding every record, with no {@code next}
     */
    static <T> Page<T> pages(ListQuery query, Function<ListQuery, Page<T>> list) {
        Page<T> page = list.apply(query);
        if (query.limit().filter(l -> l <= 0).isEmpty() || page.next().isEmpty()) {
            return page;
        }
        boolean ascending = query.order().filter(o -> o == SortOrder.ASC).isPresent();
        List<T> items = new ArrayList<>(page.items());
        Optional<String> next = page.next();
        while (next.isPresent()) {
            ListQuery.Builder b = query.toBuilder();
            ListQuery q = ascending
                    ? b.after(next.get()).build()
                    : b.before(next.get()).build();
            Page<T> more = list.apply(q);
            if (more.items().isEmpty() || more.next().equals(next)) {
                items.addAll(more.items());
                break; // nothing left, or a cursor that does not move: never loop
            }
            items.addAll(more.items());
            next = more.next();
        }
        return new Page<>(page.count(), page.matched(), items, Optional.empty());
    }
}
