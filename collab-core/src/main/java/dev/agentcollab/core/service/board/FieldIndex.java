package dev.agentcollab.core.service.board;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.RecordSet;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The records of one flat folder by their {@code type} and by their {@code via} (each value's text as
 * {@code Document.text} renders it, which is what the list filters compare), as sorted sets of filenames: what an
 * inbox page filtered by either walks instead of loading every record in its time range. The board has its own
 * ({@link BoardIndex}); this one is for the inboxes and {@code broadcasts/}, kept with the read model and created for
 * a folder by the first page that filters it so; a folder never filtered costs nothing.
 *
 * <p>How it stays exact: the read model names each file written under the folder ({@link #changed}, which only
 * queues the path), and the next read looks the queued records up in the view and indexes those whose hash changed.
 * A reload of the folder's view (it may hold an out-of-band edit) makes the next read compare every listed record's
 * hash with the one indexed and index only those that differ; the first read indexes every record. A record is
 * indexed without reading it when the {@link BoardIndex} holds the board message of the same filename at the same
 * content hash (an inbox copy or a broadcast is written with its board message's bytes, so this is the usual case,
 * and the board index is kept from a snapshot across restarts); any other record is read (from the content cache,
 * where a write put it, else the store). Per record it keeps the hash and the two values (about 150 bytes with the
 * set entries). From the first page that asks a folder for both fields, it also keeps the records by each pair of
 * values (one more set entry per record, filled once from what is indexed), so that page is a window of one set too.
 * Thread safe: catch-ups are serialised, readers see the sets weakly consistently, like any listing.
 */
final class FieldIndex implements ReadModel.Watcher {

    /** The indexes kept with a read model, by folder. */
    private static final class All {
        final ConcurrentHashMap<String, FieldIndex> folders = new ConcurrentHashMap<>();
    }

    /** What is indexed of one record. */
    private record Meta(String hash, String type, String via) {
        Pair pair() {
            return new Pair(type, via);
        }
    }

    /** A {@code type} and a {@code via} value. */
    private record Pair(String type, String via) {}

    /** The records under one value, and how many (written under the lock, read without it). */
    private static final class Group {
        final ConcurrentSkipListSet<String> names = new ConcurrentSkipListSet<>();
        volatile int count;
    }

    private static final Group NONE = new Group();

    private final ReadModel reads;
    private final String folder;
    private final ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
    private volatile boolean stale = true; // the first read walks the view
    private final Object lock = new Object();
    private final Map<String, Meta> meta = new HashMap<>(); // by filename; guarded by lock
    private final ConcurrentHashMap<String, Group> types = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Group> vias = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Pair, Group> pairs = new ConcurrentHashMap<>(); // once keepsPairs
    private boolean keepsPairs; // guarded by lock
    private final AtomicLong read = new AtomicLong();

    private FieldIndex(ReadModel reads, String folder) {
        this.reads = reads;
        this.folder = folder;
    }

    /**
     * The index of one folder of a read model, created, and registered with the model, on first use.
     *
     * @param reads the read model
     * @param folder a flat folder of records, e.g. {@code inbox/agent-1/}
     * @return its index
     */
    static FieldIndex of(ReadModel reads, String folder) {
        All all = reads.extension(All.class, r -> new All());
        return all.folders.computeIfAbsent(folder, f -> {
            FieldIndex index = new FieldIndex(reads, f);
            reads.watch(f, index);
            return index;
        });
    }

    @Override
    public void changed(String path, BucketEntry entry) {
        written.add(path);
    }

    @Override
    public void reloaded() {
        stale = true;
    }

    /**
     * The records whose {@code type} is a value, as a record set over the folder.
     *
     * @param value the value as the {@code type} filter compares it
     * @return the set, or empty when the folder has subfolders (then the caller scans)
     */
    Optional<RecordSet> type(String value) {
        return sync().map(view -> set(view, types.getOrDefault(value, NONE)));
    }

    /**
     * The records whose {@code via} is a value, as a record set over the folder.
     *
     * @param value the value as the {@code via} filter compares it
     * @return the set, or empty when the folder has subfolders
     */
    Optional<RecordSet> via(String value) {
        return sync().map(view -> set(view, vias.getOrDefault(value, NONE)));
    }

    /**
     * The records whose {@code type} and {@code via} are two values, as a record set over the folder. The first call
     * on a folder indexes its records by pair from what is already indexed (no reads); every change after it keeps
     * the pairs too.
     *
     * @param type the value as the {@code type} filter compares it
     * @param via the value as the {@code via} filter compares it
     * @return the set, or empty when the folder has subfolders
     */
    Optional<RecordSet> typeAndVia(String type, String via) {
        synchronized (lock) {
            Optional<ReadModel.Records> view = sync();
            if (view.isPresent() && !keepsPairs) {
                keepsPairs = true;
                meta.forEach((filename, m) -> add(pairs, m.pair(), filename));
            }
            return view.map(v -> set(v, pairs.getOrDefault(new Pair(type, via), NONE)));
        }
    }

    /**
     * How many records this index has read since it was created (the others it took from the board index).
     *
     * @return the count
     */
    long recordsRead() {
        return read.get();
    }

    /** Catches up with the folder's view: every listed record after a reload, else the queued ones. */
    private Optional<ReadModel.Records> sync() {
        synchronized (lock) {
            Optional<ReadModel.Records> view = reads.records(folder); // a first or expired view marks this stale
            if (view.isEmpty()) { // subfolders: the caller scans; walk the view again once it is flat
                stale = true;
                written.clear();
                return view;
            }
            ReadModel.Records v = view.get();
            BoardIndex board = BoardIndex.of(reads);
            if (stale || !written.isEmpty()) {
                board.catchUp(); // a post's copies and its board message are one write
            }
            if (stale) {
                stale = false;
                written.clear(); // every write queued so far is in the view walked below
                Set<String> listed = new HashSet<>();
                v.forEachEntry((filename, entry) -> {
                    listed.add(filename);
                    refresh(v, board, filename, entry);
                });
                for (Iterator<Map.Entry<String, Meta>> it = meta.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<String, Meta> e = it.next();
                    if (!listed.contains(e.getKey())) {
                        unindex(e.getKey(), e.getValue());
                        it.remove();
                    }
                }
            }
            for (String path; (path = written.poll()) != null; ) {
                String filename = path.substring(folder.length());
                refresh(v, board, filename, v.entry(filename).orElse(null));
            }
            return view;
        }
    }

    /**
     * Indexes a record as listed now ({@code null}: not a listed record) when its hash changed: from the board index
     * when it holds the same filename at that hash, else read.
     */
    private void refresh(ReadModel.Records view, BoardIndex board, String filename, BucketEntry entry) {
        Meta old = meta.get(filename);
        if (old != null && entry != null && old.hash().equals(entry.contentHash())) {
            return;
        }
        if (old != null) {
            unindex(filename, old);
            meta.remove(filename);
        }
        if (entry == null) {
            return;
        }
        Meta m = board.held(filename, entry.contentHash())
                .map(b -> new Meta(b.hash(), b.type(), b.via()))
                .orElse(null);
        if (m == null) {
            read.incrementAndGet();
            Optional<StoredDoc> d = view.load(filename);
            if (d.isEmpty()) {
                return;
            }
            m = new Meta(
                    d.get().entry().contentHash(),
                    d.get().doc().str("type"),
                    d.get().doc().str("via"));
        }
        meta.put(filename, m);
        add(types, m.type(), filename);
        add(vias, m.via(), filename);
        if (keepsPairs) {
            add(pairs, m.pair(), filename);
        }
    }

    /** One value's records, loaded from the folder's view. */
    private static RecordSet set(ReadModel.Records view, Group g) {
        return new RecordSets.Named(view, g.names, () -> g.count);
    }

    private void unindex(String filename, Meta m) {
        remove(types, m.type(), filename);
        remove(vias, m.via(), filename);
        if (keepsPairs) {
            remove(pairs, m.pair(), filename);
        }
    }

    private static <K> void add(Map<K, Group> groups, K value, String filename) {
        Group g = groups.computeIfAbsent(value, k -> new Group());
        if (g.names.add(filename)) {
            g.count++;
        }
    }

    private static <K> void remove(Map<K, Group> groups, K value, String filename) {
        Group g = groups.get(value);
        if (g != null && g.names.remove(filename)) {
            g.count--;
            if (g.count == 0) {
                groups.remove(value);
            }
        }
    }
}
