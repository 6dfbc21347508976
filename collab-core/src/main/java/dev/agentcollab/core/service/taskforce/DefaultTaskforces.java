package dev.agentcollab.core.service.taskforce;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
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
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

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
        TaskforceSummary s = index.summary(n, readme, index.files(n), index.registeredAgents());
        List<StoredDoc> notes = new ArrayList<>(index.notes(n));
        notes.sort(Comparator.comparing(StoredDoc::filename).reversed());
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
                notes.stream().limit(5).map(StoredDoc::record).toList());
    }

    @Override
    public Page<MessageRecord> notes(String name, ListQuery query) {
        String n = Names.taskforce(name);
        index.requireReadme(n);
        return ListEngine.run(
                ListEngine.items(index.notes(n), StoredDoc::record),
                query,
                ListEngine.Spec.messages(ctx.config().expandMaxLimit()));
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
