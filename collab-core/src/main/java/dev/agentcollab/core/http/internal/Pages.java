package dev.agentcollab.core.http.internal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.agentcollab.api.query.Page;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Renders a {@link Page} as the reference's listing object {@code {"count","matched","items","next"}}: items are
 * full records when the query asked for {@code expand=true}, otherwise their filenames. Stateless.
 */
public final class Pages {
    private Pages() {}

    /**
     * The wire form of a page, serialised as it is (no intermediate JSON tree).
     *
     * @param count the listing's total
     * @param matched how many matched the query
     * @param items the records or filenames
     * @param next the cursor of the next page, {@code null} on the last one (written as {@code null})
     */
    @JsonPropertyOrder({"count", "matched", "items", "next"})
    public record Wire(int count, int matched, List<Object> items, String next) {
        /** Checks the items. */
        public Wire {
            items = Collections.unmodifiableList(Objects.requireNonNull(items, "items"));
        }
    }

    /**
     * Renders a page.
     *
     * @param page the page
     * @param expand whether items are full records
     * @param key the filename (or cursor key) of an item
     * @param <T> the item type
     * @return the wire object
     */
    public static <T> Wire toWire(Page<T> page, boolean expand, Function<T, String> key) {
        List<Object> items = new ArrayList<>(page.items().size());
        for (T item : page.items()) {
            items.add(expand ? item : key.apply(item));
        }
        return new Wire(page.count(), page.matched(), items, page.next().orElse(null));
    }
}
