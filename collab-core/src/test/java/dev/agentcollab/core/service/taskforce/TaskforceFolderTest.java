package dev.agentcollab.core.service.taskforce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.taskforce.TaskforceSummary;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.internal.StoredDoc;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A taskforce folder kept current write by write against a brute-force summary of what its view lists: notes
 * (newest, older in subfolders, rewritten, deleted), named files with agent markers, README edits and deletes,
 * registrations with odd ids, all through the read model and out of band (seen after the view's TTL).
 */
class TaskforceFolderTest {
    private static final String DIR = "taskforces/kv/";

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final InMemoryBucketStore store = InMemoryBucketStore.create(clock);
    private final BucketId central = BucketId.parse("org/central");
    private final Random random = new Random(1202);

    @Test
    void stateIsWhatABruteForceReadOfTheListedFilesGives() {
        store.create(central, false);
        ReadModel reads = new ReadModel(store, central, clock, Duration.ofSeconds(30), 1 << 20);
        TaskforceIndex index = new TaskforceIndex(reads);
        write(reads, "agents/agent-1.md", "---\nagent_id: agent-1\n---\n");
        write(reads, "agents/agent-2.md", "---\nagent_id: agent-2\n---\n");
        write(reads, DIR + "README.md", readme("agent-1", "Goal."));
        int stamp = 100_000;
        boolean listedIsStored = true; // no out-of-band edit since the views were last reloaded
        for (int step = 0; step < 400; step++) {
            boolean outOfBand = random.nextInt(4) == 0;
            listedIsStored &= !outOfBand;
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> put(reads, outOfBand, DIR + stampName(++stamp), note(step)); // the newest note
                case 3 -> { // an older note in a subfolder, its filename often held by another note
                    String leaf = stampName(100_000 + random.nextInt(stamp - 99_999));
                    put(reads, outOfBand, DIR + "hand" + random.nextInt(2) + "/" + leaf, note(step));
                }
                case 4 -> { // a named file whose path marks an agent, registered or not
                    String marked =
                            "_agent-" + List.of("1", "2", "10", "77", "Odd").get(random.nextInt(5));
                    put(reads, outOfBand, DIR + "runs/r" + random.nextInt(40) + marked + ".csv", "a,b\n" + step);
                }
                case 5, 6 -> { // a file rewritten or deleted
                    List<BucketEntry> files = reads.list(DIR);
                    if (files.isEmpty()) {
                        continue;
                    }
                    String path = files.get(random.nextInt(files.size())).path().value();
                    if (path.endsWith("README.md") && random.nextInt(4) != 0) {
                        put(reads, outOfBand, path, readme("agent-" + random.nextInt(3), "Goal " + step));
                    } else if (random.nextBoolean()) {
                        put(reads, outOfBand, path, note(step));
                    } else {
                        delete(reads, outOfBand, path);
                    }
                }
                case 7 -> { // an agent registers: an id of the grammar, or a hand-made odd one
                    String id = random.nextBoolean() ? "agent-" + (10 + random.nextInt(70)) : "Odd";
                    put(reads, outOfBand, "agents/" + id + ".md", "---\njoined: 2026-06-01\n---\n");
                }
                case 8 -> put(reads, outOfBand, DIR + "README.md", readme("agent-2", "Goal " + step));
                default -> {
                    clock.advance(Duration.ofSeconds(31)); // past the TTL: out-of-band edits are seen
                    listedIsStored = true;
                }
            }
            TaskforceIndex.State state = index.state("kv");
            String what = "step " + step;
            assertEquals(expectedNotes(reads), state.notes(), what);
            assertEquals(expectedSummary(reads), state.summary(), what);
            if (step >= 40 && listedIsStored) { // per type and via, from the first ask on kept write by write
                Optional<String> type = pick("finding", "", "note");
                Optional<String> via = pick("raw", "", "bucket");
                if (type.isEmpty() && via.isEmpty()) {
                    type = Optional.of("finding");
                }
                TaskforceFolder.Selection s = index.withFields("kv", type, via);
                assertEquals(withFields(expectedNotes(reads), type, via), s.notes(), what + " " + type + " " + via);
                assertEquals(state.notes().size(), s.count(), what);
            }
        }
    }

    private Optional<String> pick(String... values) {
        int i = random.nextInt(values.length + 1);
        return i == values.length ? Optional.empty() : Optional.of(values[i]);
    }

    /** The notes whose stored type and via are the ones asked, read from the store. */
    private List<TaskforceIndex.Note> withFields(
            List<TaskforceIndex.Note> notes, Optional<String> type, Optional<String> via) {
        List<TaskforceIndex.Note> out = new ArrayList<>();
        for (TaskforceIndex.Note n : notes) {
            var doc = dev.agentcollab.core.service.internal.FrontmatterCodec.parseLenient(
                    new String(store.read(central, BucketPath.of(n.path())).orElseThrow(), StandardCharsets.UTF_8));
            if (type.map(doc.text("type")::equals).orElse(true)
                    && via.map(doc.text("via")::equals).orElse(true)) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void concurrentWritersAndReadersLoseNothing() throws Exception {
        store.create(central, false);
        ReadModel reads = new ReadModel(store, central, clock, Duration.ofSeconds(30), 1 << 20);
        TaskforceIndex index = new TaskforceIndex(reads);
        write(reads, DIR + "README.md", readme("agent-1", "Goal."));
        int writers = 4;
        int each = 150;
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ConcurrentLinkedQueue<String> problems =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    String leaf = String.format("20260601-%02d%04d-000_agent-%d.md", id, i, id);
                    write(reads, DIR + (i % 5 == 0 ? "sub/" : "") + leaf, note(i));
                    if (i % 10 == 0) {
                        clock.advance(Duration.ofSeconds(31)); // reloads race with the writes
                    }
                }
            }));
        }
        for (int r = 0; r < 2; r++) {
            boolean byType = r == 1; // one reader asks for a type: its notes are kept per type meanwhile
            threads.add(Thread.ofPlatform().start(() -> {
                int last = 0;
                while (!done.get()) {
                    if (byType) {
                        List<TaskforceIndex.Note> found = index.withFields(
                                        "kv", Optional.of("finding"), Optional.empty())
                                .notes();
                        for (int i = 1; i < found.size(); i++) {
                            if (NoteArray.ORDER.compare(found.get(i - 1), found.get(i)) >= 0) {
                                problems.add("type: out of order at " + i);
                            }
                        }
                    }
                    TaskforceIndex.State s = index.state("kv");
                    List<TaskforceIndex.Note> notes = s.notes();
                    for (int i = 1; i < notes.size(); i++) {
                        if (NoteArray.ORDER.compare(notes.get(i - 1), notes.get(i)) >= 0) {
                            problems.add("out of order at " + i);
                        }
                    }
                    if (notes.size() < last) {
                        problems.add("went back from " + last + " to " + notes.size());
                    }
                    last = notes.size();
                    if (s.summary().isPresent() && s.summary().get().noteCount() != notes.size()) {
                        problems.add("summary counts " + s.summary().get().noteCount() + " of " + notes.size());
                    }
                }
            }));
        }
        for (Thread t : threads.subList(0, writers)) {
            t.join();
        }
        done.set(true);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), List.copyOf(problems));
        TaskforceIndex.State state = index.state("kv");
        assertEquals(writers * each, state.notes().size());
        assertEquals(expectedNotes(reads), state.notes());
        assertEquals(expectedSummary(reads), state.summary());
        Optional<String> finding = Optional.of("finding");
        assertEquals(
                withFields(expectedNotes(reads), finding, Optional.empty()),
                index.withFields("kv", finding, Optional.empty()).notes());
    }

    @Test
    void theKeptTypeAndViaOfANoteGoWithIt() {
        store.create(central, false);
        ReadModel reads = new ReadModel(store, central, clock, Duration.ofSeconds(30), 1 << 20);
        TaskforceIndex index = new TaskforceIndex(reads);
        write(reads, DIR + "README.md", readme("agent-1", "Goal."));
        for (int i = 0; i < 10; i++) {
            write(reads, DIR + stampName(100_000 + i), note(i));
        }
        List<TaskforceIndex.Note> notes = index.state("kv").notes();
        assertEquals(0, index.folder("kv").fieldsKept(), "none before a page asks for type or via");
        index.withFields("kv", Optional.of("finding"), Optional.empty());
        assertEquals(10, index.folder("kv").fieldsKept());
        reads.apply(List.of(
                BatchOp.delete(notes.get(0).path()), BatchOp.delete(notes.get(1).path())));
        index.state("kv");
        assertEquals(8, index.folder("kv").fieldsKept(), "deleted through the model");
        store.delete(central, BucketPath.of(notes.get(2).path()));
        clock.advance(Duration.ofSeconds(31));
        index.state("kv");
        assertEquals(7, index.folder("kv").fieldsKept(), "deleted out of band, seen after the TTL");
    }

    private List<TaskforceIndex.Note> expectedNotes(ReadModel reads) {
        List<TaskforceIndex.Note> notes = new ArrayList<>();
        for (BucketEntry e : reads.list(DIR)) {
            String rel = e.path().value().substring(DIR.length());
            if (rel.endsWith(".md") && !rel.equalsIgnoreCase("README.md")) {
                notes.add(new TaskforceIndex.Note(e.path().leaf(), e.path().value(), e.contentHash()));
            }
        }
        notes.sort(Comparator.comparing(TaskforceIndex.Note::filename)); // stable: path order among equal names
        return notes;
    }

    /** The summary as reading every listed file and trying every registered agent's marker pattern gives it. */
    private Optional<TaskforceSummary> expectedSummary(ReadModel reads) {
        Optional<StoredDoc> readme = reads.document(DIR + "README.md");
        if (readme.isEmpty()) {
            return Optional.empty();
        }
        List<String> agents = new ArrayList<>();
        for (BucketEntry e : reads.list("agents/")) {
            agents.add(e.path().leaf().replaceFirst("\\.md$", ""));
        }
        List<BucketEntry> files = reads.list(DIR);
        int notes = 0;
        String last = null;
        TreeSet<String> others = new TreeSet<>();
        for (BucketEntry e : files) {
            String rel = e.path().value().substring(DIR.length());
            String leaf = e.path().leaf();
            if (rel.endsWith(".md") && !rel.equalsIgnoreCase("README.md")) {
                notes++;
            }
            if (leaf.endsWith(".md") && Stamps.isStamped(leaf)) {
                String s = Stamps.stampOf(leaf);
                last = last == null || s.compareTo(last) > 0 ? s : last;
                others.add(Names.agentFromFilename(leaf));
            } else if (!rel.equalsIgnoreCase("README.md")) {
                for (String a : agents) {
                    if (Pattern.compile("_" + Pattern.quote(a) + "(?![a-z0-9-])")
                            .matcher(rel)
                            .find()) {
                        others.add(a);
                    }
                }
            }
        }
        String creator = readme.get().doc().text("creator");
        others.remove(creator);
        List<String> contributors = new ArrayList<>(List.of(creator));
        contributors.addAll(others);
        return Optional.of(new TaskforceSummary(
                "kv",
                creator,
                Optional.of(readme.get().doc().text("created")).filter(c -> !c.isEmpty()),
                TaskforceIndex.excerpt(readme.get().doc().body()),
                contributors,
                files.size(),
                notes,
                Optional.ofNullable(last)));
    }

    private void put(ReadModel reads, boolean outOfBand, String path, String text) {
        if (outOfBand) {
            store.put(central, BucketPath.of(path), text.getBytes(StandardCharsets.UTF_8));
            readmeSeen(path);
        } else {
            write(reads, path, text);
        }
    }

    private void delete(ReadModel reads, boolean outOfBand, String path) {
        if (outOfBand) {
            store.delete(central, BucketPath.of(path));
            readmeSeen(path);
        } else {
            reads.apply(List.of(BatchOp.delete(path)));
        }
    }

    /**
     * A summary reads the stored README when it is computed, after a change its view lists: an out-of-band README
     * edit shows once the view lists it, after the TTL, like every out-of-band edit.
     */
    private void readmeSeen(String path) {
        if (path.equals(DIR + "README.md")) {
            clock.advance(Duration.ofSeconds(31));
        }
    }

    private static void write(ReadModel reads, String path, String text) {
        reads.apply(List.of(BatchOp.put(path, text.getBytes(StandardCharsets.UTF_8))));
    }

    private String stampName(int n) {
        return "202606" + String.format("%02d-%06d-000", 1 + n % 28, n % 1_000_000) + "_agent-" + random.nextInt(3)
                + ".md";
    }

    private static String note(int step) {
        return "---\nagent: agent-1\n" + (step % 3 == 0 ? "type: finding\n" : step % 3 == 1 ? "type: note\n" : "")
                + (step % 4 == 0 ? "via: raw\n" : step % 4 == 1 ? "via: bucket\n" : "") + "---\nnote " + step + "\n";
    }

    private static String readme(String creator, String body) {
        return "---\ntaskforce: kv\ncreator: " + creator + "\ncreated: 2026-06-01 10:00 UTC\n---\n" + body + "\n";
    }
}
