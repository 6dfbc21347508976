package dev.agentcollab.core.service.sync;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.sync.Sync;
import dev.agentcollab.api.sync.SyncReceipt;
import dev.agentcollab.api.sync.SyncedFile;
import dev.agentcollab.core.service.internal.AuditEvent;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.Sources;
import dev.agentcollab.core.service.result.ResultsContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Artifact and shared-resource syncs (reference §7). Checks in the reference order, then lists the source folder
 * recursively, enforces the file-count and byte caps before copying anything, and copies every file into the
 * central bucket in one atomic batch of server-side copies (bytes never pass through the service). Thread safe.
 */
public final class DefaultSync implements Sync {
    private final ResultsContext results;
    private final ServiceContext ctx;
    private final CallContext caller;

    /**
     * Creates the feature for one caller.
     *
     * @param results the results context (sync caps)
     * @param caller the caller
     */
    public DefaultSync(ResultsContext results, CallContext caller) {
        this.results = Objects.requireNonNull(results, "results");
        this.ctx = results.service();
        this.caller = Objects.requireNonNull(caller, "caller");
    }

    @Override
    public SyncReceipt artifacts(String source, String destSlug) {
        return ctx.idempotency()
                .run(
                        caller,
                        "sync.artifacts",
                        java.util.Arrays.asList(source, destSlug),
                        SyncReceipt.class,
                        () -> artifactsOnce(source, destSlug));
    }

    private SyncReceipt artifactsOnce(String source, String destSlug) {
        String slug = Names.slug(Objects.requireNonNull(destSlug, "destSlug"));
        Sources.Resolved src = Sources.resolve(Objects.requireNonNull(source, "source"), ctx.config());
        ctx.requireAgentWriter(src.agentId(), caller);
        ctx.limitBucketWrite(src.agentId());
        String dest = "artifacts/" + slug + "_" + src.agentId() + "/";
        return copy(src, dest, dest, "/v1/artifacts:sync");
    }

    @Override
    public SyncReceipt sharedResources(String source, String destPath) {
        return ctx.idempotency()
                .run(
                        caller,
                        "sync.sharedResources",
                        java.util.Arrays.asList(source, destPath),
                        SyncReceipt.class,
                        () -> sharedResourcesOnce(source, destPath));
    }

    private SyncReceipt sharedResourcesOnce(String source, String destPath) {
        Sources.Resolved src = Sources.resolve(Objects.requireNonNull(source, "source"), ctx.config());
        String dest = BucketPath.validateUserPath(Objects.requireNonNull(destPath, "destPath"))
                .value();
        Names.requireMarker(dest, src.agentId(), "shared_resources");
        SyncRules.requireNotBlocked("shared_resources/" + dest);
        ctx.requireAgentWriter(src.agentId(), caller);
        ctx.limitBucketWrite(src.agentId());
        return copy(src, "shared_resources/" + dest + "/", "shared_resources/" + dest, "/v1/shared-resources:sync");
    }

    private SyncReceipt copy(Sources.Resolved src, String destDir, String reportedDest, String route) {
        String prefix = src.path().map(BucketPath::value).orElse("");
        List<BucketEntry> files = list(src, prefix);
        long total = files.stream().mapToLong(BucketEntry::size).sum();
        if (files.size() > results.config().syncMaxFiles()) {
            throw CollabException.of(
                    ErrorCode.SYNC_TOO_LARGE,
                    files.size() + " files exceeds cap of " + results.config().syncMaxFiles());
        }
        if (total > results.config().syncMaxBytes()) {
            throw CollabException.of(
                    ErrorCode.SYNC_TOO_LARGE,
                    total + " bytes exceeds cap of " + results.config().syncMaxBytes());
        }
        List<BatchOp> ops = new ArrayList<>();
        List<SyncedFile> copied = new ArrayList<>();
        for (BucketEntry f : files) {
            String path = f.path().value();
            String rel =
                    !prefix.isEmpty() && path.startsWith(prefix + "/") ? path.substring(prefix.length() + 1) : path;
            String target = destDir + rel;
            ops.add(new BatchOp.Copy(src.bucket(), f.path(), BucketPath.of(target)));
            copied.add(new SyncedFile(path, target, f.size()));
        }
        SyncReceipt receipt = new SyncReceipt(reportedDest, copied, total);
        ctx.commits()
                .commit(
                        ops,
                        new AuditEvent(
                                src.agentId(),
                                route,
                                "bucket",
                                src.uri(),
                                reportedDest,
                                total,
                                200,
                                Map.of("file_count", copied.size())),
                        caller,
                        receipt);
        return receipt;
    }

    /** The files of a folder (or the single file the path names); a missing bucket or folder is empty. */
    private List<BucketEntry> list(Sources.Resolved src, String prefix) {
        try {
            if (prefix.isEmpty()) {
                return ctx.store().listAll(src.bucket(), "");
            }
            List<BucketEntry> out = new ArrayList<>(ctx.store().listAll(src.bucket(), prefix + "/"));
            ctx.store().listAll(src.bucket(), prefix).stream()
                    .filter(e -> e.path().value().equals(prefix))
                    .findFirst()
                    .ifPresent(e -> out.add(0, e));
            return out;
        } catch (CollabException e) {
            if (e.code() == ErrorCode.BUCKET_NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }
}
