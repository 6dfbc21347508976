package dev.agentcollab.core.service.taskforce;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.taskforce.TaskforceList;
import dev.agentcollab.api.taskforce.TaskforceSummary;
import dev.agentcollab.core.service.internal.AgentDirectory;
import dev.agentcollab.core.service.internal.CentralPaths;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Read side of taskforces (§7): which exist, their files, notes and summaries. Each taskforce's folder is kept with
 * the read model as counts and its notes in page order ({@link TaskforceFolder}), current write by write, so a list,
 * a detail or a notes page neither walks every file of every taskforce nor loads every note, and a note does not
 * make the next page walk its taskforce's files. Thread safe.
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
     * One taskforce as its pages read it.
     *
     * @param summary its summary, empty when it has no README
     * @param notes its notes (every {@code .md} but the README), by filename, then path; it does not change
     */
    record State(Optional<TaskforceSummary> summary, List<Note> notes) {}

    /**
     * The registered agents: ids of the agent-id grammar, and any others (hand-made files), at a version.
     *
     * @param version the agent directory view's version
     * @param ids the ids of the agent-id grammar
     * @param others the other ids
     */
    record Agents(long version, Set<String> ids, List<String> others) {}

    /** The folders kept per read model. */
    private static final class Kept {
        final ConcurrentHashMap<String, TaskforceFolder> folders = new ConcurrentHashMap<>();

        volatile Agents agents;
        /** The last sorted summaries, and the summary instances they were sorted from, in name order. */
        volatile Sorted sorted;
        /** The list answers derived from the sorted summaries, per query. */
        final ConcurrentHashMap<ListKey, Listed> lists = new ConcurrentHashMap<>();
    }

    /** The most list answers kept (one per {@code q} and {@code limit} asked since the summaries last changed). */
    static final int MAX_LISTS = 64;

    private record ListKey(Optional<String> q, Optional<Integer> limit) {}

    private record Listed(List<TaskforceSummary> from, TaskforceList answer) {}

    /** Summaries sorted for the list, kept while every taskforce's summary is the same instance. */
    private record Sorted(List<TaskforceSummary> from, List<TaskforceSummary> summaries) {}

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
     * A taskforce's notes whose {@code type} and {@code via} are the ones asked (each when asked), as the list
     * filters compare them, and the count of all its notes, as of one moment: from its notes kept per value of each
     * field, which the first such call builds by reading every note once (see {@link TaskforceFolder}).
     *
     * @param name the taskforce, validated
     * @param type the wanted {@code type}, or empty
     * @param via the wanted {@code via}, or empty
     * @return the selection
     */
    TaskforceFolder.Selection withFields(String name, Optional<String> type, Optional<String> via) {
        return folder(name).withFields(reads, type, via);
    }

    /**
     * One taskforce's summary and notes. The changes written through the read model since the last call are applied
     * in O(log n) each (O(its notes) for a note that is not the newest or is removed); a reload of its folder's view
     * (it may hold an out-of-band edit) makes this walk its files once; the summary is computed again, in
     * O(distinct agents named), after a change or when the agent directory changed.
     *
     * @param name a validated name
     * @return the state
     */
    State state(String name) {
        return folder(name).state(reads, agents());
    }

    /** The kept folder of a taskforce, registered with the read model the first time. */
    TaskforceFolder folder(String name) {
        return kept.folders.computeIfAbsent(name, n -> {
            TaskforceFolder f = new TaskforceFolder(n);
            reads.watch(f.dir(), f);
            return f;
        });
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
     * Summaries of every taskforce, most recently active first (ties by name). The same list instance is returned
     * while every taskforce's summary is the same instance (a summary is computed again after a change of its
     * folder or a registration), so that a caller can keep what it derived from it.
     *
     * @return the summaries, unmodifiable
     */
    public List<TaskforceSummary> summaries() {
        List<TaskforceSummary> current = new ArrayList<>();
        for (String name : names()) {
            state(name).summary().ifPresent(current::add);
        }
        Sorted last = kept.sorted;
        if (last != null && sameInstances(last.from(), current)) {
            return last.summaries();
        }
        List<TaskforceSummary> out = new ArrayList<>(current);
        out.sort(Comparator.comparing(TaskforceIndex::activityKey).reversed().thenComparing(TaskforceSummary::name));
        Sorted fresh = new Sorted(current, Collections.unmodifiableList(out));
        kept.sorted = fresh;
        return fresh.summaries();
    }

    /**
     * A list answer derived from the sorted summaries, the same instance while they are (see {@link #summaries()}):
     * computed once per {@code q} and {@code limit}, so that the route can serve its kept rendering.
     *
     * @param q the query's {@code q}
     * @param limit the query's {@code limit}
     * @param from the summaries the answer is derived from, as {@link #summaries()} returned them
     * @param compute derives the answer from them
     * @return the answer
     */
    TaskforceList listed(
            Optional<String> q, Optional<Integer> limit, List<TaskforceSummary> from, Supplier<TaskforceList> compute) {
        ListKey key = new ListKey(q, limit);
        Listed hit = kept.lists.get(key);
        if (hit != null && hit.from() == from) {
            return hit.answer();
        }
        TaskforceList fresh = compute.get();
        if (kept.lists.size() >= MAX_LISTS) {
            kept.lists.clear();
        }
        kept.lists.put(key, new Listed(from, fresh));
        return fresh;
    }

    private static boolean sameInstances(List<TaskforceSummary> a, List<TaskforceSummary> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
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
        return state(name).summary().orElseGet(() -> folder(name).summaryWith(reads, readme, agents()));
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
        for (String run : runs(rel)) {
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

    /**
     * The distinct non-empty runs of agent-id characters ({@code [a-z0-9-]}) that follow an underscore in a path:
     * the only agents of the id grammar its markers can name.
     *
     * @param rel a path below a taskforce's folder
     * @return the runs, in order of first appearance
     */
    static List<String> runs(String rel) {
        List<String> out = List.of();
        for (int i = rel.indexOf('_'); i >= 0; i = rel.indexOf('_', i + 1)) {
            int end = i + 1;
            while (end < rel.length() && idChar(rel.charAt(end))) {
                end++;
            }
            if (end > i + 1) {
                String run = rel.substring(i + 1, end);
                if (out.isEmpty()) {
                    out = new ArrayList<>(2);
                }
                if (!out.contains(run)) {
                    out.add(run);
                }
            }
        }
        return out;
    }

    private static boolean idChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }

    private static String activityKey(TaskforceSummary s) {
        String created = s.created().map(Stamps::yamlToFilename).orElse("");
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
        // counted in characters (code points), as the reference counts: a cut between the two halves of a
        // character outside the BMP would leave half a surrogate pair, which is no text and no valid JSON string
        return text.codePointCount(0, text.length()) > 160
                ? text.substring(0, text.offsetByCodePoints(0, 159)) + "…"
                : text;
    }
}
