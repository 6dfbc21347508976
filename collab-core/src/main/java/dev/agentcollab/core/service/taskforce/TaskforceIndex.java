package dev.agentcollab.core.service.taskforce;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.taskforce.TaskforceSummary;
import dev.agentcollab.core.service.internal.AgentDirectory;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Read side of taskforces (§7): which exist, their files, notes and summaries. Thread safe (stateless over the
 * read model).
 */
public final class TaskforceIndex {
    /** The folder of taskforces. */
    public static final String FOLDER = "taskforces/";

    private final ReadModel reads;

    /**
     * Creates the index.
     *
     * @param reads the read model
     */
    public TaskforceIndex(ReadModel reads) {
        this.reads = reads;
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
        return relative.equalsIgnoreCase("README.md");
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
        Map<String, List<BucketEntry>> byName = new LinkedHashMap<>();
        for (BucketEntry e : reads.list(FOLDER)) {
            String rest = e.path().value().substring(FOLDER.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                byName.computeIfAbsent(rest.substring(0, slash), k -> new ArrayList<>())
                        .add(e);
            }
        }
        List<String> agents = registeredAgents();
        List<TaskforceSummary> out = new ArrayList<>();
        byName.forEach((name, files) -> readme(name).ifPresent(r -> out.add(summary(name, r, files, agents))));
        out.sort(Comparator.comparing(TaskforceIndex::activityKey).reversed().thenComparing(TaskforceSummary::name));
        return out;
    }

    /** One summary. */
    TaskforceSummary summary(String name, StoredDoc readme, List<BucketEntry> files, List<String> agents) {
        String dir = dir(name);
        int notes = 0;
        String last = null;
        String creator = readme.doc().text("creator");
        TreeSet<String> others = new TreeSet<>();
        for (BucketEntry e : files) {
            String rel = e.path().value().substring(dir.length());
            if (rel.endsWith(".md") && !isReadme(rel)) {
                notes++;
            }
            if (isStampedNote(rel)) {
                String leaf = e.path().leaf();
                String stamp = Stamps.stampOf(leaf);
                last = last == null || stamp.compareTo(last) > 0 ? stamp : last;
                others.add(Names.agentFromFilename(leaf));
            } else if (!isReadme(rel)) {
                for (String a : agents) {
                    if (Pattern.compile("_" + Pattern.quote(a) + "(?![a-z0-9-])")
                            .matcher(rel)
                            .find()) {
                        others.add(a);
                    }
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
                readme.doc().text("created"),
                excerpt(readme.doc().body()),
                contributors,
                files.size(),
                notes,
                Optional.ofNullable(last));
    }

    List<String> registeredAgents() {
        List<String> out = new ArrayList<>();
        for (BucketEntry e : reads.list(AgentDirectory.FOLDER)) {
            String leaf = e.path().leaf();
            if (leaf.endsWith(".md") && !leaf.equalsIgnoreCase("README.md")) {
                out.add(leaf.substring(0, leaf.length() - 3));
            }
        }
        return out;
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
