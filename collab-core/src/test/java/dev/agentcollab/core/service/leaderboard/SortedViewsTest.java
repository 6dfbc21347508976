package dev.agentcollab.core.service.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Trees filled from the sorted views hold what trees filled one element at a time hold, and answer the same. */
class SortedViewsTest {
    @Test
    void aTreeFilledFromAViewEqualsOneFilledByInsertions() {
        Random random = new Random(5);
        Comparator<String> byLengthThenText =
                Comparator.comparingInt(String::length).thenComparing(s -> s);
        for (int n : new int[] {1, 2, 3, 7, 100, 1000}) {
            TreeSet<String> inserted = new TreeSet<>(byLengthThenText);
            while (inserted.size() < n) {
                inserted.add(Integer.toString(random.nextInt(1_000_000), 36));
            }
            TreeSet<String> filled = new TreeSet<>(byLengthThenText);
            filled.addAll(SortedViews.of(new ArrayList<>(inserted), byLengthThenText));
            assertEquals(List.copyOf(inserted), List.copyOf(filled));
            assertEquals(inserted.first(), filled.first());
            assertEquals(inserted.headSet(inserted.last()), filled.headSet(filled.last()));
            String probe = Integer.toString(random.nextInt(1_000_000), 36);
            assertEquals(inserted.ceiling(probe), filled.ceiling(probe), "a search in the built tree");

            TreeMap<String, String> byKey = new TreeMap<>();
            List<String> natural = new ArrayList<>(new TreeSet<>(inserted));
            byKey.putAll(SortedViews.byKey(natural, s -> s));
            assertEquals(natural, List.copyOf(byKey.keySet()));
            assertEquals(natural.getLast(), byKey.lastKey());
            assertEquals(natural.get(n / 2), byKey.floorKey(natural.get(n / 2)));
        }
    }

    @Test
    void aViewIsOnlyForFillingATree() {
        var view = SortedViews.of(List.of("a", "b"), null);
        assertThrows(UnsupportedOperationException.class, () -> view.headSet("b"));
        assertThrows(UnsupportedOperationException.class, () -> view.add("c"));
        assertThrows(UnsupportedOperationException.class, () -> SortedViews.byKey(List.of("a"), s -> s)
                .tailMap("a"));
    }
}
