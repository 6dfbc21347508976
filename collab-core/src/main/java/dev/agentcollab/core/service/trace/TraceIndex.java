package dev.agentcollab.core.service.trace;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.SortOrder;
import dev.agentcollab.api.trace.TraceStats;
import dev.agentcollab.core.service.internal.CentralPaths;
import dev.agentcollab.core.service.internal.Document;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.ReadModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared traces' manifests ({@code traces/<agent>/<session>/manifest.md}), kept with the service's read model so
 * that the digest's {@code stats}, {@code /v1/stats} and the library's pages do not read every manifest: each
 * manifest is read once per content and kept as its library sort key and its contribution to the token aggregate
 * (about 300 bytes), which {@link TraceTotals} adds to or takes out of its sums.
 *
 * <p>The read model names each manifest written through it ({@link ReadModel.Watcher#changed}); after a reload of
 * the {@code traces/} view (an out-of-band edit may be in it) the next use compares every listed manifest's hash with
 * the one it read. The first use reads every manifest once. Thread safe.
 */
final class TraceIndex implements ReadModel.Watcher {

    /** The fields the library filters by ({@code match}) that are kept per manifest, as the filter renders them. */
    static final List<String> FIELDS = List.of("harness", "model", "share");

    /**
     * One manifest: the listed hash it was read at, its folder's agent and session, sort key, contribution, and its
     * {@link #FIELDS} as {@code Document.text} renders them.
     */
    private record Kept(
            String hash,
            String agent,
            String session,
            String key,
            TraceTotals.Contribution contribution,
            List<String> fields) {}

    /** A manifest picked for a page: its sort key and path. */
    record Pick(String key, String path) {}

    /**
     * The manifests a page shows, and the counts the page reports.
     *
     * @param count every manifest
     * @param matched the manifests the filter selects
     * @param picks the window, in the page's order, one more than the limit when there is a next page
     */
    record Window(int count, int matched, List<Pick> picks) {}

    private final ReadModel reads;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private volatile boolean reload = true; // the first use walks the view
    private final Object lock = new Object();
    private final TreeMap<String, Kept> byPath = new TreeMap<>();
    private final TreeMap<String, String> byKey = new TreeMap<>();
    private final Map<String, TreeMap<String, String>> byAgent = new HashMap<>();
    private final TraceTotals totals = new TraceTotals();

    private TraceIndex(ReadModel reads) {
        this.reads = reads;
        reads.watch(DefaultTraces.FOLDER, this);
    }

    /**
     * The index kept with a read model, created on first use.
     *
     * @param reads the service's read model
     * @return its trace index
     */
    static TraceIndex of(ReadModel reads) {
        return reads.extension(TraceIndex.class, TraceIndex::new);
    }

    @Override
    public void changed(String path, BucketEntry entry) {
        if (isManifest(path)) {
            dirty.add(path);
        }
    }

    @Override
    public void reloaded() {
        reload = true;
    }

    /**
     * The token aggregate over every manifest ({@link TraceTotals}).
     *
     * @param generatedAt the answer's stamp
     * @return the aggregate
     */
    TraceStats stats(String generatedAt) {
        synchronized (lock) {
            sync();
            return totals.stats(generatedAt);
        }
    }

    /**
     * The manifests of a library page without {@code match} or {@code q}: by sort key ({@code promoted_at|agent/
     * session}), optionally one agent's, within the cursors, in the query's order, as {@link ListEngine#run} orders
     * and windows them.
     *
     * @param query the query (its {@code agent}, cursors, order and limit)
     * @param spec the library's spec
     * @param agent the agent filter, already validated
     * @return the window
     */
    Window window(ListQuery query, ListEngine.Spec spec, Optional<String> agent) {
        return window(query, spec, agent, Map.of());
    }

    /**
     * As {@link #window(ListQuery, ListEngine.Spec, Optional)}, keeping only the manifests whose kept fields equal
     * the values given, as {@code match} compares them; {@code matched} then counts the agent's (or every) manifest
     * in memory, and nothing is read.
     *
     * @param query the query (its {@code agent}, cursors, order and limit)
     * @param spec the library's spec
     * @param agent the agent filter, already validated
     * @param match field to wanted value, keys among {@link #FIELDS}
     * @return the window
     */
    Window window(ListQuery query, ListEngine.Spec spec, Optional<String> agent, Map<String, String> match) {
        synchronized (lock) {
            sync();
            NavigableMap<String, String> source = agent.isEmpty() ? byKey : byAgent.get(agent.get());
            if (source == null) {
                source = Collections.emptyNavigableMap();
            }
            String after = query.after().orElse(null);
            String before = query.before().orElse(null);
            NavigableMap<String, String> range = source;
            if (after != null && before != null && after.compareTo(before) >= 0) {
                range = Collections.emptyNavigableMap();
            } else {
                range = after == null ? range : range.tailMap(after, false);
                range = before == null ? range : range.headMap(before, false);
            }
            if (query.order().orElse(spec.defaultOrder()) == SortOrder.DESC) {
                range = range.descendingMap();
            }
            int limit = ListEngine.effectiveLimit(query, spec);
            List<Pick> picks = new ArrayList<>();
            for (Iterator<Map.Entry<String, String>> it = range.entrySet().iterator();
                    it.hasNext() && (limit <= 0 || picks.size() <= limit); ) {
                Map.Entry<String, String> e = it.next();
                if (matches(e.getValue(), match)) {
                    picks.add(new Pick(e.getKey(), e.getValue()));
                }
            }
            int matched = source.size();
            if (!match.isEmpty()) {
                matched = 0;
                for (String path : source.values()) {
                    matched += matches(path, match) ? 1 : 0;
                }
            }
            return new Window(byPath.size(), matched, picks);
        }
    }

    /**
     * How many manifests the library holds: the {@code count} of every library page.
     *
     * @return the count
     */
    int count() {
        synchronized (lock) {
            sync();
            return byPath.size();
        }
    }

    private boolean matches(String path, Map<String, String> match) {
        if (match.isEmpty()) {
            return true;
        }
        List<String> fields = byPath.get(path).fields();
        for (Map.Entry<String, String> m : match.entrySet()) {
            if (!fields.get(FIELDS.indexOf(m.getKey())).equals(m.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The library's sort key of a manifest, {@code promoted_at|agent/session}: also its page cursor.
     *
     * @param agent the bundle's agent
     * @param session its session
     * @param doc the manifest
     * @return the key
     */
    static String sortKey(String agent, String session, Document doc) {
        return doc.text("promoted_at") + "|" + agent + "/" + session;
    }

    /**
     * Whether a path is a shared manifest: {@code traces/<agent>/<session>/manifest.md}.
     *
     * @param path a path in the central bucket
     * @return whether the library lists it
     */
    static boolean isManifest(String path) {
        return path.startsWith(DefaultTraces.FOLDER)
                && CentralPaths.isTraceManifest(path.substring(DefaultTraces.FOLDER.length()));
    }

    /** Reads the manifests changed since the last use; after a reload, first finds them by hash. */
    private void sync() {
        if (reload) {
            reload = false;
            SortedMap<String, BucketEntry> listed = reads.range(DefaultTraces.FOLDER, DefaultTraces.FOLDER);
            for (Map.Entry<String, BucketEntry> e : listed.entrySet()) {
                if (isManifest(e.getKey())) {
                    Kept k = byPath.get(e.getKey());
                    if (k == null || !k.hash().equals(e.getValue().contentHash())) {
                        dirty.add(e.getKey());
                    }
                }
            }
            for (String path : byPath.keySet()) {
                if (!listed.containsKey(path)) {
                    dirty.add(path);
                }
            }
        }
        for (Iterator<String> it = dirty.iterator(); it.hasNext(); ) {
            String path = it.next();
            it.remove(); // before the read: a write meanwhile marks it again
            update(path);
        }
    }

    /**
     * Reads one manifest again, past the content cache (a first use would otherwise fill it with every manifest):
     * the hash kept is the listing's, taken before the read, so content newer than it is read again when the
     * listing shows the new hash, never the reverse.
     */
    private void update(String path) {
        BucketEntry listed = reads.range(DefaultTraces.FOLDER, path).get(path);
        Kept old = byPath.get(path);
        if (listed != null && old != null && old.hash().equals(listed.contentHash())) {
            return;
        }
        Optional<byte[]> bytes = listed == null ? Optional.empty() : reads.read(path);
        remove(path);
        if (bytes.isEmpty()) {
            return;
        }
        Document doc = FrontmatterCodec.parseLenient(new String(bytes.get(), StandardCharsets.UTF_8));
        String[] parts = path.split("/");
        Kept k = new Kept(
                listed.contentHash(),
                parts[1],
                parts[2],
                sortKey(parts[1], parts[2], doc),
                TraceTotals.Contribution.of(parts[1], doc.frontmatter()),
                FIELDS.stream().map(f -> doc.text(f).intern()).toList()); // few distinct values: shared
        byPath.put(path, k);
        totals.add(k.contribution());
        byKey.put(k.key(), path);
        byAgent.computeIfAbsent(k.agent(), a -> new TreeMap<>()).put(k.key(), path);
    }

    private void remove(String path) {
        Kept k = byPath.remove(path);
        if (k == null) {
            return;
        }
        totals.remove(k.contribution());
        byKey.remove(k.key(), path);
        TreeMap<String, String> own = byAgent.get(k.agent());
        if (own != null) {
            own.remove(k.key(), path);
            if (own.isEmpty()) {
                byAgent.remove(k.agent());
            }
        }
    }
}
