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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read model of the central bucket (§9): one sorted view per listed prefix, maintained incrementally, parsed
 * content cached by {@code path@hash} in a bounded cache ({@code contentCacheMaxBytes}), and write-through so that
 * <b>every write made through this model is visible to the very next read</b>, whatever the TTL. A view is
 * reloaded from the store once its TTL has passed (one reload at a time; readers keep the old view meanwhile), or
 * ahead of it on a refresher when one is given (refresh-ahead), so out-of-band edits appear within the TTL; a
 * listing that comes back empty after a non-empty one is treated as transient and never hides files seen before;
 * malformed files parse leniently and never fail a read. When the store has a {@link BucketStore#revision revision}
 * and it shows that nothing but this model's own writes changed the bucket since a view was listed ({@link
 * OwnWrites}), the view is kept for another TTL instead of listed again: a reload then costs O(1), not a listing of
 * the prefix and a comparison of every listed file by the indexes over it.
 *
 * <p>Costs: a write updates every view whose prefix covers one of its paths, O(log n) each; a page of markdown
 * records ({@link #page}) costs O(page + log n) and loads only the page's bodies; {@link #list} and
 * {@link #documents} copy the whole view, for the callers that need all of it. The heap holds one entry (path,
 * size, hash, time) per listed file, not the bodies.
 *
 * <p>How write-through stays exact under concurrency: each write is applied to the store first, then, under one
 * lock, given a sequence number and applied to the views and, while a reload is in flight, to a journal of recent
 * local writes; a reload registers the sequence number current when its listing starts, lists the store outside
 * the lock and, under it, overlays every journaled write newer than that number. A write is thus either in the
 * listing, in the overlay or applied to the new view. The journal holds only the writes made since the oldest
 * reload still in flight started, and none while no reload is in flight (each write is journaled and dropped at
 * most once). Time comes from the injected clock. Thread safe.
 */
public final class ReadModel {
    private static final Logger LOG = LoggerFactory.getLogger(ReadModel.class);
    /**
     * How long a reload waits for this model's batches in flight to end before it reads the store's revision (a
     * batch takes a few milliseconds; a listing of 100k files about a hundred).
     */
    private static final Duration MARK_PATIENCE = Duration.ofMillis(20);
    /** Numbers each listing of the store into a view ({@link Records#listing}). */
    private static final AtomicLong LISTINGS = new AtomicLong();
    /** {@link #MARK_PATIENCE} unless a test set another ({@link #markPatience(Duration)}). */
    private volatile Duration markPatience = MARK_PATIENCE;

    private final BucketStore store;
    private final BucketId bucket;
    private final InstantSource clock;
    private final Duration ttl;
    /** Where views past three quarters of their TTL are reloaded ahead of time; null: only on the request. */
    private final Executor refresher;
    /** How old a view is when a read starts its reload on {@link #refresher}: three quarters of the TTL. */
    private final Duration refreshAfter;

    private final ContentCache content;
    private final Object writes = new Object();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong versions = new AtomicLong();
    private final ConcurrentHashMap<String, View> views = new ConcurrentHashMap<>();
    /** The keys of {@link #views}, for finding a written path's views without testing every key. */
    private final FolderPrefixes viewPrefixes = new FolderPrefixes();

    private final ConcurrentHashMap<String, Object> firstLoads = new ConcurrentHashMap<>();
    /** The journal of local writes that a reload in flight may still overlay, by path; guarded by {@code writes}. */
    private final TreeMap<String, Local> local = new TreeMap<>();
    /** The same writes in sequence order (a path's older writes included), pruned from the head; guarded likewise. */
    private final ArrayDeque<Local> journalOrder = new ArrayDeque<>();
    /** The start sequence numbers of the reloads in flight, with how many started at each; guarded likewise. */
    private final TreeMap<Long, Integer> inFlight = new TreeMap<>();
    /** Committed batches not yet applied to the views, in the order their writers queued them ({@link #publish}). */
    private final ConcurrentLinkedQueue<Publication> published = new ConcurrentLinkedQueue<>();
    /** Held by the one writer that applies the queued batches to the views. */
    private final ReentrantLock recording = new ReentrantLock();

    /** The stamped files named and not yet visible, in stamp order (docs/storage-design.md §7a). */
    private final StampReservations reservations = new StampReservations();
    /**
     * Committed batches held back until an older reservation is visible or given up, by their oldest reservation;
     * guarded by {@code recording}. Only the first can be the next to go: every later one waits for its reservation.
     */
    private final TreeMap<String, Publication> parked = new TreeMap<>();

    /** How often a writer whose batch is held back looks again (a reservation may have been given up meanwhile). */
    private static final long PARKED_RECHECK_MS = 50;

    /** The watchers, by the prefix each watches, in the order they were registered. */
    private final ConcurrentHashMap<String, CopyOnWriteArrayList<Watcher>> watchers = new ConcurrentHashMap<>();
    /** The keys of {@link #watchers}, likewise. */
    private final FolderPrefixes watchedPrefixes = new FolderPrefixes();
    /** This model's batches, to tell from the store's revision whether anyone else wrote since a listing. */
    private final OwnWrites own = new OwnWrites();

    private final ConcurrentHashMap<Class<?>, Object> extensions = new ConcurrentHashMap<>();

    /**
     * Told about every change to the files under a prefix, so that a secondary index over them (channels, threads)
     * stays current without listing them again.
     */
    public interface Watcher {
        /**
         * A file under the prefix was written or deleted through this model. Called under the model's write lock
         * with the write already visible to readers: it must be quick and must not call back into the model.
         *
         * @param path the path
         * @param entry the new entry, or {@code null} for a delete
         */
        void changed(String path, BucketEntry entry);

        /**
         * The prefix's view was replaced by a new listing of the store (its TTL passed, or it was dropped): it may
         * hold changes made out of band, which {@link #changed} never saw.
         */
        void reloaded();

        /**
         * A reload ahead of the TTL ({@link ReadModel#ReadModel(BucketStore, BucketId, InstantSource, Duration, long,
         * Executor) refresh-ahead}) replaced the prefix's view, after {@link #reloaded()}; called on the refresher's
         * thread, outside the model's locks, so an index can catch up with the new listing there instead of on the
         * next request. The default does nothing.
         */
        default void refreshed() {}
    }

    /** A local write: an entry, or {@code null} for a delete. */
    private record Local(String path, BucketEntry entry, long seq) {}

    /** One file's change in a committed batch: its new entry, or {@code null} for a delete. */
    private record Change(String path, BucketEntry entry) {}

    /** A committed batch waiting to be made visible, and the signal that it is. */
    private static final class Publication {
        final List<Change> changes;
        /** The reservations this batch writes ({@link StampReservations#tickets}), sorted; empty for most batches. */
        final List<String> tickets;

        final CompletableFuture<Void> done = new CompletableFuture<>();

        Publication(List<Change> changes, List<String> tickets) {
            this.changes = changes;
            this.tickets = tickets;
        }
    }

    /**
     * Creates the model.
     *
     * @param store the store
     * @param bucket the central bucket
     * @param clock the time source for TTLs
     * @param ttl how long a listing is served before it is reloaded
     * @param contentMaxBytes the heap the content cache may retain (raw and parsed content, estimated)
     */
    public ReadModel(BucketStore store, BucketId bucket, InstantSource clock, Duration ttl, long contentMaxBytes) {
        this(store, bucket, clock, ttl, contentMaxBytes, null);
    }

    /**
     * Creates the model with refresh-ahead: a read that finds its view past three quarters of the TTL, but not
     * past the TTL, is answered from that view at once and starts one reload of it on {@code refresher}, whose
     * watchers then catch up there ({@link Watcher#refreshed()}). On a server that is read steadily, listings and
     * the indexes' comparisons with them thus run off the request path; a view that was not read in the last
     * quarter of its TTL is still reloaded by the request that finds it expired, so out-of-band edits still appear
     * within the TTL.
     *
     * @param store the store
     * @param bucket the central bucket
     * @param clock the time source for TTLs
     * @param ttl how long a listing is served before it is reloaded
     * @param contentMaxBytes the heap the content cache may retain (raw and parsed content, estimated)
     * @param refresher runs the reloads ahead of the TTL, or {@code null} for none
     */
    public ReadModel(
            BucketStore store,
            BucketId bucket,
            InstantSource clock,
            Duration ttl,
            long contentMaxBytes,
            Executor refresher) {
        this.store = Objects.requireNonNull(store, "store");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.refresher = refresher;
        this.refreshAfter = ttl.multipliedBy(3).dividedBy(4);
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
     * Registers a watcher of the files under a prefix (see {@link Watcher}).
     *
     * @param prefix a prefix such as {@code message_board/}
     * @param watcher the watcher
     */
    public void watch(String prefix, Watcher watcher) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(watcher, "watcher");
        watchedPrefixes.added(prefix);
        watchers.computeIfAbsent(prefix, k -> new CopyOnWriteArrayList<>()).add(watcher);
    }

    /**
     * The one instance of a secondary index kept with this model (a feature's index over its folders), created on
     * first use; this lets features keep their indexes next to the model they follow without the model knowing
     * them.
     *
     * @param type the index's class, its key
     * @param factory creates it from this model
     * @param <T> the index type
     * @return the instance
     */
    public <T> T extension(Class<T> type, Function<ReadModel, T> factory) {
        Object existing = extensions.get(type);
        if (existing == null) {
            existing = extensions.computeIfAbsent(type, k -> factory.apply(this));
        }
        return type.cast(existing);
    }

    /**
     * Loads views ahead of their first read, at start-up: one view per prefix given, and one per child folder of
     * each parent given (every {@code inbox/<agent>/} from a single listing of {@code inbox/}). Views already
     * loaded are kept. Safe to call concurrently with writes (the same overlay as a reload).
     *
     * @param prefixes prefixes such as {@code message_board/}
     * @param parents parents such as {@code inbox/}
     */
    public void preload(List<String> prefixes, List<String> parents) {
        prefixes.parallelStream().forEach(this::view);
        for (String parent : parents) {
            long startSeq = beginReload();
            try {
                preloadChildren(parent, startSeq);
            } finally {
                endReload(startSeq);
            }
        }
    }

    private void preloadChildren(String parent, long startSeq) {
        List<BucketEntry> listed;
        try {
            listed = store.listAll(bucket, parent);
        } catch (CollabException e) {
            return; // the first read of each child lists it then
        }
        Map<String, List<BucketEntry>> children = new java.util.HashMap<>();
        for (BucketEntry e : listed) {
            String path = e.path().value();
            int slash = path.indexOf('/', parent.length());
            if (slash > parent.length()) {
                children.computeIfAbsent(path.substring(0, slash + 1), k -> new ArrayList<>())
                        .add(e);
            }
        }
        Instant now = clock.instant();
        synchronized (writes) {
            children.forEach((child, entries) -> {
                if (views.containsKey(child)) {
                    return;
                }
                View fresh = new View(child, now, versions.incrementAndGet(), null);
                for (BucketEntry e : entries) {
                    fresh.set(e.path().value(), e);
                }
                for (Map.Entry<String, Local> e : local.tailMap(child, true).entrySet()) {
                    if (!e.getKey().startsWith(child)) {
                        break;
                    }
                    if (e.getValue().seq() > startSeq) {
                        fresh.set(e.getKey(), e.getValue().entry());
                    }
                }
                putView(child, fresh);
            });
        }
    }

    /**
     * Lists the files under a prefix, recursively, ascending by path.
     *
     * @param prefix a prefix such as {@code message_board/}
     * @return the entries, including every write made through this model
     */
    public List<BucketEntry> list(String prefix) {
        return List.copyOf(view(prefix).entries.values());
    }

    /**
     * The entries under a path prefix inside a prefix's view, ascending by path, without copying the view: a live,
     * read-only range of it (O(log n) to open), for callers that need one folder of a large nested view.
     *
     * @param prefix the view's prefix, e.g. {@code traces/}
     * @param under a path prefix at or below it, e.g. {@code traces/agent-1/s1/}
     * @return the entries whose path starts with {@code under}
     * @throws IllegalArgumentException when {@code under} is not below {@code prefix}
     */
    public java.util.SortedMap<String, BucketEntry> range(String prefix, String under) {
        if (!under.startsWith(prefix)) {
            throw new IllegalArgumentException(under + " is not under " + prefix);
        }
        return java.util.Collections.unmodifiableSortedMap(
                view(prefix).entries.subMap(under, true, under + Character.MAX_VALUE, false));
    }

    /**
     * Whether a file is listed under a prefix, in O(log n) from the prefix's view.
     *
     * @param prefix a prefix such as {@code agents/}
     * @param path a path under it
     * @return whether the listing, including every write made through this model, holds it
     */
    public boolean listed(String prefix, String path) {
        return view(prefix).entries.containsKey(path);
    }

    /**
     * A number that changes whenever the listing under a prefix may have changed (a write through this model, a
     * reload), so callers can cache what they compute from it.
     *
     * @param prefix a prefix such as {@code results/}
     * @return the version
     */
    public long version(String prefix) {
        return view(prefix).version;
    }

    /**
     * Lists and parses the markdown files under a prefix ({@code .md} leaves only).
     *
     * @param prefix the prefix
     * @return the documents, ascending by path
     */
    public List<StoredDoc> documents(String prefix) {
        List<StoredDoc> out = new ArrayList<>();
        for (BucketEntry e : view(prefix).entries.values()) {
            if (e.path().leaf().endsWith(".md")) {
                load(e).ifPresent(item -> out.add(new StoredDoc(e, item.doc())));
            }
        }
        return out;
    }

    /**
     * The markdown records directly in a folder ({@code .md} leaves, READMEs excluded), as a sorted, live view
     * from which pages are read without copying the folder.
     *
     * @param folder a folder such as {@code message_board/}
     * @return the records, or empty when the folder has subfolders (their order by path is not by filename)
     */
    public Optional<Records> records(String folder) {
        View v = view(folder);
        return v.nested() ? Optional.empty() : Optional.of(new Records(folder, v));
    }

    /**
     * The markdown records of one folder, by filename. Reads are weakly consistent with concurrent writes, like
     * any listing. Thread safe.
     */
    public final class Records implements RecordSet {
        private final String folder;
        private final View view;

        private Records(String folder, View view) {
            this.folder = folder;
            this.view = view;
        }

        /**
         * How many records the folder holds.
         *
         * @return the count
         */
        @Override
        public int count() {
            return view.records();
        }

        /**
         * Whether a record with this filename exists.
         *
         * @param filename the leaf filename
         * @return whether it is listed
         */
        @Override
        public boolean contains(String filename) {
            return isRecord(filename) && view.entries.containsKey(folder + filename);
        }

        /**
         * The filenames strictly between two bounds, in order, lazily.
         *
         * @param after the exclusive lower bound, or {@code null}
         * @param before the exclusive upper bound, or {@code null}
         * @param descending newest (largest) first
         * @return the filenames
         */
        @Override
        public Iterator<String> filenames(String after, String before, boolean descending) {
            NavigableMap<String, BucketEntry> m = view.entries;
            if (after != null && before != null && after.compareTo(before) >= 0) {
                return java.util.Collections.emptyIterator();
            }
            String lo = after == null ? folder : folder + after;
            boolean loInclusive = after == null;
            NavigableMap<String, BucketEntry> range =
                    before == null ? m.tailMap(lo, loInclusive) : m.subMap(lo, loInclusive, folder + before, false);
            Iterator<String> keys =
                    (descending ? range.descendingMap() : range).keySet().iterator();
            return new Iterator<>() {
                private String next = advance();

                private String advance() {
                    while (keys.hasNext()) {
                        String path = keys.next();
                        if (!path.startsWith(folder)) {
                            if (descending) {
                                continue;
                            }
                            return null;
                        }
                        String filename = path.substring(folder.length());
                        if (isRecord(filename)) {
                            return filename;
                        }
                    }
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public String next() {
                    if (next == null) {
                        throw new java.util.NoSuchElementException();
                    }
                    String out = next;
                    next = advance();
                    return out;
                }
            };
        }

        /**
         * Loads and parses one record.
         *
         * @param filename the leaf filename
         * @return the document, or empty when it is gone
         */
        @Override
        public Optional<StoredDoc> load(String filename) {
            BucketEntry e = view.entries.get(folder + filename);
            if (e == null) {
                return Optional.empty();
            }
            return ReadModel.this.load(e).map(item -> new StoredDoc(e, item.doc()));
        }

        /**
         * The raw content of one record, without parsing it (from the content cache, else the store, then cached).
         *
         * @param filename the leaf filename
         * @return the entry and its bytes, or empty when it is gone
         */
        public Optional<Map.Entry<BucketEntry, byte[]>> raw(String filename) {
            BucketEntry e = view.entries.get(folder + filename);
            if (e == null) {
                return Optional.empty();
            }
            return ReadModel.this.load(e).map(item -> Map.entry(e, item.content));
        }

        /**
         * Every record's filename and listed entry, ascending, in one walk of the view (no lookup per record).
         *
         * @param action called with each filename and its entry
         */
        public void forEachEntry(java.util.function.BiConsumer<String, BucketEntry> action) {
            for (Map.Entry<String, BucketEntry> e :
                    view.entries.tailMap(folder, true).entrySet()) {
                String path = e.getKey();
                if (!path.startsWith(folder)) {
                    return;
                }
                String filename = path.substring(folder.length());
                if (isRecord(filename)) {
                    action.accept(filename, e.getValue());
                }
            }
        }

        /**
         * A number that identifies the listing this view holds: it changes when the folder is listed again (a
         * reload, which may hold changes made out of band), and not with the writes made through this model, which
         * {@link Watcher#changed} names. An index that follows those writes is exact while this number holds.
         *
         * @return the listing's number
         */
        public long listing() {
            return view.listing;
        }

        /**
         * The listed entry of one record (path, size, hash), without loading it.
         *
         * @param filename the leaf filename
         * @return the entry, or empty when it is not listed
         */
        public Optional<BucketEntry> entry(String filename) {
            return isRecord(filename) ? Optional.ofNullable(view.entries.get(folder + filename)) : Optional.empty();
        }
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
        own.begin();
        boolean whole = false;
        try {
            whole = applyAndPublish(ops);
        } catch (RuntimeException | Error e) {
            if (!reservations.isEmpty() && reservations.removeAll(ops)) {
                drain(); // not committed: its stamps hold back no one
            }
            throw e;
        } finally {
            own.end(whole);
        }
    }

    /**
     * Reserves a name as it is (tests; writers use {@link #reserveNext}).
     *
     * @param folder the folder with its trailing slash
     * @param leaf the stamped filename
     */
    void reserve(String folder, String leaf) {
        reservations.reserve(folder, leaf);
    }

    /**
     * Names and reserves the next stamped file ({@link FilenameAllocator}): {@code <stamp>_<author>.md} with the
     * stamp of {@code now}, or later when that name would not sort after every name this model handed out before, or
     * after the newest one already in the folder. Until the batch that writes it is visible (or {@link #release
     * released}), the batches of later stamps are held back before they become visible, and listings of the store
     * hide every file of that leaf (its inbox copies too). So names are handed out and become visible in stamp order,
     * and a poller whose cursor passed a stamp never misses an older one committed after it: without this, two
     * concurrent posts could commit in the other order than their stamps, and a poll between the two commits moved
     * the cursor past the one still in flight.
     *
     * @param folder the folder with its trailing slash
     * @param author the author id
     * @param now the write time
     * @return the reserved leaf (the caller checks it is free, and {@link #release releases} it when it is not)
     */
    public String reserveNext(String folder, String author, Instant now) {
        return reservations.next(folder, author, now, this::newestStamped);
    }

    /**
     * The greatest stamped leaf directly in a folder: stamped names start with a digit, so only the keys below
     * {@code <folder>:} are looked at, newest first, past at most a few nested ones.
     */
    private Optional<String> newestStamped(String folder) {
        int looked = 0;
        for (String path : view(folder).entries.headMap(folder + ":", false).descendingKeySet()) {
            String leaf = path.substring(folder.length());
            if (leaf.indexOf('/') < 0 && Stamps.isStamped(leaf)) {
                return Optional.of(leaf);
            }
            if (++looked == 1000) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * Gives up a reservation whose write will not happen (it failed before its batch was applied); a no-op once the
     * batch is visible.
     *
     * @param folder the folder with its trailing slash
     * @param leaf the stamped filename
     */
    public void release(String folder, String leaf) {
        if (reservations.remove(folder, leaf)) {
            drain(); // batches held back for it may go now
        }
    }

    /**
     * Waits another time than {@link #MARK_PATIENCE} for batches in flight before a reload (tests: on a loaded
     * machine a batch released a few milliseconds later can still take longer than that to end).
     *
     * @param patience how long a reload waits for this model's batches in flight
     */
    void markPatience(Duration patience) {
        markPatience = java.util.Objects.requireNonNull(patience, "patience");
    }

    /**
     * Waits less than {@link StampReservations#PATIENCE} for a reservation (tests).
     *
     * @param patience how long a reservation holds back later batches
     */
    void reservationPatience(Duration patience) {
        reservations.patience(patience);
    }

    /**
     * {@link #apply}'s work.
     *
     * @return whether the store took the batch in one call (false: part of it was sent again, so the store's
     *     revision may have moved by one or by two)
     */
    private boolean applyAndPublish(List<? extends BatchOp> ops) {
        boolean oneCall = true;
        try {
            store.apply(bucket, ops);
        } catch (PartialBatchException partial) {
            oneCall = false;
            Set<BucketPath> again = new HashSet<>(partial.failed().keySet());
            again.addAll(partial.pending());
            List<BatchOp> remainder = ops.stream()
                    .filter(op -> again.contains(op.path()))
                    .map(op -> (BatchOp) op)
                    .toList();
            try {
                store.apply(bucket, remainder);
            } catch (PartialBatchException again2) {
                invalidate();
                throw whole(partial, again2);
            } catch (CollabException e) {
                invalidate();
                e.addSuppressed(partial);
                throw e;
            }
        }
        publish(new Publication(changes(ops), reservations.tickets(ops)));
        return oneCall;
    }

    /**
     * The outcome of a batch whose resend failed in part too, as one exception: what either call applied, what the
     * resend failed and left pending. The resend's exception alone named only the operations sent again, so a 502
     * answer read as if the rest of the batch had not been applied.
     */
    private PartialBatchException whole(PartialBatchException first, PartialBatchException resend) {
        List<BucketPath> applied = new ArrayList<>(first.applied());
        applied.addAll(resend.applied());
        PartialBatchException both =
                new PartialBatchException(bucket, applied, resend.failed(), resend.pending(), resend);
        both.addSuppressed(first);
        return both;
    }

    /**
     * Whether a file exists in the central bucket: from the listing of its folder (or of a folder above it) when this
     * model holds one, in O(log n), else by one listing call of at most one entry. Used to tell a bookkeeping record
     * (idempotency, dedup claim, transaction) whose write was not applied (a batch applied in part) from a live one.
     *
     * @param path the file's path
     * @return whether it exists, including every write made through this model
     */
    public boolean exists(String path) {
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            View v = views.get(path.substring(0, slash + 1));
            if (v != null && clock.instant().isBefore(v.loadedAt.plus(ttl))) {
                return v.entries.containsKey(path);
            }
        }
        return store
                .list(bucket, new dev.agentcollab.api.bucket.ListRequest(path, Optional.empty(), 1))
                .entries()
                .stream()
                .anyMatch(e -> e.path().value().equals(path));
    }

    /**
     * What a committed batch changes in the views, in the batch's order, computed before any lock is taken: the
     * hashes, the content cache and the listing of copied files cost the writer alone, not every writer queued
     * behind it.
     */
    private List<Change> changes(List<? extends BatchOp> ops) {
        Instant now = clock.instant();
        List<Change> changes = new ArrayList<>(ops.size());
        Set<String> copied = new LinkedHashSet<>();
        for (BatchOp op : ops) {
            String path = op.path().value();
            switch (op) {
                case BatchOp.Put put -> {
                    String hash = Hashes.sha256(put.bytes());
                    if (cachedOnWrite(path)) {
                        content.put(path + "@" + hash, put.bytes());
                    }
                    changes.add(new Change(path, new BucketEntry(op.path(), put.bytes().length, hash, now)));
                    copied.remove(path);
                }
                case BatchOp.Delete ignored -> {
                    changes.add(new Change(path, null));
                    copied.remove(path);
                }
                case BatchOp.Copy ignored -> copied.add(path);
            }
        }
        changes.addAll(copies(copied));
        return changes;
    }

    /** Runs the combiner while batches are queued (as {@link #publish} does), so held-back ones are looked at. */
    private void drain() {
        while (recording.tryLock()) {
            try {
                recordPublished();
            } finally {
                recording.unlock();
            }
            if (published.isEmpty()) {
                break;
            }
        }
    }

    /**
     * Makes a committed batch's changes visible, each batch under one sequence number, and returns once this one is
     * (flat combining). Every writer queues its batch; whichever writer holds {@code recording} applies every batch
     * queued, back to back, under the views' lock, and the others wait for their own batch only. With a lock taken
     * by each writer in turn, every hand-off of a contended lock went through the scheduler: under 200 concurrent
     * posts nearly all request threads queued on the views' lock (docs/load-benchmark.md, "Posting under 200
     * clients: the tail"). A writer that releases {@code recording} looks at the queue again, so no batch queued
     * while a combiner was finishing is left behind.
     */
    private void publish(Publication mine) {
        published.add(mine);
        drain();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    mine.done.get(PARKED_RECHECK_MS, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException heldBack) {
                    drain(); // an older reservation may have been given up or run out of patience
                } catch (InterruptedException e) {
                    interrupted = true; // the batch is committed: it is made visible before this returns
                }
            }
        } catch (ExecutionException | CompletionException e) {
            switch (e.getCause()) {
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                default -> throw new IllegalStateException(e.getCause());
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Applies every queued batch to the views, holding back those that wait for an older reservation and applying
     * the held-back ones that no longer do; called with {@code recording} held.
     */
    private void recordPublished() {
        List<Publication> recorded = new ArrayList<>();
        synchronized (writes) {
            for (Publication p; (p = published.poll()) != null; ) {
                if (reservations.holdsBack(p.tickets)) {
                    parked.put(p.tickets.getFirst(), p);
                } else {
                    recordOne(p, recorded);
                }
                recordUnparked(recorded);
            }
            recordUnparked(recorded);
        }
        recorded.forEach(p -> p.done.complete(null));
    }

    /** Records the held-back batches that may go now, oldest stamp first; under {@code writes}. */
    private void recordUnparked(List<Publication> recorded) {
        while (!parked.isEmpty() && !reservations.holdsBack(parked.firstEntry().getValue().tickets)) {
            recordOne(parked.pollFirstEntry().getValue(), recorded);
        }
    }

    /** Applies one batch to the views and ends its reservations; under {@code writes}. */
    private void recordOne(Publication p, List<Publication> recorded) {
        long s = seq.incrementAndGet();
        try {
            for (Change c : p.changes) {
                record(c.path(), c.entry(), s);
            }
        } catch (RuntimeException | Error e) { // told to its writer; the other batches still apply
            p.done.completeExceptionally(e);
            return;
        } finally {
            reservations.end(p.tickets);
        }
        recorded.add(p);
    }

    private void record(String path, BucketEntry entry, long s) {
        if (!inFlight.isEmpty()) { // only a reload already in flight can miss this write; later ones list it
            Local w = new Local(path, entry, s);
            local.put(path, w);
            journalOrder.addLast(w);
        }
        viewPrefixes.forEachCandidate(path, prefix -> {
            View v = views.get(prefix);
            if (v != null) {
                v.set(path, entry);
                v.version = versions.incrementAndGet();
            }
        });
        watchedPrefixes.forEachCandidate(path, prefix -> {
            for (Watcher w : watchersOf(prefix)) {
                w.changed(path, entry);
            }
        });
    }

    /** Caches a prefix's view; under {@code writes}. */
    private void putView(String prefix, View view) {
        viewPrefixes.added(prefix);
        views.put(prefix, view);
    }

    /** The watchers of exactly one prefix, in registration order. */
    private List<Watcher> watchersOf(String prefix) {
        List<Watcher> ws = watchers.get(prefix);
        return ws == null ? List.of() : ws;
    }

    /**
     * The entries of copied files (whose size and hash only the store knows), from one listing under their common
     * prefix, not one per file (a single copied file is a one-entry listing). The batch is committed already: when
     * that listing fails, the cached views are dropped instead, so the next read lists the store again, and the write
     * still succeeds.
     */
    private List<Change> copies(Set<String> paths) {
        if (paths.isEmpty()) {
            return List.of();
        }
        String prefix = null;
        for (String p : paths) {
            prefix = prefix == null ? p : commonPrefix(prefix, p);
        }
        List<Change> changes = new ArrayList<>();
        try {
            for (BucketEntry e : store.listAll(bucket, prefix)) {
                if (paths.contains(e.path().value())) {
                    changes.add(new Change(e.path().value(), e));
                }
            }
        } catch (CollabException e) {
            invalidate();
            return List.of();
        }
        return changes;
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
        views.clear();
    }

    /**
     * Whether a file written through the model goes into the content cache at once: markdown records only, which
     * pages read through the cache. Other files (the verification index, job state) are read from the store when
     * read; a JSON file rewritten whole on each write, like the verification index with an entry per result, would
     * otherwise put a version no one reads into the cache on every write (100 KB per promotion at 2,000 results),
     * evicting the records the pages read.
     */
    private static boolean cachedOnWrite(String path) {
        return path.endsWith(".md");
    }

    /**
     * The heap the content cache's entries retain, estimated (tests).
     *
     * @return bytes
     */
    long contentCacheBytes() {
        return content.weightedSize();
    }

    private Optional<ContentCache.Item> load(BucketEntry e) {
        String key = e.path().value() + "@" + e.contentHash();
        ContentCache.Item item = content.get(key);
        if (item != null) {
            return Optional.of(item);
        }
        return store.read(bucket, e.path()).map(bytes -> content.put(key, bytes));
    }

    private View view(String prefix) {
        View v = views.get(prefix);
        Instant now = clock.instant();
        if (v != null) {
            if (now.isBefore(v.loadedAt.plus(ttl))) {
                if (refresher != null
                        && !now.isBefore(v.loadedAt.plus(refreshAfter))
                        && v.reloading.compareAndSet(false, true)) {
                    refreshAhead(prefix, v);
                }
                return v; // fresh: a refresh ahead, if any, replaces it when done
            }
            if (!v.reloading.compareAndSet(false, true)) {
                return v; // another reader is reloading it: serve this one meanwhile
            }
            try {
                return reload(prefix, v, now);
            } finally {
                v.reloading.set(false);
            }
        }
        synchronized (firstLoads.computeIfAbsent(prefix, k -> new Object())) {
            v = views.get(prefix);
            return v != null ? v : reload(prefix, null, now);
        }
    }

    /** Reloads {@code old} on the refresher, then lets the prefix's watchers catch up there. */
    private void refreshAhead(String prefix, View old) {
        Runnable task = () -> {
            View fresh;
            try {
                fresh = reload(prefix, old, clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("reloading {} ahead of its TTL failed; the next request past the TTL reloads it", prefix, e);
                return;
            } finally {
                old.reloading.set(false);
            }
            if (fresh.entries != old.entries) {
                for (Watcher w : watchersOf(prefix)) {
                    try {
                        w.refreshed();
                    } catch (RuntimeException e) {
                        LOG.warn("an index of {} failed to catch up after a refresh; its next read does", prefix, e);
                    }
                }
            }
        };
        try {
            refresher.execute(task);
        } catch (RejectedExecutionException e) {
            old.reloading.set(false); // shutting down: the request path reloads as before
        }
    }

    private View reload(String prefix, View old, Instant now) {
        long startSeq = beginReload();
        try {
            return reload(prefix, old, now, startSeq);
        } finally {
            endReload(startSeq);
        }
    }

    /** Why a reload lists the store instead of keeping its view, for the debug line. */
    private static String whyListed(View old, OwnWrites.Mark mark) {
        if (old == null) {
            return "first listing";
        }
        if (old.mark == null) {
            return "the view had no mark";
        }
        return mark == null ? "no mark now: a batch in flight, or no revision" : "changed by others";
    }

    private View reload(String prefix, View old, Instant now, long startSeq) {
        OwnWrites.Mark mark = own.mark(store, bucket, markPatience).orElse(null);
        if (old != null && old.mark != null && mark != null && OwnWrites.onlyOwnSince(old.mark, mark)) {
            synchronized (writes) {
                if (views.get(prefix) == old) {
                    // Nobody else wrote the bucket since old was listed, and old holds every write of this model:
                    // a listing would give the same entries, so keep them (the watchers have nothing to catch up).
                    View kept = old.renewed(now, mark);
                    putView(prefix, kept);
                    return kept;
                }
            }
        }
        long listing = System.nanoTime();
        List<BucketEntry> listed;
        try {
            listed = store.listAll(bucket, prefix);
        } catch (CollabException e) {
            listed = List.of(); // the reference treats a failed listing as empty; the rule below applies
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "listed {}: {} entries in {} ms ({})",
                    prefix,
                    listed.size(),
                    String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - listing) / 1e6),
                    whyListed(old, mark));
        }
        synchronized (writes) {
            View fresh;
            if (listed.isEmpty() && old != null && !old.entries.isEmpty() && views.get(prefix) == old) {
                fresh = old.renewed(now, null); // a transiently empty listing never hides files seen before
            } else {
                fresh = new View(prefix, now, versions.incrementAndGet(), mark);
                boolean hiding = !reservations.isEmpty();
                for (BucketEntry e : listed) {
                    if (!hiding || !reservations.hides(e.path().value())) {
                        fresh.set(e.path().value(), e);
                    }
                }
                for (Map.Entry<String, Local> e : local.tailMap(prefix, true).entrySet()) {
                    if (!e.getKey().startsWith(prefix)) {
                        break;
                    }
                    if (e.getValue().seq() > startSeq) {
                        fresh.set(e.getKey(), e.getValue().entry());
                    }
                }
            }
            putView(prefix, fresh);
            if (fresh.entries != (old == null ? null : old.entries)) {
                for (Watcher w : watchersOf(prefix)) {
                    w.reloaded();
                }
            }
            return fresh;
        }
    }

    /**
     * Registers a reload about to list the store: from now on every local write is journaled until this reload and
     * every older one have ended, so that the reload can overlay what its listing may miss.
     *
     * @return the sequence number of the last local write applied before its listing starts
     */
    private long beginReload() {
        synchronized (writes) {
            long startSeq = seq.get();
            inFlight.merge(startSeq, 1, Integer::sum);
            return startSeq;
        }
    }

    /**
     * Ends a reload and drops from the journal's head every write that no reload still in flight can overlay: a
     * reload overlays only writes newer than its start, and every write is in the views it was applied to, so a
     * write no newer than the oldest start in flight (every write, when none is) is needed by no one. Each write is
     * journaled and dropped once: amortised O(1) per write, and the journal holds at most the writes made since the
     * oldest reload in flight started (none while no reload is in flight).
     */
    private void endReload(long startSeq) {
        synchronized (writes) {
            inFlight.computeIfPresent(startSeq, (k, n) -> n == 1 ? null : n - 1);
            long oldest = inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.firstKey();
            for (Local w = journalOrder.peekFirst(); w != null && w.seq() <= oldest; w = journalOrder.peekFirst()) {
                journalOrder.pollFirst();
                if (local.get(w.path()) == w) {
                    local.remove(w.path());
                }
            }
        }
    }

    /**
     * How many writes the journal of recent local writes holds (tests).
     *
     * @return the number of journaled writes, a path's superseded writes included
     */
    int journalSize() {
        synchronized (writes) {
            return journalOrder.size();
        }
    }

    private static boolean isRecord(String filename) {
        return filename.endsWith(".md") && !filename.equalsIgnoreCase("README.md") && filename.indexOf('/') < 0;
    }

    /** One prefix's entries with counters kept in step. Mutated only under {@code writes}. */
    private static final class View {
        final String prefix;
        final ConcurrentSkipListMap<String, BucketEntry> entries;
        final Instant loadedAt;
        final java.util.concurrent.atomic.AtomicBoolean reloading = new java.util.concurrent.atomic.AtomicBoolean();
        /** The store's revision and this model's writes just before the listing; null when not known. */
        final OwnWrites.Mark mark;

        private volatile int records;
        private volatile int nested;
        volatile long version;
        /** Identifies the listing: a new one for each listing of the store, kept by {@link #renewed}. */
        final long listing;

        View(String prefix, Instant loadedAt, long version, OwnWrites.Mark mark) {
            this(prefix, new ConcurrentSkipListMap<>(), loadedAt, 0, 0, version, mark, LISTINGS.incrementAndGet());
        }

        private View(
                String prefix,
                ConcurrentSkipListMap<String, BucketEntry> entries,
                Instant loadedAt,
                int records,
                int nested,
                long version,
                OwnWrites.Mark mark,
                long listing) {
            this.prefix = prefix;
            this.entries = entries;
            this.loadedAt = loadedAt;
            this.records = records;
            this.nested = nested;
            this.version = version;
            this.mark = mark;
            this.listing = listing;
        }

        View renewed(Instant now, OwnWrites.Mark mark) {
            return new View(prefix, entries, now, records, nested, version, mark, listing);
        }

        int records() {
            return records;
        }

        boolean nested() {
            return nested > 0;
        }

        void set(String path, BucketEntry entry) {
            BucketEntry old = entry == null ? entries.remove(path) : entries.put(path, entry);
            String rest = path.substring(prefix.length());
            int delta = (entry == null ? 0 : 1) - (old == null ? 0 : 1);
            if (delta != 0) {
                if (rest.indexOf('/') >= 0) {
                    nested += delta;
                } else if (isRecord(rest)) {
                    records += delta;
                }
            }
        }
    }
}
