package dev.agentcollab.core.service.taskforce;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.taskforce.Contribution;
import dev.agentcollab.api.taskforce.ContributionReceipt;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.api.taskforce.TaskforceReceipt;
import dev.agentcollab.core.service.internal.AuditEvent;
import dev.agentcollab.core.service.internal.Document;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.PromotionDedup;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.Sources;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Write side of taskforces (§7): README create/update (serialised per taskforce, so two creators racing for one
 * name cannot both win), stamped notes and named files. Thread safe.
 */
final class TaskforceWriter {
    private static final ConcurrentHashMap<String, Object> LOCKS = new ConcurrentHashMap<>();

    private final ServiceContext ctx;
    private final TaskforceIndex index;

    TaskforceWriter(ServiceContext ctx, TaskforceIndex index) {
        this.ctx = ctx;
        this.index = index;
    }

    /** The author, content and provenance of a write. */
    private record Input(String agent, String via, Document doc, String source, Optional<String> sha256) {}

    TaskforceReceipt create(TaskforcePost post, CallContext caller) {
        String name = Names.taskforce(post.name());
        Input in = post.source().isPresent()
                ? fromSource(post.source().get(), true, caller)
                : raw(post.agentId().orElseThrow(), post.body().orElseThrow(), Optional.empty(), null, caller);
        String folder = "taskforces/" + name;
        synchronized (LOCKS.computeIfAbsent(ctx.config().centralBucket() + "|" + name, k -> new Object())) {
            Optional<StoredDoc> existing = index.readme(name);
            existing.ifPresent(r -> {
                String creator = r.doc().text("creator");
                if (!creator.equals(in.agent())) {
                    throw CollabException.of(
                            ErrorCode.TASKFORCE_EXISTS,
                            "taskforce '" + name + "' already exists"
                                    + (creator.isEmpty() ? "" : " (creator: " + creator + ")"),
                            "contribute via POST /v1/taskforces/" + name + "/files");
                }
            });
            Optional<PromotionDedup.Claim> claim =
                    in.sha256().map(h -> ctx.dedup().claim(h, folder));
            String path = TaskforceIndex.readmePath(name);
            boolean created = existing.isEmpty();
            TaskforceReceipt receipt = new TaskforceReceipt(name, in.via(), path, created);
            try {
                Map<String, Object> stamps = new LinkedHashMap<>();
                stamps.put("taskforce", name);
                stamps.put("creator", in.agent());
                String now = Stamps.yaml(ctx.now());
                // the README's own created, as it is (YAML null when it has none, as the reference writes None)
                stamps.put(
                        "created",
                        existing.isPresent()
                                ? existing.get().doc().frontmatter().get("created")
                                : now);
                if (existing.isPresent()) {
                    stamps.put("updated", now);
                }
                stamps.put("via", in.via());
                byte[] bytes = FrontmatterCodec.bytes(in.doc().merged(stamps));
                List<BatchOp> batch = new ArrayList<>();
                batch.add(BatchOp.put(path, bytes));
                claim.ifPresent(c -> batch.add(c.op("README.md", path)));
                ctx.commits()
                        .commit(
                                batch,
                                new AuditEvent(
                                        in.agent(),
                                        "/v1/taskforces",
                                        in.via(),
                                        in.source(),
                                        path,
                                        bytes.length,
                                        created ? 201 : 200,
                                        Map.of("taskforce", name, "created", created)),
                                caller,
                                receipt);
                claim.ifPresent(c -> c.record("README.md"));
            } finally {
                claim.ifPresent(PromotionDedup.Claim::close);
            }
            return receipt;
        }
    }

