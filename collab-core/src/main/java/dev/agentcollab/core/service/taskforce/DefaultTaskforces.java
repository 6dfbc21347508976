package dev.agentcollab.core.service.taskforce;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import dev.agentcollab.api.taskforce.Contribution;
import dev.agentcollab.api.taskforce.ContributionReceipt;
import dev.agentcollab.api.taskforce.TaskforceDetail;
import dev.agentcollab.api.taskforce.TaskforceFile;
import dev.agentcollab.api.taskforce.TaskforceFiles;
import dev.agentcollab.api.taskforce.TaskforceList;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.api.taskforce.TaskforceReceipt;
import dev.agentcollab.api.taskforce.TaskforceSummary;
import dev.agentcollab.api.taskforce.Taskforces;
import dev.agentcollab.core.service.board.TextSearch;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** Taskforces for one caller (§7). Thread safe. */
public final class DefaultTaskforces implements Taskforces {
    private final ServiceContext ctx;
    private final CallContext caller;
    private final TaskforceIndex index;
    private final TaskforceWriter writer;

    /**
     * Creates the feature for one caller.
     *
     * @param ctx the service context
     * @param caller the caller
     */
    public DefaultTaskforces(ServiceContext ctx, CallContext caller) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.caller = Objects.requireNonNull(caller, "caller");
        this.index = new TaskforceIndex(ctx.reads());
        this.writer = new TaskforceWriter(ctx, index);
    }

    @Override
    public TaskforceReceipt create(TaskforcePost post) {
        Objects.requireNonNull(post, "post");
        return ctx.idempotency()
                .run(caller, "taskforces.create", post, TaskforceReceipt.class, () -> writer.create(post, caller));
    }

    @Override
    public ContributionReceipt contribute(String name, Contribution contribution) {
        Objects.requireNonNull(contribution, "contribution");
        return ctx.idempotency()
                .run(
                        caller,
                        "taskforces.contribute",
                        java.util.Arrays.asList(name, contribution),
                        ContributionReceipt.class,
                        () -> writer.contribute(name, contribution, caller));
    }

    @Override
    public TaskforceList list(Optional<String> q, Optional<Integer> limit) {
        List<TaskforceSummary> all = index.summaries();
        return index.listed(q, limit, all, () -> {
            List<TaskforceSummary> matched = new ArrayList<>();
            String needle = q.map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
            for (TaskforceSummary s : all) {
                if (needle.isEmpty()
                        || s.name().toLowerCase(Locale.ROOT).contains(needle)
                        || readmeBody(s.name()).contains(needle)) {
                    matched.add(s);
                }
            }
            int n = limit.filter(l -> l > 0).orElse(matched.size());
            return new TaskforceList(all.size(), matched.size(), matched.subList(0, Math.min(n, matched.size())));
        });
    }

    private String readmeBody(String name) {
        return index.readme(name)
                .map(r -> r.doc().body().toLowerCase(Locale.ROOT))
                .orElse("");
    }

    @Override
    public TaskforceDetail get(String name) {
        String n = Names.taskforce(name);
        StoredDoc readme = index.requireReadme(n);
        TaskforceSummary s = index.summaryOf(n, readme);
        String updated = readme.doc().text("updated");
        return new TaskforceDetail(
                n,
                s.creator(),
                s.created(),
                updated.isEmpty() ? Optional.empty() : Optional.of(updated),
                new MessageRecord(
                        "README.md", readme.doc().frontmatter(), readme.doc().body()),
                s.contributors(),
                s.fileCount(),
                s.noteCount(),
                newest(index.state(n).notes(), 5));
    }

    /**
     * The newest notes by filename, as a stable sort of the notes in path order by filename, descending, gives them:
     * notes with equal filenames (in different subfolders) stay in path order. Only those notes are read.
     */
    private List<MessageRecord> newest(List<TaskforceIndex.Note> notes, int count) {
        List<MessageRecord> out = new ArrayList<>();
        int end = notes.size();
        while (end > 0 && out.size() < count) {
            int start = end - 1;
            while (start > 0
                    && notes.get(start - 1).filename().equals(notes.get(end - 1).filename())) {
                start--;
            }
            for (int i = start; i < end && out.size() < count; i++) {
                ctx.reads().document(notes.get(i).path()).ifPresent(d -> out.add(d.record()));
            }
            end = start;
        }
        return out;
    }

    @Override
    public Page<MessageRecord> notes(String name, ListQuery query) {
        String n = Names.taskforce(name);
        index.requireReadme(n);
        ListEngine.Spec spec = ListEngine.Spec.messages(ctx.config().expandMaxLimit());
        if (query.q().isPresent()) { // only the notes the taskforce's text index names, with every filter
            Optional<List<String>> candidates = TextSearch.taskforceNotes(
                    ctx.reads(), TaskforceIndex.dir(n), query.q().get());
            if (candidates.isEmpty()) { // a needle too short for the index: every note is read
                return ListEngine.run(ListEngine.items(index.notes(n), StoredDoc::record), query, spec);
            }
            List<StoredDoc> docs = new ArrayList<>();
            candidates.get().forEach(p -> ctx.reads().document(p).ifPresent(docs::add));
            Page<MessageRecord> page = ListEngine.run(ListEngine.items(docs, StoredDoc::record), query, spec);
            return new Page<>(index.state(n).notes().size(), page.matched(), page.items(), page.next());
        }
        int count;
        List<TaskforceIndex.Note> notes;
        if (query.type().isPresent() || query.via().isPresent()) { // the notes kept per value of each
            TaskforceFolder.Selection s = index.withFields(n, query.type(), query.via());
            count = s.count();
            notes = s.notes();
        } else {
            notes = index.state(n).notes();
            count = notes.size();
        }
        ListQuery rest = query.toBuilder().type(null).via(null).build();
        if (!ListEngine.unfiltered(rest, spec)) { // agent and stamp bounds, by the filename
            Predicate<String> keep = ListEngine.byFilename(rest, spec);
            notes = notes.stream().filter(t -> keep.test(t.filename())).toList();
        }
        return page(count, notes, query, spec);
    }

    /**
     * A page of notes filtered by nothing a note's content holds, as {@link ListEngine#run} pages them (by filename;
     * equal filenames in path order, reversed with the rest for the default newest-first order), reading only the
     * page's notes.
     *
     * @param count every note of the taskforce
     * @param notes the notes the filters keep, in order
     */
    private Page<MessageRecord> page(
            int count, List<TaskforceIndex.Note> notes, ListQuery query, ListEngine.Spec spec) {
        int lo = query.after().map(a -> firstAbove(notes, a, true)).orElse(0);
        int hi = query.before().map(b -> firstAbove(notes, b, false)).orElse(notes.size());
        boolean descending = query.order().orElse(spec.defaultOrder()) == SortOrder.DESC;
        int size = Math.max(0, hi - lo);
        int limit = ListEngine.effectiveLimit(query, spec);
        int take = limit > 0 ? Math.min(size, limit) : size;
        List<TaskforceIndex.Note> window = new ArrayList<>(take);
        for (int k = 0; k < take; k++) {
            window.add(notes.get(descending ? hi - 1 - k : lo + k));
        }
        Optional<String> next =
                limit > 0 && size > limit ? Optional.of(window.get(limit - 1).filename()) : Optional.empty();
        List<MessageRecord> items = new ArrayList<>();
        for (TaskforceIndex.Note note : window) {
            ctx.reads().document(note.path()).ifPresent(d -> items.add(d.record()));
        }
        return new Page<>(count, notes.size(), items, next);
    }

    /** The first index whose filename is above the bound ({@code strictly}) or at or above it. */
    private static int firstAbove(List<TaskforceIndex.Note> notes, String bound, boolean strictly) {
        int lo = 0;
        int hi = notes.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = notes.get(mid).filename().compareTo(bound);
            if (cmp < 0 || (strictly && cmp == 0)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public TaskforceFiles files(String name) {
        String n = Names.taskforce(name);
        index.requireReadme(n);
        String dir = TaskforceIndex.dir(n);
        List<TaskforceFiles.Entry> items = new ArrayList<>();
        for (BucketEntry e : index.files(n)) {
            items.add(new TaskforceFiles.Entry(e.path().value().substring(dir.length()), e.size()));
        }
        return new TaskforceFiles(items.size(), items);
    }

    @Override
    public TaskforceFile file(String name, String path) {
        String n = Names.taskforce(name);
        BucketPath rel = BucketPath.validateUserPath(path);
        String full = TaskforceIndex.dir(n) + rel.value();
        byte[] bytes = ctx.reads().read(full).orElseThrow(() -> CollabException.notFound(full));
        return new TaskforceFile(rel.value(), bytes, contentType(rel.leaf()));
    }

    static String contentType(String leaf) {
        String lower = leaf.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        String ext = dot < 0 ? "" : lower.substring(dot + 1);
        return switch (ext) {
            case "md" -> "text/markdown; charset=utf-8";
            case "json" -> "application/json";
            case "txt", "log" -> "text/plain; charset=utf-8";
            case "csv" -> "text/csv; charset=utf-8";
            case "yaml", "yml" -> "application/yaml";
            case "html" -> "text/html; charset=utf-8";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "svg" -> "image/svg+xml";
            case "py" -> "text/x-python; charset=utf-8";
            default -> "application/octet-stream";
        };
    }
}
