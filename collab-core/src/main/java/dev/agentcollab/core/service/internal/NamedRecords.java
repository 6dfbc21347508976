package dev.agentcollab.core.service.internal;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * Some records of a folder, named by a sorted array of their filenames (a query's candidates from an index, an
 * author's results) and read from the folder's view, so that {@link RecordSetPages} pages them without walking
 * the folder. Thread safe when no one changes the array.
 *
 * @param view the folder's records
 * @param sorted the filenames, ascending, without duplicates
 */
public record NamedRecords(ReadModel.Records view, String[] sorted) implements RecordSet {
    /** Checks for nulls. */
    public NamedRecords {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(sorted, "sorted");
    }

    @Override
    public int count() {
        return sorted.length;
    }

    @Override
    public boolean contains(String filename) {
        return Arrays.binarySearch(sorted, filename) >= 0;
    }

    @Override
    public Iterator<String> filenames(String after, String before, boolean descending) {
        int lo = after == null ? 0 : bound(after, true);
        int hi = before == null ? sorted.length : bound(before, false);
        return new Iterator<>() {
            private int next = descending ? hi - 1 : lo;

            @Override
            public boolean hasNext() {
                return descending ? next >= lo : next < hi;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return sorted[descending ? next-- : next++];
            }
        };
    }

    /** The first index past a bound ({@code exclusive}: past names equal to it too). */
    private int bound(String name, boolean exclusive) {
        int i = Arrays.binarySearch(sorted, name);
        if (i < 0) {
            return -i - 1;
        }
        return exclusive ? i + 1 : i;
    }

    @Override
    public Optional<StoredDoc> load(String filename) {
        return view.load(filename);
    }
}
