package dev.agentcollab.core.service.result;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import dev.agentcollab.api.result.ResultReceipt;
import dev.agentcollab.api.result.ResultRecord;
import dev.agentcollab.api.result.Results;
import dev.agentcollab.api.result.VerdictReceipt;
import dev.agentcollab.api.result.VerdictRequest;
import dev.agentcollab.api.result.Verification;
import dev.agentcollab.core.service.board.TextSearch;
import dev.agentcollab.core.service.internal.AuditEvent;
import dev.agentcollab.core.service.internal.Document;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.NamedRecords;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.PromotionDedup;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.RecordSet;
import dev.agentcollab.core.service.internal.RecordSetPages;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.Sources;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.leaderboard.RankedResults;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Results (reference §6). Promotion checks, in order: source URI, registration, bucket-write limit, source file,
 * frontmatter, result schema, dedup; then the result is written once (never updated), entered into the verification
 * index as {@code pending}, offered to the verifier, and audited. Thread safe (stateless per caller).
 */
public final class DefaultResults implements Results {
    private static final String ROUTE = "/v1/results";
    private static final String DEDUP_FOLDER = "results";

    private final ResultsContext results;
    private final ServiceContext ctx;
    private final CallContext caller;

    /**
     * Creates the feature for one caller.
     *
     * @param results the results context
     * @param caller the caller
     */
    public DefaultResults(ResultsContext results, CallContext caller) {
        this.results = Objects.requireNonNull(results, "results");
        this.ctx = results.service();
        this.caller = Objects.requireNonNull(caller, "caller");
    }

    @Override
    public ResultReceipt promote(String source) {
        Objects.requireNonNull(source, "source");
        return ctx.idempotency().run(caller, "results.promote", source, ResultReceipt.class, () -> promoteOnce(source));
    }

    private ResultReceipt promoteOnce(String source) {
        Sources.Resolved src = Sources.resolve(Objects.requireNonNull(source, "source"), ctx.config());
        src.file();
        ctx.requireAgentWriter(src.agentId(), caller);
        ctx.limitBucketWrite(src.agentId());
        Sources.SourceFile file = Sources.read(ctx.store(), src, ctx.config().sourceMaxBytes());
        Document doc = FrontmatterCodec.parse(file.text());
        ResultSchema.check(doc.frontmatter(), results.config());
        Document stamped;
        String filename;
        ResultReceipt receipt;
        try (PromotionDedup.Claim claim = ctx.dedup().claim(file.sha256(), DEDUP_FOLDER)) {
            Map<String, Object> stamps = new LinkedHashMap<>();
            stamps.put("agent", src.agentId());
            stamps.put("via", "bucket");
            stamps.put("timestamp", Stamps.yaml(ctx.now()));
            stamped = doc.merged(stamps);
            byte[] bytes = FrontmatterCodec.bytes(stamped);
            filename = ctx.filenames().allocate(ResultStore.FOLDER, src.agentId(), ctx.now());
            String path = ResultStore.FOLDER + filename;
            receipt = new ResultReceipt(filename, "bucket", path);
            try {
                ctx.commits()
                        .commitNew(
                                List.of(BatchOp.put(path, bytes), claim.op(filename, path)),
                                new AuditEvent(
                                        src.agentId(), ROUTE, "bucket", src.uri(), path, bytes.length, 201, Map.of()),
                                caller,
                                receipt);
            } finally {
                ctx.filenames().release(ResultStore.FOLDER, filename);
            }
            claim.record(filename);
        }
        results.index().markPending(filename);
        results.verifier().ifPresent(v -> v.maybeTrigger(filename, stamped.frontmatter()));
        return receipt;
    }

    /**
     * A page of results. Without filters, or with filters that a filename, the verification index and the kept
     * classification answer ({@code verification}, {@code agent}, {@code since}, {@code until}, {@code status}; what
     * the reference's verifier polls for, what an agent asks of its own or the negative results), a page of the sorted
     * {@code results/} view that loads only the page's records: O(page + log n) plus, with any filter, the filenames
     * skipped to fill the page; {@code matched} comes from {@link RankedResults} for {@code verification} or
     * {@code status} alone, else from one walk of the filenames (nothing loaded), of the author's results only with
     * {@code agent} ({@link RankedResults#filenamesBy}). With {@code q}, every result is read and filtered
     * ({@link ListEngine}).
     */
    @Override
    public Page<ResultRecord> list(ListQuery query) {
        Optional<Set<String>> states = query.verification().map(Verification::parseFilter);
        RankedResults.States verdicts = results.verdicts();
        Map<String, String> index = verdicts.index();
        ListEngine.Spec spec = spec(ctx.config().expandMaxLimit());
        Optional<ReadModel.Records> view = ctx.reads().records(ResultStore.FOLDER);
        if (view.isEmpty()) {
            return general(ctx.reads(), index, query, spec);
        }
        ReadModel.Records records = view.get();
        if (query.q().isPresent()) {
            return searched(records, query, spec, states, index);
        }
        ListQuery named = query.toBuilder().status(null).build(); // the filters a filename answers
        boolean nameFilters = !ListEngine.unfiltered(named, spec);
        if (!nameFilters && query.status().isEmpty() && states.isEmpty()) {
            return RecordSetPages.page(List.of(records), query, spec, d -> ResultStore.record(d, index));
        }
        Predicate<String> keep = byName(named, spec, states, index);
        Optional<RankedResults.StatusTest> status = Optional.empty();
        if (query.status().isPresent()) { // the status each result was classified with: no result read
            status = results.ranked().withStatus(query.status().get());
            if (status.isEmpty()) {
                return general(ctx.reads(), index, query, spec);
            }
            keep = keep.and(status.get().test());
        }
        RecordSet candidates = records;
        if (query.agent().isPresent()) { // only the author's results: O(their count), not every filename
            Optional<String[]> names =
                    results.ranked().filenamesBy(Names.agentId(query.agent().get()));
            if (names.isEmpty()) {
                return general(ctx.reads(), index, query, spec);
            }
            candidates = new NamedRecords(records, names.get());
        }
        Optional<Integer> matched;
        if (!nameFilters && status.isEmpty()) { // verification alone
            matched = results.ranked().matched(verdicts, states.orElseThrow());
        } else if (!nameFilters && states.isEmpty()) { // status alone
            matched = Optional.of(status.orElseThrow().count());
        } else {
            matched = Optional.of(count(candidates, keep));
        }
        if (matched.isEmpty()) {
            return general(ctx.reads(), index, query, spec);
        }
        return RecordSetPages.page(
                List.of(candidates),
                records.count(),
                matched.get(),
                query,
                spec,
                keep,
                d -> ResultStore.record(d, index));
    }

