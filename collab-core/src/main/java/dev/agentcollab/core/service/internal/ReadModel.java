package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.PartialBatchException;
import dev.agentcollab.api.error.CollabException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The read model of the central bucket (§9): listings cached per prefix for the listing TTL, parsed content
 * cached by {@code path@hash}, and write-through so that <b>every write made through this model is visible to the
 * very next read</b>, whatever the TTL. Out-of-band edits appear once a listing expires; a listing that comes back
 * empty after a non-empty one is treated as transient and never hides files seen before; malformed files parse
 * leniently and never fail a read.
 *
 * <p>How write-through stays exact under concurrency: each write is applied to the store first and then given a
 * sequence number; each listing snapshot remembers the sequence number current when its load started. A read
 * overlays every local write newer than its snapshot, so a write is either in the snapshot or in the overlay.
 * Time comes from the injected clock. Thread safe.
 */
public final class ReadModel {
    private final BucketStore store;
    private final BucketId bucket;
    private final InstantSource clock;
    private final Duration ttl;
    private final ContentCache content;
    private final AtomicLong seq = new AtomicLong();
    private final ConcurrentHashMap<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, Local> local = new ConcurrentSkipListMap<>();

    private record Snapshot(NavigableMap<String, BucketEntry> entries, Instant loadedAt, long seqAtStart) {}

    /** A local write: an entry, or {@code null} for a delete. */
    private record Local(BucketEntry entry, long seq, Instant at) {}

    /**
     * Creates the model.
     *
     * @param store the store
     * @param bucket the central bucket
     * @param clock the time source for TTLs
     * @param ttl how long a listing is served before it is reloaded
     * @param contentMaxBytes the content cache size
     */
    public ReadModel(BucketStore store, BucketId bucket, InstantSource clock, Duration ttl, long contentMaxBytes) {
        this.store = Objects.requireNonNull(store, "store");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.content = new ContentCache(contentMaxBytes);
    }

    /**
     * The central bucket.
     *
     * @return its id
     */
    public BucketId bucket() {
        return bucket;
    }

    /**
     * The store read and written.
     *
     * @return the store
     */
    public BucketStore store() {
        return store;
    }

    /**
     * Lists the files under a prefix, recursively, ascending by path.
     *
     * @param prefix a prefix such as {@code message_board/}
     * @return the entries, including every write made through this model
     */
    public List<BucketEntry> list(String prefix) {
        Snapshot snap = snapshot(prefix);
        TreeMap<String, BucketEntry> merged = new TreeMap<>(snap.entries());
        for (Map.Entry<String, Local> e : local.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            Local l = e.getValue();
            if (l.seq() > snap.seqAtStart()) {
                if (l.entry() == null) {
                    merged.remove(e.getKey());
                } else {
                    merged.put(e.getKey(), l.entry());
                }
            }
        }
        return List.copyOf(merged.values());
    }

    /**
     * Lists and parses the markdown files under a prefix ({@code .md} leaves only).
     *
     * @param prefix the prefix
     * @return the documents, ascending by path
     */
    public List<StoredDoc> documents(String prefix) {
        List<StoredDoc> out = new ArrayList<>();
        for (BucketEntry e : list(prefix)) {
            if (e.path().leaf().endsWith(".md")) {
                load(e).ifPresent(item -> out.add(new StoredDoc(e, item.doc())));
            }
        }
        return out;
    }

    /**
     * Reads one file directly (always current), caching its parsed form.
     *
     * @param path the path
     * @return its bytes, or empty when absent
     */
    public Optional<byte[]> read(String path) {
        return store.read(bucket, BucketPath.of(path));
    }

    /**
     * Reads and parses one markdown file (lenient).
     *
     * @param path the path
     * @return the document, or empty when absent
     */
    public Optional<StoredDoc> document(String path) {
        BucketPath p = BucketPath.of(path);
        return store.read(bucket, p).map(bytes -> {
            String hash = Hashes.sha256(bytes);
            ContentCache.Item item = content.get(path + "@" + hash);
            if (item == null) {
                item = content.put(path + "@" + hash, bytes);
            }
            return new StoredDoc(new BucketEntry(p, bytes.length, hash, clock.instant()), item.doc());
        });
    }

