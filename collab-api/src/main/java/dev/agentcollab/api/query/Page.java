package dev.agentcollab.api.query;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing in the shared list grammar.
 *
 * <p>{@code count} is the number of records in the listed folder before any filter, {@code matched} the number
 * left after the filters but before the {@code after}/{@code before} cursor (so polling with {@code after}
 * still reports the full match count), and {@code next} the filename of the last item when the limit cut the page
 * short: pass it back as {@code after} (ascending) or {@code before} (descending) to continue. Items are always
 * full records; the HTTP layer renders them as filenames when {@code expand} is false.
 *
 * @param count records in the folder before filtering
 * @param matched records left after filtering, before the cursor
 * @param items the records of this page, in the requested order
 * @param next the cursor for the next page, or empty when this page is the last
 * @param <T> the record type
 */
public record Page<T>(int count, int matched, List<T> items, Optional<String> next) {
    /** Validates the counts and copies the items. */
    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
        if (count < 0 || matched < 0) {
            throw new IllegalArgumentException("count and matched must be >= 0, but were " + count + ", " + matched);
        }
    }

    /**
     * An empty page.
     *
     * @param <T> the record type
     * @return a page with no records
     */
    public static <T> Page<T> empty() {
        return new Page<>(0, 0, List.of(), Optional.empty());
    }
}