    /**
     * A page filtered by {@code q}: the results the text index names as candidates (those holding every 3-character
     * gram of the needle), each loaded and tested against every filter as {@link #general} tests it, so the cost is
     * the candidates, not every result. A needle shorter than a gram has no candidates to offer: the general path.
     */
    private Page<ResultRecord> searched(
            ReadModel.Records records,
            ListQuery query,
            ListEngine.Spec spec,
            Optional<Set<String>> states,
            Map<String, String> index) {
        Optional<RecordSet> found = TextSearch.candidates(
                ctx.reads(), ResultStore.FOLDER, records, query.q().get());
        if (found.isEmpty()) {
            return general(ctx.reads(), index, query, spec);
        }
        RecordSet candidates = found.get();
        Predicate<ListEngine.Item<String>> filters = ListEngine.predicate(query, spec);
        Predicate<String> keep = inStates(states, index).and(f -> candidates
                .load(f)
                .map(d -> filters.test(new ListEngine.Item<>(f, Names.agentFromFilename(f), d.doc(), f)))
                .orElse(false));
        return RecordSetPages.page(
                List.of(candidates),
                records.count(),
                count(candidates, keep),
                query,
                spec,
                keep,
                d -> ResultStore.record(d, index));
    }

    /**
     * The filters on a filename: stamp bounds and author ({@link ListEngine}'s rules) of a query without
     * {@code status} (the caller adds that test), and state.
     */
    private static Predicate<String> byName(
            ListQuery named, ListEngine.Spec spec, Optional<Set<String>> states, Map<String, String> index) {
        return inStates(states, index).and(ListEngine.byFilename(named, spec));
    }

    /** Whether a result's state in the index is one of the states asked for (every state when none is). */
    private static Predicate<String> inStates(Optional<Set<String>> states, Map<String, String> index) {
        return f -> states.map(s -> s.contains(index.getOrDefault(f, Verification.PENDING)))
                .orElse(true);
    }

    private static int count(RecordSet records, Predicate<String> keep) {
        int n = 0;
        for (Iterator<String> it = records.filenames(null, null, false); it.hasNext(); ) {
            if (keep.test(it.next())) {
                n++;
            }
        }
        return n;
    }

    /**
     * The listing's spec: its filters, default page size and order, and the {@code expand} cap.
     *
     * @param expandMaxLimit the deployment's cap on expanded pages
     * @return the spec
     */
    static ListEngine.Spec spec(int expandMaxLimit) {
        return new ListEngine.Spec(
                EnumSet.of(
                        ListEngine.Filter.STAMP,
                        ListEngine.Filter.AGENT,
                        ListEngine.Filter.STATUS,
                        ListEngine.Filter.Q),
                10,
                SortOrder.DESC,
                expandMaxLimit);
    }

    /**
     * A page computed from every result document, for any query: what the faster paths must answer.
     *
     * @param reads the read model
     * @param index the verification index
     * @param query the query
     * @param spec the listing's spec
     * @return the page
     */
    static Page<ResultRecord> general(
            ReadModel reads, Map<String, String> index, ListQuery query, ListEngine.Spec spec) {
        Optional<Set<String>> states = query.verification().map(Verification::parseFilter);
        List<ListEngine.Item<ResultRecord>> items =
                ListEngine.items(ResultStore.documents(reads), d -> ResultStore.record(d, index));
        return ListEngine.run(
                items, query, spec, it -> states.map(s -> s.contains(it.value().verification()))
                        .orElse(true));
    }

    @Override
    public ResultRecord get(String filename) {
        Objects.requireNonNull(filename, "filename");
        if (filename.isEmpty()) {
            throw CollabException.invalidPath("empty result filename"); // as an empty agent id or message name
        }
        return ResultStore.document(ctx.reads(), filename)
                .map(d -> ResultStore.record(d, results.index().read()))
                .orElseThrow(() -> CollabException.notFound(ResultStore.FOLDER + filename));
    }

    @Override
    public VerdictReceipt setVerification(String filename, VerdictRequest request) {
        return results.organizerVerdicts().judge(caller, filename, request);
    }
}
