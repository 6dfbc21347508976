package dev.agentcollab.core.service.taskforce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The note array against a sorted map of the same notes: appends, inserts in the middle, rewritten hashes, removals
 * and resets keep page order, and every snapshot taken along the way still shows what it showed when taken.
 */
class NoteArrayTest {

    @Test
    void keepsPageOrderAndSnapshotsNeverChange() {
        Random random = new Random(7);
        NoteArray array = new NoteArray();
        TreeMap<String, TaskforceIndex.Note> model = new TreeMap<>(); // filename + '\0' + path: page order
        List<List<TaskforceIndex.Note>> snapshots = new ArrayList<>();
        List<List<TaskforceIndex.Note>> expected = new ArrayList<>();
        int stamp = 1000;
        for (int step = 0; step < 5000; step++) {
            int op = random.nextInt(10);
            if (op < 5 || model.isEmpty()) { // a new newest note, sometimes in a subfolder
                stamp++;
                String leaf = "2026" + stamp + "_agent-" + random.nextInt(3) + ".md";
                put(array, model, note(leaf, random.nextBoolean() ? leaf : "sub/" + leaf, "h0"));
            } else if (op < 7) { // an older filename, often one held already under another folder
                String leaf = "2026" + (1000 + random.nextInt(stamp - 999)) + "_agent-" + random.nextInt(3) + ".md";
                put(array, model, note(leaf, "hand" + random.nextInt(3) + "/" + leaf, "h0"));
            } else {
                TaskforceIndex.Note held = pick(model, random);
                if (op == 7) { // rewritten: same place, new hash
                    put(array, model, note(held.filename(), held.path(), "h" + step));
                } else {
                    array.remove(held);
                    model.remove(key(held));
                }
            }
            if (step % 997 == 0) {
                array.reset(new ArrayList<>(model.values()).reversed());
            }
            assertEquals(List.copyOf(model.values()), array.snapshot(), "step " + step);
            assertEquals(model.size(), array.size());
            if (random.nextInt(20) == 0) {
                snapshots.add(array.snapshot());
                expected.add(List.copyOf(model.values()));
            }
        }
        for (int i = 0; i < snapshots.size(); i++) {
            assertEquals(expected.get(i), snapshots.get(i), "snapshot " + i);
        }
    }

    @Test
    void removingAbsentNoteChangesNothing() {
        NoteArray array = new NoteArray();
        array.put(note("a.md", "a.md", "h"));
        array.remove(note("b.md", "b.md", "h"));
        assertEquals(List.of(note("a.md", "a.md", "h")), array.snapshot());
    }

    private static void put(NoteArray array, TreeMap<String, TaskforceIndex.Note> model, TaskforceIndex.Note n) {
        array.put(n);
        model.put(key(n), n);
    }

    private static TaskforceIndex.Note pick(TreeMap<String, TaskforceIndex.Note> model, Random random) {
        int k = random.nextInt(model.size());
        for (Map.Entry<String, TaskforceIndex.Note> e : model.entrySet()) {
            if (k-- == 0) {
                return e.getValue();
            }
        }
        throw new AssertionError();
    }

    private static String key(TaskforceIndex.Note n) {
        return n.filename() + '\0' + n.path();
    }

    private static TaskforceIndex.Note note(String filename, String path, String hash) {
        return new TaskforceIndex.Note(filename, "taskforces/t/" + path, hash);
    }
}
