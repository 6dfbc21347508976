package dev.agentcollab.core.service.taskforce;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.taskforce.TaskforceSummary;
import dev.agentcollab.core.service.internal.CentralPaths;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One taskforce's folder as its summary and notes pages need it, kept current file by file: each file's part in the
 * summary (note or not, its stamp and stamping agent, the agent markers in its path) is taken from its path once, and
 * counted; the notes are kept in page order ({@link NoteArray}), and, once a page asked for {@code type} or
 * {@code via}, also per value of each and per pair of values (every note read once; each note written after that,
 * once more). A write through the read model costs O(log n) here (the model names it, {@link #changed}), so the first
 * list, detail or notes page after a note does not walk the taskforce's files; only a reload of the folder's view (an
 * out-of-band edit may be in it) does, once.
 *
 * <p>The model calls the watcher methods under its write lock, so they only queue the change or mark the folder
 * stale; the next read applies them under this folder's lock. A change queued while a rebuild lists the view may be
 * in the listing already: applying a path's change again gives the same state. Thread safe.
 */
final class TaskforceFolder implements ReadModel.Watcher {

    /**
     * A file's part in its taskforce's summary, from its path, and its listed hash.
     *
     * @param hash the listed content hash
     * @param note whether it is a note (a {@code .md} but the README)
     * @param stamp the stamp of a stamped note, else null
     * @param stamper the agent a stamped note's filename names, else null
     * @param marked whether its path's agent markers count (neither a stamped note nor the README)
     * @param runs the distinct runs of agent-id characters after each underscore, when marked
     */
    private record Fact(String hash, boolean note, String stamp, String stamper, boolean marked, List<String> runs) {}

    /** A write or delete the model named: the new entry, or null. */
    private record Change(String path, BucketEntry entry) {}

    /** A note's {@code type} and {@code via} as the list filters compare them, read at a content hash. */
    private record Fields(String hash, String type, String via) {
        /** The selections the note is in: its type alone, its via alone, and both. */
        List<Asked> selections() {
            return List.of(new Asked(type, null), new Asked(null, via), new Asked(type, via));
        }
    }

    /** The {@code type} and {@code via} a page asks for ({@code null}: not asked; at least one is). */
    private record Asked(String type, String via) {}

    /**
     * The notes whose {@code type} and {@code via} are the ones asked, and every note, as of one moment.
     *
     * @param count every note of the taskforce
     * @param notes the notes selected, in page order; it does not change
     */
    record Selection(int count, List<TaskforceIndex.Note> notes) {}

    /** A summary computed after a number of applied changes, at an agent directory version. */
    private record Summed(long changes, long agentsVersion, Optional<TaskforceSummary> summary) {}

    private final String name;
    private final String dir;
    private final ConcurrentLinkedQueue<Change> queued = new ConcurrentLinkedQueue<>();
    private volatile boolean stale = true; // the first read lists the view

    // guarded by this
    private final HashMap<String, Fact> files = new HashMap<>();
    private final TreeMap<String, Integer> stamps = new TreeMap<>();
    private final HashMap<String, Integer> stampers = new HashMap<>();
    private final HashMap<String, Integer> runs = new HashMap<>();
    private final NoteArray notes = new NoteArray();
    private long changes;
    private Summed summed;

    /** Whether the notes are kept by type and via too: since the first page that asked for either. */
    private boolean byFields;
    /** Per note path, its type and via as read (notes that could not be read have none); only while byFields. */
    private final HashMap<String, Fields> fields = new HashMap<>();
    /** The notes per value of their type, of their via and of both, in page order; only while byFields. */
    private final HashMap<Asked, NoteArray> selections = new HashMap<>();

    /**
     * Creates the folder's state; it must be registered as a watcher of {@code dir} before its first read.
     *
     * @param name the taskforce's validated name
     */
    TaskforceFolder(String name) {
        this.name = name;
        this.dir = TaskforceIndex.dir(name);
    }

    /**
     * The folder's prefix, which this watches.
     *
     * @return {@code taskforces/<name>/}
     */
    String dir() {
        return dir;
    }

    @Override
    public void changed(String path, BucketEntry entry) {
        queued.add(new Change(path, entry));
    }

    @Override
    public void reloaded() {
        stale = true;
    }

    /**
     * The summary and notes as they are now.
     *
     * @param reads the read model
     * @param agents the registered agents
     * @return the state
     */
    synchronized TaskforceIndex.State state(ReadModel reads, TaskforceIndex.Agents agents) {
        sync(reads);
        if (summed == null || summed.changes() != changes || summed.agentsVersion() != agents.version()) {
            Optional<StoredDoc> readme = reads.document(TaskforceIndex.readmePath(name));
            summed = new Summed(changes, agents.version(), readme.map(r -> summary(r, agents)));
        }
        return new TaskforceIndex.State(summed.summary(), notes.snapshot());
    }

    /**
     * The summary with a README the folder's view does not list yet (written out of band).
     *
     * @param reads the read model
     * @param readme the README
     * @param agents the registered agents
     * @return the summary
     */
    synchronized TaskforceSummary summaryWith(ReadModel reads, StoredDoc readme, TaskforceIndex.Agents agents) {
        sync(reads);
        return summary(readme, agents);
    }

    /**
     * The notes whose {@code type} and {@code via} are the ones asked (each when asked; at least one is), as the list
     * filters compare them ({@code Document.text}). The first call reads every note once; later ones cost O(1)
     * (a kept array's snapshot).
     *
     * @param reads the read model
     * @param type the wanted {@code type}, or empty
     * @param via the wanted {@code via}, or empty
     * @return the selection; a note that cannot be read is in none
     */
    synchronized Selection withFields(ReadModel reads, Optional<String> type, Optional<String> via) {
        sync(reads);
        if (!byFields) {
            byFields = true;
            indexFields(reads);
        }
        NoteArray a = selections.get(new Asked(type.orElse(null), via.orElse(null)));
        return new Selection(notes.size(), a == null ? List.of() : a.snapshot());
    }

    /**
     * How many notes' type and via are kept (tests).
     *
     * @return the count
     */
    synchronized int fieldsKept() {
        return fields.size();
    }

    /** Reads the type and via of every note not read at its hash, and keeps the notes by each. */
    private void indexFields(ReadModel reads) {
        HashMap<Asked, List<TaskforceIndex.Note>> lists = new HashMap<>();
        HashMap<String, Fields> was = new HashMap<>(fields);
        fields.clear(); // only the notes listed now keep theirs
        for (TaskforceIndex.Note n : notes.snapshot()) {
            Fields f = was.get(n.path());
            if (f == null || !f.hash().equals(n.hash())) {
                f = read(reads, n.path());
            } else {
                fields.put(n.path(), f);
            }
            if (f != null) {
                for (Asked k : f.selections()) {
                    lists.computeIfAbsent(k, x -> new ArrayList<>()).add(n);
                }
            }
        }
        selections.clear();
        lists.forEach(
                (k, v) -> selections.computeIfAbsent(k, x -> new NoteArray()).reset(v));
    }

    /** Reads a note's type and via and keeps them, or forgets them when it cannot be read. */
    private Fields read(ReadModel reads, String path) {
        Optional<StoredDoc> d = reads.document(path);
        if (d.isEmpty()) {
            fields.remove(path);
            return null;
        }
        Fields f = new Fields(
                d.get().entry().contentHash(),
                d.get().doc().str("type"),
                d.get().doc().str("via"));
        fields.put(path, f);
        return f;
    }

    /** Takes a note out of the per-value lists (and forgets its fields), when kept there. */
    private void unindex(TaskforceIndex.Note note) {
        Fields f = fields.remove(note.path());
        if (f != null) {
            for (Asked k : f.selections()) {
                selections.get(k).remove(note);
            }
        }
    }

    /** Reads a note written and puts it in the per-value lists. */
    private void index(ReadModel reads, TaskforceIndex.Note note) {
        Fields f = read(reads, note.path());
        if (f != null) {
            for (Asked k : f.selections()) {
                selections.computeIfAbsent(k, x -> new NoteArray()).put(note);
            }
        }
    }

    /** Lists the view again when it was reloaded, then applies the queued changes. */
    private void sync(ReadModel reads) {
        List<BucketEntry> listed = null;
        reads.version(dir); // loads a first view, or reloads one past its TTL: either marks this stale
        while (stale) {
            stale = false;
            queued.clear(); // every change queued so far is in the listing below
            listed = reads.list(dir);
        }
        if (listed != null) {
            rebuild(listed);
            if (byFields) {
                indexFields(reads);
            }
        }
        for (Change c; (c = queued.poll()) != null; ) {
            apply(reads, c.path(), c.entry());
        }
    }

    private void rebuild(List<BucketEntry> listed) {
        files.clear();
        stamps.clear();
        stampers.clear();
        runs.clear();
        List<TaskforceIndex.Note> all = new ArrayList<>();
        for (BucketEntry e : listed) {
            Fact f = fact(e.path().value(), e.contentHash());
            files.put(e.path().value(), f);
            count(f, 1);
            if (f.note()) {
                all.add(note(e.path().value(), f));
            }
        }
        notes.reset(all);
        changes++;
    }

    private void apply(ReadModel reads, String path, BucketEntry entry) {
        Fact old = files.get(path);
        if (entry == null) {
            if (old != null) {
                files.remove(path);
                count(old, -1);
                if (old.note()) {
                    notes.remove(note(path, old));
                    unindex(note(path, old));
                }
                changes++;
            }
            return;
        }
        if (old != null && old.hash().equals(entry.contentHash())) {
            return;
        }
        Fact f = fact(path, entry.contentHash());
        files.put(path, f);
        if (old == null) {
            count(f, 1);
        }
        if (f.note()) {
            TaskforceIndex.Note n = note(path, f);
            notes.put(n);
            if (byFields) {
                unindex(n);
                index(reads, n);
            }
        }
        changes++;
    }

    private static TaskforceIndex.Note note(String path, Fact f) {
        return new TaskforceIndex.Note(path.substring(path.lastIndexOf('/') + 1), path, f.hash());
    }

    private Fact fact(String path, String hash) {
        String rel = path.substring(dir.length());
        boolean note = CentralPaths.isTaskforceNote(rel);
        if (TaskforceIndex.isStampedNote(rel)) {
            String leaf = rel.substring(rel.lastIndexOf('/') + 1);
            return new Fact(hash, note, Stamps.stampOf(leaf), Names.agentFromFilename(leaf), false, List.of());
        }
        boolean marked = !TaskforceIndex.isReadme(rel);
        return new Fact(hash, note, null, null, marked, marked ? TaskforceIndex.runs(rel) : List.of());
    }

    private void count(Fact f, int delta) {
        if (f.stamp() != null) {
            add(stamps, f.stamp(), delta);
            add(stampers, f.stamper(), delta);
        }
        for (String run : f.runs()) {
            add(runs, run, delta);
        }
    }

    private static void add(Map<String, Integer> counts, String key, int delta) {
        counts.merge(key, delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    /**
     * The summary from the counts: O(distinct agents named), plus O(files) only while an agent id outside the id
     * grammar is registered (hand-made agent files), whose pattern is tried on every marked path.
     */
    private TaskforceSummary summary(StoredDoc readme, TaskforceIndex.Agents agents) {
        String creator = readme.doc().text("creator");
        TreeSet<String> others = new TreeSet<>(stampers.keySet());
        Set<String> ids = agents.ids();
        for (String run : runs.keySet()) {
            if (ids.contains(run)) {
                others.add(run);
            }
        }
        if (!agents.others().isEmpty()) {
            for (Map.Entry<String, Fact> e : files.entrySet()) {
                if (e.getValue().marked()) {
                    TaskforceIndex.markers(e.getKey().substring(dir.length()), Set.of(), agents.others(), others);
                }
            }
        }
        others.remove(creator);
        List<String> contributors = new ArrayList<>();
        contributors.add(creator);
        contributors.addAll(others);
        return new TaskforceSummary(
                name,
                creator,
                Optional.of(readme.doc().text("created")).filter(c -> !c.isEmpty()),
                TaskforceIndex.excerpt(readme.doc().body()),
                contributors,
                files.size(),
                notes.size(),
                stamps.isEmpty() ? Optional.empty() : Optional.of(stamps.lastKey()));
    }
}
