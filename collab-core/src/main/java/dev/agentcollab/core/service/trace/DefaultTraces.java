package dev.agentcollab.core.service.trace;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketUri;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import dev.agentcollab.api.trace.TraceReceipt;
import dev.agentcollab.api.trace.TraceRecord;
import dev.agentcollab.api.trace.TraceStats;
import dev.agentcollab.api.trace.TraceSummary;
import dev.agentcollab.api.trace.Traces;
import dev.agentcollab.core.service.board.TextSearch;
import dev.agentcollab.core.service.internal.AuditEvent;
import dev.agentcollab.core.service.internal.Document;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.Sources;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.internal.StoredDoc;
import dev.agentcollab.core.service.result.ResultsContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Traces (reference §7.3): promotion of session bundles, the library listing, one bundle, and token statistics.
 * Thread safe (stateless per caller).
 */
public final class DefaultTraces implements Traces {
    static final String FOLDER = "traces/";
    private static final String MANIFEST = "manifest.md";

    private final ResultsContext results;
    private final ServiceContext ctx;
    private final CallContext caller;

    /**
     * Creates the feature for one caller.
     *
     * @param results the results context (the byte cap)
     * @param caller the caller
     */
    public DefaultTraces(ResultsContext results, CallContext caller) {
        this.results = Objects.requireNonNull(results, "results");
        this.ctx = results.service();
        this.caller = Objects.requireNonNull(caller, "caller");
    }

    @Override
    public TraceReceipt share(String source, String share) {
        return ctx.idempotency()
                .run(
                        caller,
                        "traces.share",
                        java.util.Arrays.asList(source, share),
                        TraceReceipt.class,
                        () -> shareOnce(source, share));
    }

    /**
     * Adds to a share's batch the deletion of every file an earlier share of the session published that this one
     * does not: re-sharing as {@code stats} withdraws the native log a {@code full} share copied, and a log renamed
     * in the agent's bucket does not leave its old copy behind.
     */
    private void withdrawUnshared(String destDir, List<BatchOp> ops) {
        java.util.Set<String> kept = new java.util.HashSet<>();
        for (BatchOp op : ops) {
            kept.add(op.path().value());
        }
        for (String published : ctx.reads().range(FOLDER, destDir).keySet()) {
            if (!kept.contains(published)) {
                ops.add(BatchOp.delete(published));
            }
        }
    }

