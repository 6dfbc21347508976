package dev.agentcollab.core.service.taskforce;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.RandomAccess;

/**
 * A taskforce's notes in page order (by filename, then path: the listing's path order kept among equal filenames),
 * with snapshots that never change. A note whose place is the end (a new stamped note, nearly always) is added in
 * O(log n) amortised, in place: a snapshot covers only the slots filled when it was taken, and a slot once filled is
 * never written again in the same array. Any other change (a note in the middle, a removal, a rewritten hash) copies
 * the array first, in O(n). Not thread safe: its folder guards it.
 */
final class NoteArray {
    /** Page order. */
    static final Comparator<TaskforceIndex.Note> ORDER =
            Comparator.comparing(TaskforceIndex.Note::filename).thenComparing(TaskforceIndex.Note::path);

    private TaskforceIndex.Note[] items = new TaskforceIndex.Note[16];
    private int size;
    private List<TaskforceIndex.Note> snapshot;

    /**
     * Replaces every note.
     *
     * @param notes the notes, in any order
     */
    void reset(List<TaskforceIndex.Note> notes) {
        TaskforceIndex.Note[] sorted = notes.toArray(new TaskforceIndex.Note[0]);
        Arrays.sort(sorted, ORDER);
        items = Arrays.copyOf(sorted, Math.max(16, sorted.length));
        size = sorted.length;
        snapshot = null;
    }

    /**
     * Adds a note, or replaces the one at its path.
     *
     * @param note the note
     */
    void put(TaskforceIndex.Note note) {
        int i = Arrays.binarySearch(items, 0, size, note, ORDER);
        if (i >= 0) {
            TaskforceIndex.Note[] copy = items.clone();
            copy[i] = note;
            items = copy;
        } else {
            int at = -i - 1;
            if (at == size && size < items.length) {
                items[size] = note;
            } else {
                TaskforceIndex.Note[] grown = new TaskforceIndex.Note[size < items.length ? items.length : size * 2];
                System.arraycopy(items, 0, grown, 0, at);
                grown[at] = note;
                System.arraycopy(items, at, grown, at + 1, size - at);
                items = grown;
            }
            size++;
        }
        snapshot = null;
    }

    /**
     * Removes a note, when held.
     *
     * @param note the note (its filename and path are what is compared)
     */
    void remove(TaskforceIndex.Note note) {
        int i = Arrays.binarySearch(items, 0, size, note, ORDER);
        if (i < 0) {
            return;
        }
        TaskforceIndex.Note[] copy = new TaskforceIndex.Note[items.length];
        System.arraycopy(items, 0, copy, 0, i);
        System.arraycopy(items, i + 1, copy, i, size - i - 1);
        items = copy;
        size--;
        snapshot = null;
    }

    /**
     * How many notes are held.
     *
     * @return the count
     */
    int size() {
        return size;
    }

    /**
     * The notes as they are now, in page order; later changes do not show in it.
     *
     * @return an unmodifiable random-access list
     */
    List<TaskforceIndex.Note> snapshot() {
        if (snapshot == null) {
            snapshot = new Prefix(items, size);
        }
        return snapshot;
    }

    /** The first {@code size} slots of an array whose slots below {@code size} are never written again. */
    private static final class Prefix extends AbstractList<TaskforceIndex.Note> implements RandomAccess {
        private final TaskforceIndex.Note[] items;
        private final int size;

        Prefix(TaskforceIndex.Note[] items, int size) {
            this.items = items;
            this.size = size;
        }

        @Override
        public TaskforceIndex.Note get(int index) {
            java.util.Objects.checkIndex(index, size);
            return items[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