    /**
     * Applies a batch to the central bucket and makes it visible to every later read.
     *
     * <p>A store may apply a batch only in part (the Hub's batch is not transactional; see
     * {@link PartialBatchException}). Then the operations that failed or were not sent are sent once more, on their
     * own: each sets or removes a whole file, so sending them again is safe, and a transient failure is repaired
     * within this write. When that second attempt does not complete either, the cached listings are dropped (the
     * next read lists the store and sees exactly what was applied) and the failure is thrown.
     *
     * @param ops puts, deletes and copies
     * @throws CollabException what the store throws; nothing is recorded then
     */
    public void apply(List<? extends BatchOp> ops) {
        try {
            store.apply(bucket, ops);
        } catch (PartialBatchException partial) {
            Set<BucketPath> again = new HashSet<>(partial.failed().keySet());
            again.addAll(partial.pending());
            List<BatchOp> remainder = ops.stream()
                    .filter(op -> again.contains(op.path()))
                    .map(op -> (BatchOp) op)
                    .toList();
            try {
                store.apply(bucket, remainder);
            } catch (CollabException e) {
                invalidate();
                e.addSuppressed(partial);
                throw e;
            }
        }
        long s = seq.incrementAndGet();
        Instant now = clock.instant();
        Set<String> copied = new LinkedHashSet<>();
        for (BatchOp op : ops) {
            String path = op.path().value();
            switch (op) {
                case BatchOp.Put put -> {
                    String hash = Hashes.sha256(put.bytes());
                    content.put(path + "@" + hash, put.bytes());
                    local.put(path, new Local(new BucketEntry(op.path(), put.bytes().length, hash, now), s, now));
                    copied.remove(path);
                }
                case BatchOp.Delete ignored -> {
                    local.put(path, new Local(null, s, now));
                    copied.remove(path);
                }
                case BatchOp.Copy ignored -> copied.add(path);
            }
        }
        noteCopies(copied, s, now);
        prune(now);
    }

    /**
     * Records copied files (whose size and hash only the store knows) with one listing under their common prefix,
     * not one per file. The batch is committed already: when that listing fails, the cached listings are dropped
     * instead, so the next read lists the store again, and the write still succeeds.
     */
    private void noteCopies(Set<String> paths, long s, Instant now) {
        if (paths.isEmpty()) {
            return;
        }
        String prefix = null;
        for (String p : paths) {
            prefix = prefix == null ? p : commonPrefix(prefix, p);
        }
        try {
            for (BucketEntry e : store.listAll(bucket, prefix)) {
                if (paths.contains(e.path().value())) {
                    local.put(e.path().value(), new Local(e, s, now));
                }
            }
        } catch (CollabException e) {
            invalidate();
        }
    }

    private static String commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return a.substring(0, i);
    }

    /** Drops cached listings, so the next read reloads (operators, tests). */
    public void invalidate() {
        snapshots.clear();
    }

    private Optional<ContentCache.Item> load(BucketEntry e) {
        String key = e.path().value() + "@" + e.contentHash();
        ContentCache.Item item = content.get(key);
        if (item != null) {
            return Optional.of(item);
        }
        return store.read(bucket, e.path()).map(bytes -> content.put(key, bytes));
    }

    private Snapshot snapshot(String prefix) {
        Snapshot snap = snapshots.get(prefix);
        Instant now = clock.instant();
        if (snap != null && now.isBefore(snap.loadedAt().plus(ttl))) {
            return snap;
        }
        long startSeq = seq.get();
        NavigableMap<String, BucketEntry> entries = new TreeMap<>();
        try {
            for (BucketEntry e : store.listAll(bucket, prefix)) {
                entries.put(e.path().value(), e);
            }
        } catch (CollabException e) {
            // the reference treats a failed listing as empty; the rule below keeps what we saw before
        }
        if (entries.isEmpty() && snap != null && !snap.entries().isEmpty()) {
            entries = snap.entries(); // a transiently empty listing never hides files seen before
            startSeq = Math.min(startSeq, snap.seqAtStart());
        }
        Snapshot fresh = new Snapshot(entries, now, startSeq);
        snapshots.put(prefix, fresh);
        return fresh;
    }

    private void prune(Instant now) {
        if (local.size() < 4096) {
            return;
        }
        long minSeq = snapshots.values().stream()
                .mapToLong(Snapshot::seqAtStart)
                .min()
                .orElse(0);
        Instant horizon = now.minus(ttl.multipliedBy(10)).minus(Duration.ofMinutes(1));
        local.entrySet()
                .removeIf(e -> e.getValue().seq() <= minSeq && e.getValue().at().isBefore(horizon));
    }
}