    private TraceReceipt shareOnce(String source, String share) {
        if (!"stats".equals(share) && !"full".equals(share)) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST, "`share` must be 'stats' or 'full', got '" + share + "'");
        }
        Sources.Resolved src = Sources.resolve(Objects.requireNonNull(source, "source"), ctx.config());
        String dir = src.path().map(BucketPath::value).orElse("");
        String[] parts = dir.split("/");
        if (parts.length != 2 || !parts[0].equals("traces")) {
            throw CollabException.of(
                    ErrorCode.INVALID_PATH,
                    "source must point at your traces/<session>/ bundle dir",
                    "write traces/<session>/manifest.md to your bucket, then pass that dir");
        }
        String session = BucketPath.validateUserPath(parts[1]).value();
        ctx.requireAgentWriter(src.agentId(), caller);
        ctx.limitBucketWrite(src.agentId());
        String manifestText = readManifest(src, dir);
        Document manifest = FrontmatterCodec.parse(manifestText);
        TraceManifests.validate(manifest.frontmatter());
        String sessionId = String.valueOf(manifest.frontmatter().get("session_id"));
        if (sessionId.contains("/")) {
            throw CollabException.invalidPath("trace session_id must be a single path component");
        }
        BucketPath.validateUserPath(sessionId);
        if (!sessionId.equals(session)) {
            throw CollabException.of(
                    ErrorCode.INVALID_PATH,
                    "trace manifest session_id must match the source directory",
                    "manifest has '" + sessionId + "'; source path has '" + session + "'");
        }
        String completeness = TraceManifests.completeness(manifest.frontmatter());
        Map<String, Object> stamps = new LinkedHashMap<>();
        stamps.put("agent", src.agentId());
        stamps.put("promoted_at", Stamps.yaml(ctx.now()));
        stamps.put("via", "bucket");
        stamps.put("share", share);
        stamps.put("completeness", completeness);
        byte[] content = FrontmatterCodec.bytes(manifest.merged(stamps));
        String destDir = FOLDER + src.agentId() + "/" + sessionId + "/";
        List<BatchOp> ops = new ArrayList<>();
        int filesCopied = 0;
        long bytesCopied = 0;
        if (share.equals("full")) {
            BucketEntry log = nativeLog(src, dir, manifest.frontmatter());
            long total = manifestText.getBytes(StandardCharsets.UTF_8).length + log.size();
            if (total > results.config().syncMaxBytes()) {
                throw CollabException.of(
                        ErrorCode.SYNC_TOO_LARGE,
                        total + " bytes exceeds cap of " + results.config().syncMaxBytes());
            }
            ops.add(new BatchOp.Copy(
                    src.bucket(), log.path(), BucketPath.of(destDir + log.path().leaf())));
            filesCopied = 1;
            bytesCopied = log.size();
        }
        ops.add(BatchOp.put(destDir + MANIFEST, content));
        withdrawUnshared(destDir, ops);
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("share", share);
        extras.put("session_id", sessionId);
        extras.put("files_copied", filesCopied);
        extras.put("completeness", completeness);
        TraceReceipt receipt =
                new TraceReceipt(sessionId, src.agentId(), share, destDir, filesCopied, bytesCopied, completeness);
        ctx.commits()
                .commit(
                        ops,
                        new AuditEvent(
                                src.agentId(),
                                "/v1/traces",
                                "bucket",
                                src.uri(),
                                destDir + MANIFEST,
                                content.length + bytesCopied,
                                201,
                                extras),
                        caller,
                        receipt);
        return receipt;
    }

    /**
     * The bundle's manifest, read as any source file is (size limit, strict UTF-8: bytes that are not UTF-8 are
     * {@code INVALID_FRONTMATTER}, never stored with replacement characters); a missing one is {@code INVALID_PATH}.
     */
    private String readManifest(Sources.Resolved src, String dir) {
        BucketPath manifest = BucketPath.of(dir + "/" + MANIFEST);
        Sources.Resolved file = new Sources.Resolved(
                new BucketUri(src.bucket(), Optional.of(manifest)).toString(),
                src.bucket(),
                src.agentId(),
                Optional.of(manifest));
        try {
            return Sources.read(ctx.store(), file, ctx.config().sourceMaxBytes())
                    .text();
        } catch (CollabException e) {
            if (e.code() != ErrorCode.SOURCE_NOT_FOUND) {
                throw e;
            }
            throw CollabException.of(
                    ErrorCode.INVALID_PATH,
                    "trace bundle is missing manifest.md",
                    "write manifest.md into traces/<session>/ of your bucket: frontmatter with schema_version,"
                            + " harness, session_id (and usage, activity) over a summary");
        }
    }

    private BucketEntry nativeLog(Sources.Resolved src, String dir, Map<String, Object> fm) {
        Object value = fm.get("native_log_file");
        if (!(value instanceof String s) || s.isBlank()) {
            throw CollabException.of(
                    ErrorCode.INVALID_FRONTMATTER, "full trace manifest missing required field: native_log_file");
        }
        String name = BucketPath.validateUserPath(s.strip()).value();
        if (name.contains("/") || name.equals(MANIFEST)) {
            throw CollabException.invalidPath("native_log_file must be a single non-manifest filename");
        }
        String expected = dir + "/" + name;
        return ctx.store().listAll(src.bucket(), dir + "/").stream()
                .filter(e -> e.path().value().equals(expected))
                .findFirst()
                .orElseThrow(() -> CollabException.of(
                        ErrorCode.INVALID_PATH,
                        "trace bundle is missing declared native_log_file",
                        "expected " + expected));
    }

    /**
     * A page of the library. Without {@code q}, and with {@code match} on {@code harness}, {@code model} or
     * {@code share} only (the route's filters), optionally by {@code agent}, it is a window of the manifests
     * {@link TraceIndex} keeps in order, and only the page's manifests are read. With {@code q} of at least three
     * characters, only the manifests the text index of {@code traces/} names as candidates are read and filtered
     * ({@link #searched}). Otherwise every manifest is read and filtered ({@link #general}).
     */
    @Override
    public Page<TraceSummary> list(ListQuery query) {
        Optional<String> agent = query.agent().map(Names::agentId);
        ListEngine.Spec spec = spec(ctx.config().expandMaxLimit());
        if (query.q().isPresent()) {
            Optional<List<String>> candidates =
                    TextSearch.traceManifests(ctx.reads(), query.q().get());
            return candidates.isPresent()
                    ? searched(ctx.reads(), query, spec, candidates.get())
                    : general(ctx.reads(), query, spec);
        }
        if (!TraceIndex.FIELDS.containsAll(query.match().keySet())) {
            return general(ctx.reads(), query, spec);
        }
        TraceIndex.Window w = TraceIndex.of(ctx.reads()).window(query, spec, agent, query.match());
        int limit = ListEngine.effectiveLimit(query, spec);
        boolean more = limit > 0 && w.picks().size() > limit;
        List<TraceSummary> items = new ArrayList<>();
        for (TraceIndex.Pick pick : more ? w.picks().subList(0, limit) : w.picks()) {
            ctx.reads().document(pick.path()).ifPresent(d -> items.add(summary(ctx.reads(), d)));
        }
        Optional<String> next = more ? Optional.of(w.picks().get(limit - 1).key()) : Optional.empty();
        return new Page<>(w.count(), w.matched(), items, next);
    }

    /**
     * The library's spec: {@code agent}, {@code match} and {@code q}, ten per page, newest first.
     *
     * @param expandMaxLimit the deployment's cap on expanded pages
     * @return the spec
     */
    static ListEngine.Spec spec(int expandMaxLimit) {
        return new ListEngine.Spec(
                EnumSet.of(ListEngine.Filter.AGENT, ListEngine.Filter.MATCH, ListEngine.Filter.Q),
                10,
                SortOrder.DESC,
                expandMaxLimit);
    }

    /**
     * A library page computed from every manifest, for any query: what the indexed path must answer.
     *
     * @param reads the read model
     * @param query the query
     * @param spec the library's spec
     * @return the page
     */
    static Page<TraceSummary> general(ReadModel reads, ListQuery query, ListEngine.Spec spec) {
        query.agent().ifPresent(Names::agentId);
        Map<String, String> primary = primaryLogs(reads);
        List<ListEngine.Item<TraceSummary>> items = new ArrayList<>();
        for (StoredDoc d : manifests(reads)) {
            String[] ids = ids(d);
            Optional<String> log = Optional.ofNullable(primary.get(ids[0] + "/" + ids[1]));
            TraceSummary summary = TraceManifests.summary(ids[0], ids[1], d.doc(), log);
            items.add(new ListEngine.Item<>(TraceIndex.sortKey(ids[0], ids[1], d.doc()), ids[0], d.doc(), summary));
        }
        return ListEngine.run(items, query, spec);
    }

    /**
     * A library page with {@code q} from the manifests that may contain its needle: each is read and the query's
     * every filter applied as {@link #general} applies it; {@code count} is every manifest, from {@link TraceIndex}.
     */
    private static Page<TraceSummary> searched(
            ReadModel reads, ListQuery query, ListEngine.Spec spec, List<String> candidates) {
        List<ListEngine.Item<TraceSummary>> items = new ArrayList<>();
        for (String path : candidates) {
            reads.document(path).filter(d -> TraceIndex.isManifest(d.path())).ifPresent(d -> {
                String[] ids = ids(d);
                items.add(new ListEngine.Item<>(
                        TraceIndex.sortKey(ids[0], ids[1], d.doc()), ids[0], d.doc(), summary(reads, d)));
            });
        }
        Page<TraceSummary> page = ListEngine.run(items, query, spec);
        return new Page<>(TraceIndex.of(reads).count(), page.matched(), page.items(), page.next());
    }

    /** The summary of one manifest, with its folder's first other file as the primary log. */
    private static TraceSummary summary(ReadModel reads, StoredDoc d) {
        String[] ids = ids(d);
        Optional<String> log =
                logFiles(reads, FOLDER + ids[0] + "/" + ids[1] + "/").findFirst();
        return TraceManifests.summary(ids[0], ids[1], d.doc(), log);
    }

    /**
     * A bundle folder's files but its manifests, by path, from the {@code traces/} view's range (a view of its own
     * per folder read would stay in the read model).
     */
    private static Stream<String> logFiles(ReadModel reads, String dir) {
        return reads.range(FOLDER, dir).keySet().stream().filter(p -> !p.endsWith("/" + MANIFEST));
    }

    @Override
    public TraceRecord get(String agent, String session) {
        String a = Names.agentId(agent);
        String s = BucketPath.validateUserPath(session).value();
        if (s.contains("/")) {
            throw CollabException.invalidPath("invalid session: '" + session + "'");
        }
        String dir = FOLDER + a + "/" + s + "/";
        StoredDoc doc =
                ctx.reads().document(dir + MANIFEST).orElseThrow(() -> CollabException.notFound(FOLDER + a + "/" + s));
        List<String> logs = logFiles(ctx.reads(), dir).toList();
        return new TraceRecord(a, s, doc.doc().frontmatter(), doc.doc().body(), dir, logs);
    }

    @Override
    public TraceStats stats() {
        return TraceIndex.of(ctx.reads()).stats(Stamps.iso(ctx.now()));
    }

    /**
     * The token aggregate computed from every manifest: what {@link TraceIndex} must answer.
     *
     * @param reads the read model
     * @param generatedAt the answer's stamp
     * @return the aggregate
     */
    static TraceStats generalStats(ReadModel reads, String generatedAt) {
        TraceTotals totals = new TraceTotals();
        for (StoredDoc d : manifests(reads)) {
            totals.add(TraceTotals.Contribution.of(ids(d)[0], d.doc().frontmatter()));
        }
        return totals.stats(generatedAt);
    }

    private static List<StoredDoc> manifests(ReadModel reads) {
        return reads.documents(FOLDER).stream()
                .filter(d -> TraceIndex.isManifest(d.path()))
                .toList();
    }

    private static String[] ids(StoredDoc d) {
        String[] parts = d.path().split("/");
        return new String[] {parts[1], parts[2]};
    }

    private static Map<String, String> primaryLogs(ReadModel reads) {
        Map<String, String> out = new LinkedHashMap<>();
        for (BucketEntry e : reads.list(FOLDER)) {
            String[] parts = e.path().value().split("/");
            if (parts.length >= 4 && !parts[parts.length - 1].equals(MANIFEST)) {
                out.putIfAbsent(parts[1] + "/" + parts[2], e.path().value());
            }
        }
        return out;
    }
}
