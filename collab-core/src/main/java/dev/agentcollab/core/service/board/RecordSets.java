package dev.agentcollab.core.service.board;

import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.RecordSet;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.Collections;
import java.util.Iterator;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.function.IntSupplier;

/** Record sets made of others. */
final class RecordSets {
    private RecordSets() {}

    /**
     * The names of a sorted set strictly between two bounds, in either order: what a record set kept as a sorted
     * set of filenames answers {@link RecordSet#filenames} with.
     *
     * @param names the set, sorted by filename
     * @param after the exclusive lower bound, or {@code null}
     * @param before the exclusive upper bound, or {@code null}
     * @param descending newest first
     * @return a view's iterator (weakly consistent when the set is concurrent)
     */
    private static Iterator<String> slice(NavigableSet<String> names, String after, String before, boolean descending) {
        if (after != null && before != null && after.compareTo(before) >= 0) {
            return Collections.emptyIterator();
        }
        NavigableSet<String> s = names;
        if (after != null) {
            s = s.tailSet(after, false);
        }
        if (before != null) {
            s = s.headSet(before, false);
        }
        return descending ? s.descendingIterator() : s.iterator();
    }

    /**
     * The records of a folder whose filenames an index keeps in a sorted set, loaded from the folder's view.
     *
     * @param view the folder's view, which loads the records
     * @param names the filenames, sorted (a live, concurrent set: walks are weakly consistent, like any listing)
     * @param size how many names the set holds, as its index keeps the number (a concurrent set counts in O(n))
     */
    record Named(ReadModel.Records view, NavigableSet<String> names, IntSupplier size) implements RecordSet {
        @Override
        public int count() {
            return size.getAsInt();
        }

        @Override
        public boolean contains(String filename) {
            return names.contains(filename);
        }

        @Override
        public Iterator<String> filenames(String after, String before, boolean descending) {
            return slice(names, after, before, descending);
        }

        @Override
        public Optional<StoredDoc> load(String filename) {
            return view.load(filename);
        }
    }
}
