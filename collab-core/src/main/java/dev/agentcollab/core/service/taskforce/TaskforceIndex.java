package dev.agentcollab.core.service.taskforce;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.taskforce.TaskforceSummary;
import dev.agentcollab.core.service.internal.AgentDirectory;
import dev.agentcollab.core.service.internal.CentralPaths;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Read side of taskforces (§7): which exist, their files, notes and summaries. Each taskforce's summary and its
 * notes in page order are kept with the read model while the taskforce's folder and the agent directory are
 * unchanged ({@link #state}), so a list, a detail or a notes page does not walk every file of every taskforce, nor
 * load every note. Thread safe.
 */
public final class TaskforceIndex {
    /** The folder of taskforces. */
    public static final String FOLDER = "taskforces/";

    /**
     * A note of a taskforce: its leaf filename (the listing's sort key) and path.
     *
     * @param filename the leaf filename
     * @param path the path in the central bucket
     * @param hash its listed content hash
     */
    record Note(String filename, String path, String hash) {}

    /**
     * A note's {@code type} and {@code via} as the list filters compare them ({@code Document.text}), read at a
     * content hash.
     */
    private record Fields(String hash, String type, String via) {}

    /**
     * What is kept of one taskforce while its folder's view and the agent directory's are at these versions.
     *
     * @param version the folder view's version
     * @param agentsVersion the agent directory view's version
     * @param summary its summary, empty when it has no README
     * @param notes its notes (every {@code .md} but the README), by filename, then path
     */
    record State(long version, long agentsVersion, Optional<TaskforceSummary> summary, List<Note> notes) {}

    /** The registered agents: ids of the agent-id grammar, and any others (hand-made files), at a version. */
    private record Agents(long version, Set<String> ids, List<String> others) {}

    /** The states kept per read model. */
    private static final class Kept {
        final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();
        /** Per note path, its type and via, for the taskforces whose notes were filtered by them. */
        final ConcurrentHashMap<String, Fields> fields = new ConcurrentHashMap<>();

        volatile Agents agents;
    }

    private final ReadModel reads;
    private final Kept kept;

    /**
     * Creates the index.
     *
     * @param reads the read model
     */
    public TaskforceIndex(ReadModel reads) {
        this.reads = reads;
        this.kept = reads.extension(Kept.class, r -> new Kept());
    }

    /**
     * Whether a note's {@code type} and {@code via} are the ones asked (each when asked), as the list filters test
     * them. Each note is read once per content: its values are kept by path with the hash they were read at (about
     * 100 bytes a note, only for the notes filtered so); a note whose listed hash differs is read again.
     *
     * @param note a note of a current state
     * @param type the wanted {@code type}, or empty
     * @param via the wanted {@code via}, or empty
     * @return whether it passes; a note that cannot be read does not
     */
    boolean hasFields(Note note, Optional<String> type, Optional<String> via) {
        Fields f = kept.fields.get(note.path());
        if (f == null || !f.hash().equals(note.hash())) {
            Optional<StoredDoc> d = reads.document(note.path());
            if (d.isEmpty()) {
                kept.fields.remove(note.path());
                return false;
            }
            f = new Fields(
                    d.get().entry().contentHash(),
                    d.get().doc().text("type"),
                    d.get().doc().text("via"));
            kept.fields.put(note.path(), f);
        }
        return type.map(f.type()::equals).orElse(true)
                && via.map(f.via()::equals).orElse(true);
    }

    /**
     * One taskforce's summary and notes, computed again only when its folder or the agent directory changed (a write
     * through the service, or a reload that may hold an out-of-band edit): then O(its files).
     *
     * @param name a validated name
     * @return the state
     */
    State state(String name) {
        String dir = dir(name);
        long version = reads.version(dir); // before the listing: a write in between makes the next call compute
        Agents agents = agents();
        State s = kept.states.get(name);
        if (s != null && s.version() == version && s.agentsVersion() == agents.version()) {
            return s;
        }
        List<BucketEntry> files = reads.list(dir);
        Optional<TaskforceSummary> summary = readme(name).map(r -> summary(name, r, files, agents));
        List<Note> notes = new ArrayList<>();
        for (BucketEntry e : files) {
            String rel = e.path().value().substring(dir.length());
            if (CentralPaths.isTaskforceNote(rel)) {
                notes.add(new Note(e.path().leaf(), e.path().value(), e.contentHash()));
            }
        }
        notes.sort(Comparator.comparing(Note::filename)); // stable: equal filenames stay in path order
        State fresh = new State(version, agents.version(), summary, List.copyOf(notes));
        kept.states.put(name, fresh);
        return fresh;
    }

    static String dir(String name) {
        return FOLDER + name + "/";
    }

    static String readmePath(String name) {
        return dir(name) + "README.md";
    }

    /** Whether a relative path is a stamped note. */
    static boolean isStampedNote(String relative) {
        String leaf = relative.substring(relative.lastIndexOf('/') + 1);
        return leaf.endsWith(".md") && Stamps.isStamped(leaf);
    }

    /** Whether a relative path is the README. */
    static boolean isReadme(String relative) {
        return CentralPaths.isTaskforceReadme(relative);
    }

    /**
     * The README of a taskforce.
     *
     * @param name a validated name
     * @return the README, or empty when the taskforce does not exist
     */
    public Optional<StoredDoc> readme(String name) {
        return reads.document(readmePath(name));
    }

    StoredDoc requireReadme(String name) {
        return readme(name)
                .orElseThrow(() -> CollabException.of(
                        ErrorCode.TASKFORCE_NOT_FOUND,
                        "taskforce '" + name + "' does not exist",
                        "create it via POST /v1/taskforces"));
    }

    /** Every file of one taskforce, ascending by path. */
    List<BucketEntry> files(String name) {
        return reads.list(dir(name));
    }

    /** Every note record (every {@code .md} but the README), ascending. */
    List<StoredDoc> notes(String name) {
        List<StoredDoc> out = new ArrayList<>();
        String dir = dir(name);
        for (StoredDoc d : reads.documents(dir)) {
            if (!isReadme(d.path().substring(dir.length()))) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * Summaries of every taskforce, most recently active first (ties by name).
     *
     * @return the summaries
     */
    public List<TaskforceSummary> summaries() {
        List<TaskforceSummary> out = new ArrayList<>();
        for (String name : names()) {
            state(name).summary().ifPresent(out::add);
        }
        out.sort(Comparator.comparing(TaskforceIndex::activityKey).reversed().thenComparing(TaskforceSummary::name));
        return out;
    }

    /**
     * Every taskforce (a folder with a README) and its README's {@code created}, as the summaries hold them, without
     * their files: what the digest's taskforces part needs, O(taskforces) cached README reads, so that a note does not
     * make the next digest walk that taskforce's files.
     *
     * @return name to {@code created}, ascending by name
     */
    public SortedMap<String, String> created() {
        SortedMap<String, String> out = new java.util.TreeMap<>();
        for (String name : names()) {
            readme(name).ifPresent(r -> out.put(name, r.doc().text("created")));
        }
        return out;
    }

    /**
     * A taskforce's summary, from its kept state; computed here when the state has none yet (a README written out of
     * band that the folder's view does not list yet).
     *
     * @param name a validated name
     * @param readme its README
     * @return the summary
     */
    TaskforceSummary summaryOf(String name, StoredDoc readme) {
        return state(name).summary().orElseGet(() -> summary(name, readme, reads.list(dir(name)), agents()));
    }

    /** The folders under {@code taskforces/} that hold a file: one seek per folder, not a walk of every file. */
    private List<String> names() {
        List<String> out = new ArrayList<>();
        SortedMap<String, BucketEntry> rest = reads.range(FOLDER, FOLDER);
        while (!rest.isEmpty()) {
            String path = rest.firstKey();
            String after = path.substring(FOLDER.length());
            int slash = after.indexOf('/');
            if (slash <= 0) { // a file directly in taskforces/: no taskforce
                rest = rest.tailMap(path + '\0');
                continue;
            }
            String name = after.substring(0, slash);
            out.add(name);
            rest = rest.tailMap(FOLDER + name + "/" + Character.MAX_VALUE);
        }
        return out;
    }

    /** One summary. */
    private static TaskforceSummary summary(String name, StoredDoc readme, List<BucketEntry> files, Agents agents) {
        String dir = dir(name);
        int notes = 0;
        String last = null;
        String creator = readme.doc().text("creator");
        TreeSet<String> others = new TreeSet<>();
        for (BucketEntry e : files) {
            String rel = e.path().value().substring(dir.length());
            if (CentralPaths.isTaskforceNote(rel)) {
                notes++;
            }
            if (isStampedNote(rel)) {
                String leaf = e.path().leaf();
                String stamp = Stamps.stampOf(leaf);
                last = last == null || stamp.compareTo(last) > 0 ? stamp : last;
                others.add(Names.agentFromFilename(leaf));
            } else if (!isReadme(rel)) {
                markers(rel, agents.ids(), agents.others(), others);
            }
        }
        others.remove(creator);
        List<String> contributors = new ArrayList<>();
        contributors.add(creator);
        contributors.addAll(others);
        return new TaskforceSummary(
                name,
                creator,
                readme.doc().text("created"),
                excerpt(readme.doc().body()),
                contributors,
                files.size(),
                notes,
                Optional.ofNullable(last));
    }

    /** The registered agents, listed again only when the agent directory changed. */
    private Agents agents() {
        long version = reads.version(AgentDirectory.FOLDER);
        Agents a = kept.agents;
        if (a != null && a.version() == version) {
            return a;
        }
        Set<String> ids = new HashSet<>();
        List<String> others = new ArrayList<>();
        for (BucketEntry e : reads.list(AgentDirectory.FOLDER)) {
            String leaf = e.path().leaf();
            if (leaf.endsWith(".md") && !leaf.equalsIgnoreCase("README.md")) {
                String id = leaf.substring(0, leaf.length() - 3);
                if (Names.ID.matcher(id).matches()) {
                    ids.add(id);
                } else {
                    others.add(id);
                }
            }
        }
        Agents fresh = new Agents(version, Set.copyOf(ids), List.copyOf(others));
        kept.agents = fresh;
        return fresh;
    }

    /**
     * Adds the registered agents a file's relative path names with the marker {@code _<agent>} not followed by
     * {@code [a-z0-9-]}. For an id of the agent-id grammar ({@code [a-z0-9-]} only) that is exactly an id equal to
     * the whole run of {@code [a-z0-9-]} after an underscore, so each run is looked up once instead of trying every
     * agent's pattern on every file (1,000 agents by 1,000 files took 300 ms); other ids are tried as patterns.
     */
    static void markers(String rel, Set<String> ids, List<String> others, Set<String> out) {
        for (int i = rel.indexOf('_'); i >= 0; i = rel.indexOf('_', i + 1)) {
            int end = i + 1;
            while (end < rel.length() && idChar(rel.charAt(end))) {
                end++;
            }
            String run = rel.substring(i + 1, end);
            if (ids.contains(run)) {
                out.add(run);
            }
        }
        for (String a : others) {
            if (Pattern.compile("_" + Pattern.quote(a) + "(?![a-z0-9-])")
                    .matcher(rel)
                    .find()) {
                out.add(a);
            }
        }
    }

    private static boolean idChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }

    private static String activityKey(TaskforceSummary s) {
        String created = Stamps.yamlToFilename(s.created());
        String last = s.lastActivity().orElse("");
        return last.compareTo(created) > 0 ? last : created;
    }

    /** The first non-blank, non-heading line, else the first heading's text; over 160 chars → 159 + "…". */
    static String excerpt(String body) {
        String heading = null;
        String found = null;
        for (String line : body.split("\n", -1)) {
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("#")) {
                if (heading == null) {
                    heading = t.replaceFirst("^#+", "").strip();
                }
                continue;
            }
            found = t;
            break;
        }
        String text = found != null ? found : heading == null ? "" : heading;
        return text.length() > 160 ? text.substring(0, 159) + "…" : text;
    }
}