    ContributionReceipt contribute(String rawName, Contribution c, CallContext caller) {
        String name = Names.taskforce(rawName);
        index.requireReadme(name);
        if (c.destPath().isPresent()) {
            return namedFile(name, c.source().orElseThrow(), c.destPath().get(), caller);
        }
        Input in = c.source().isPresent()
                ? fromSource(c.source().get(), true, caller)
                : raw(c.agentId().orElseThrow(), c.body().orElseThrow(), c.type(), "note", caller);
        String folder = "taskforces/" + name;
        Optional<PromotionDedup.Claim> claim = in.sha256().map(h -> ctx.dedup().claim(h, folder));
        String filename = null;
        try {
            Map<String, Object> fm = new LinkedHashMap<>(in.doc().frontmatter());
            // Only an absent key takes the default (the reference's setdefault): `type: null` stays as written.
            if (!fm.containsKey("type")) {
                fm.put("type", "note");
            }
            Map<String, Object> stamps = new LinkedHashMap<>();
            stamps.put("agent", in.agent());
            stamps.put("timestamp", Stamps.yaml(ctx.now()));
            stamps.put("via", in.via());
            stamps.put("taskforce", name);
            byte[] bytes =
                    FrontmatterCodec.bytes(Document.of(fm, in.doc().body()).merged(stamps));
            String leaf = ctx.filenames().allocate(TaskforceIndex.dir(name), in.agent(), ctx.now());
            filename = leaf;
            String path = TaskforceIndex.dir(name) + leaf;
            ContributionReceipt receipt = new ContributionReceipt("note", leaf, in.via(), path);
            List<BatchOp> batch = new ArrayList<>();
            batch.add(BatchOp.put(path, bytes));
            claim.ifPresent(held -> batch.add(held.op(leaf, path)));
            ctx.commits()
                    .commitNew(
                            batch,
                            new AuditEvent(
                                    in.agent(),
                                    "/v1/taskforces/{name}/files",
                                    in.via(),
                                    in.source(),
                                    path,
                                    bytes.length,
                                    201,
                                    Map.of("taskforce", name, "kind", "note")),
                            caller,
                            receipt);
            claim.ifPresent(held -> held.record(leaf));
            return receipt;
        } finally {
            claim.ifPresent(PromotionDedup.Claim::close);
            if (filename != null) {
                ctx.filenames().release(TaskforceIndex.dir(name), filename);
            }
        }
    }

    private ContributionReceipt namedFile(String name, String source, String dest, CallContext caller) {
        Sources.Resolved src = Sources.resolve(source, ctx.config());
        src.file();
        ctx.requireAgentWriter(src.agentId(), caller);
        ctx.limitBucketWrite(src.agentId());
        Sources.SourceFile file = Sources.read(ctx.store(), src, ctx.config().sourceMaxBytes());
        BucketPath destPath = BucketPath.validateUserPath(dest);
        if (destPath.leaf().equalsIgnoreCase("README.md")) {
            throw CollabException.of(
                    ErrorCode.INVALID_PATH,
                    "README.md is reserved for the taskforce description",
                    "update it via POST /v1/taskforces");
        }
        Names.requireMarker(destPath.value(), src.agentId(), "taskforce file");
        // Named .md files are listed among the notes with their leaf as filename, and a stamped leaf
        // (<YYYYMMDD-...>_<author>.md) names its author: the marker may sit in a folder, so without this check
        // agent X could publish "d_X/20260601-100000-000_Y.md" as a note by Y.
        String leaf = destPath.leaf();
        String stem = leaf.endsWith(".md") ? leaf.substring(0, leaf.length() - 3) : leaf;
        String namedAuthor = Names.agentFromFilename(leaf);
        if (!namedAuthor.equals(stem) && !namedAuthor.equals(src.agentId())) {
            throw CollabException.of(
                    ErrorCode.INVALID_PATH,
                    "taskforce file name '" + leaf + "' has the form of a note by '" + namedAuthor + "'",
                    "stamped names <YYYYMMDD-HHMMSS-mmm>_<agent_id> must carry your own agent_id");
        }
        String path = TaskforceIndex.dir(name) + destPath.value();
        ContributionReceipt receipt = new ContributionReceipt("file", destPath.value(), "bucket", path);
        ctx.commits()
                .commit(
                        List.of(BatchOp.put(path, file.bytes())),
                        new AuditEvent(
                                src.agentId(),
                                "/v1/taskforces/{name}/files",
                                "bucket",
                                source,
                                path,
                                file.bytes().length,
                                201,
                                Map.of("taskforce", name, "kind", "file")),
                        caller,
                        receipt);
        return receipt;
    }

    private Input fromSource(String source, boolean parse, CallContext caller) {
        Sources.Resolved src = Sources.resolve(source, ctx.config());
        src.file();
        ctx.requireAgentWriter(src.agentId(), caller);
        ctx.limitBucketWrite(src.agentId());
        Sources.SourceFile file = Sources.read(ctx.store(), src, ctx.config().sourceMaxBytes());
        Document doc = parse ? FrontmatterCodec.parse(file.text()) : Document.of(Map.of(), file.text());
        return new Input(src.agentId(), "bucket", doc, source, Optional.of(file.sha256()));
    }

    private Input raw(String agentId, String body, Optional<String> type, String defaultType, CallContext caller) {
        String agent = Names.agentId(agentId);
        ctx.requireAgentWriter(agent, caller);
        ctx.rawMessages().acquire(agent);
        Map<String, Object> fm = new LinkedHashMap<>();
        if (defaultType != null) {
            fm.put("type", type.filter(t -> !t.isEmpty()).orElse(defaultType));
        }
        return new Input(agent, "raw", Document.of(fm, body), "", Optional.empty());
    }
}
