package dev.agentcollab.core.service.board;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.core.service.internal.BackgroundSave;
import dev.agentcollab.core.service.internal.CentralPaths;
import dev.agentcollab.core.service.internal.Document;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.NamedRecords;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.RecordSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trigram index of the records of one folder (the board, the broadcasts, an inbox, the results), of the
 * manifests two folders below it (the trace library, {@link Scope#MANIFESTS}) or of the notes at any depth below it
 * (a taskforce, {@link Scope#NOTES}), for the {@code q} filter:
 * each record has an ordinal, and each 3-character gram of the texts {@code q} searches ({@link
 * ListEngine#foldedTexts}: the body and every {@code key: value} rendering, folded as the matcher folds them) a
 * posting list of the ordinals whose texts hold it, a compressed bitmap ({@link RoaringBitmap}: sorted 16-bit
 * values per block of 65,536 ordinals, or a bitmap or runs where that is smaller). A needle of at least
 * {@link Trigrams#MIN_LENGTH} characters gets the records that hold all its grams, intersecting the lists from the
 * rarest: a superset of the matches, which the caller verifies with the matcher itself, so answers are exactly
 * those of a scan.
 *
 * <p>How it stays exact: like {@link BoardIndex}, it is told by the read model about every file written through
 * the service and every reload of the folder's view; the next query catches up first, reading the written files,
 * or after a reload comparing every listed file's content hash with the one it indexed and reading only those that
 * differ. A record that changes or goes away keeps its ordinal's bits in the posting lists until enough ordinals
 * are dead; then one pass removes them from every list and the ordinals are reused ({@link #sweep}).
 *
 * <p>When it is built: on the first query of its folder, or at start-up ({@link #warm}, in the background) for a
 * folder whose index was saved before. With a snapshot file ({@link TextIndexSnapshot}), the first catch-up starts
 * from the saved index when it is valid, and reads only the records the listing does not confirm; without a valid
 * one, it reads every record of the folder once. The snapshot is written after a first catch-up that read
 * anything, every {@link #SAVE_EVERY} records indexed or dropped, and at shutdown ({@link #save}).
 *
 * <p>One build per folder: catch-ups and queries are serialised on one lock, so a query that comes while the index
 * is being built waits for that build and then uses it; it never starts a second one. It does not scan meanwhile:
 * a scan of the folder reads and matches every record the build reads, so scans beside the build would multiply
 * the work on the cores the build needs, and a needle found in few records scans the whole folder even for one
 * page; from a snapshot the build is a load and a comparison with the listing. Requests that do not ask {@code q}
 * of this folder never take this lock. Thread safe.
 */
final class TextIndex implements ReadModel.Watcher {
    private static final Logger LOG = LoggerFactory.getLogger(TextIndex.class);

    /** Which files of its folder an index covers. */
    enum Scope {
        /** The records of a flat folder (the board, an inbox, the results); none while it has subfolders. */
        RECORDS,
        /**
         * The files named {@code manifest.md} two folders below it, such as {@code traces/<agent>/<session>/
         * manifest.md}; a record's name is its path below the folder.
         */
        MANIFESTS,
        /**
         * The markdown files at any depth below it but its own {@code README.md} (in any case), such as the notes
         * of a taskforce; a record's name is its path below the folder.
         */
        NOTES;

        /** Whether a path below the folder names a file this scope covers. */
        boolean covers(String name) {
            if (this == RECORDS) {
                return true; // a subfolder's file is dropped at the next catch-up, as it is not listed
            }
            return this == NOTES ? CentralPaths.isTaskforceNote(name) : CentralPaths.isTraceManifest(name);
        }
    }

    /** The covered files of the folder as listed now: each one's name below the folder and its entry. */
    private interface Listing {
        void forEachEntry(java.util.function.BiConsumer<String, BucketEntry> action);

        Optional<BucketEntry> entry(String name);
    }
    /** Names written since the last catch-up beyond which the next one compares the whole listing instead. */
    static final int PENDING_MAX = 10_000;
    /** Dead ordinals below which no sweep runs. */
    static final int SWEEP_MIN = 1024;
    /** Records indexed or dropped since the last snapshot after which a new one is written. */
    static final int SAVE_EVERY = 1000;

    private final ReadModel reads;
    private final String folder;
    private final Scope scope;
    private final int sweepMin;
    private final Optional<Path> snapshot;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong(1); // the first query builds the index
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong builds = new AtomicLong();
    private long changesApplied;
    private long reloadsApplied;
    private final Object lock = new Object();
    private final Map<String, Integer> ordinals = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<String> hashes = new ArrayList<>();
    private final Map<Long, RoaringBitmap> postings = new HashMap<>();
    private final RoaringBitmap dead = new RoaringBitmap();
    private int[] free = new int[0];
    private int freeCount;
    private long[] grams = new long[256];
    private boolean snapshotRead;
    private boolean restored;
    /** Whether the file holds what was last loaded or copied for a save: with nothing unsaved, it is current. */
    private boolean fileCurrent;

    private long unsaved;
    private final Object saving = new Object();
    private final BackgroundSave saves;
    private volatile Runnable beforeBuild = () -> {};

    /**
     * Creates the index of a folder and starts listening to its changes; it is filled on the first query.
     *
     * @param reads the read model
     * @param folder the folder, e.g. {@code message_board/}
     */
    TextIndex(ReadModel reads, String folder) {
        this(reads, folder, Scope.RECORDS, SWEEP_MIN, Optional.empty());
    }

    /**
     * Creates the index of a folder kept in a snapshot file; it is filled on the first query or {@link #warm}.
     *
     * @param reads the read model
     * @param folder the folder
     * @param snapshot the snapshot file, or empty for none
     */
    TextIndex(ReadModel reads, String folder, Optional<Path> snapshot) {
        this(reads, folder, Scope.RECORDS, SWEEP_MIN, snapshot);
    }

    /**
     * Creates the index of the files of a folder that a scope covers, kept in a snapshot file.
     *
     * @param reads the read model
     * @param folder the folder
     * @param scope which of its files
     * @param snapshot the snapshot file, or empty for none
     */
    TextIndex(ReadModel reads, String folder, Scope scope, Optional<Path> snapshot) {
        this(reads, folder, scope, SWEEP_MIN, snapshot);
    }

    /**
     * Creates the index of a folder with another sweep threshold (tests).
     *
     * @param reads the read model
     * @param folder the folder
     * @param sweepMin the dead ordinals below which no sweep runs
     */
    TextIndex(ReadModel reads, String folder, int sweepMin) {
        this(reads, folder, Scope.RECORDS, sweepMin, Optional.empty());
    }

    private TextIndex(ReadModel reads, String folder, Scope scope, int sweepMin, Optional<Path> snapshot) {
        this.reads = reads;
        this.folder = folder;
        this.scope = scope;
        this.sweepMin = sweepMin;
        this.snapshot = snapshot;
        this.saves = new BackgroundSave(
                "collab-text-index-save",
                this::save,
                "the text index snapshot of " + folder + " could not be written; the next start reads it");
        reads.watch(folder, this);
    }

    /**
     * Sets an action run by the first catch-up, under the lock, before it reads anything (tests: holds a build).
     *
     * @param action the action
     */
    void beforeBuild(Runnable action) {
        beforeBuild = action;
    }

    /** Catches up with the folder now (start-up, in the background): from the snapshot when there is a valid one. */
    void warm() {
        synchronized (lock) {
            sync();
        }
    }

    /**
     * Writes the snapshot now, when the index has one, has been built and changed since the file was loaded or
     * written (shutdown), after any save under way. Changes notified but not yet applied by a query are applied
     * first. The index is copied under its lock (the lists of ordinals and the posting lists, about their size in memory:
     * queries of the folder wait for that copy only), then encoded and written outside it.
     *
     * @throws UncheckedIOException when it cannot be written
     */
    void save() {
        if (snapshot.isEmpty()) {
            return;
        }
        synchronized (saving) {
            TextIndexSnapshot.State copy;
            long t0 = System.nanoTime();
            long t1;
            synchronized (lock) {
                if (reloadsApplied == 0) {
                    return; // never built: nothing newer than the file to save
                }
                sync(); // apply the changes no query has caught up with yet (posts since the last q), so the
                // snapshot holds every message the folder has now
                if (fileCurrent && unsaved == 0) {
                    return; // nothing indexed or dropped since the file was loaded or written
                }
                t1 = System.nanoTime();
                Map<Long, RoaringBitmap> lists = new HashMap<>(postings.size() * 4 / 3 + 1);
                postings.forEach((k, p) -> lists.put(k, p.clone()));
                copy = new TextIndexSnapshot.State(
                        new ArrayList<>(names), new ArrayList<>(hashes), dead.clone(), lists);
                unsaved = 0;
                fileCurrent = false; // until the write below succeeds
            }
            long t2 = System.nanoTime();
            byte[] bytes = TextIndexSnapshot.encode(reads.bucket(), folder, copy);
            long t3 = System.nanoTime();
            try {
                TextIndexSnapshot.write(snapshot.get(), bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the text index snapshot " + snapshot.get(), e);
            }
            synchronized (lock) {
                fileCurrent = true; // changes since the copy count in unsaved
            }
            LOG.info(
                    "text index of {}: {} bytes saved to {} (copied in {} ms under the index's lock after {} ms"
                            + " waiting for it, encoded in {} ms, written in {} ms)",
                    folder,
                    bytes.length,
                    snapshot.get(),
                    (t2 - t1) / 1_000_000,
                    (t1 - t0) / 1_000_000,
                    (t3 - t2) / 1_000_000,
                    (System.nanoTime() - t3) / 1_000_000);
        }
    }

    /**
     * Waits for a background save to finish (shutdown), at most 30 s.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    void awaitSave() throws InterruptedException {
        saves.await();
    }

    @Override
    public void changed(String path, BucketEntry entry) {
        if (!scope.covers(path.substring(folder.length()))) {
            return;
        }
        if (pending.size() >= PENDING_MAX) {
            pending.clear();
            reloads.incrementAndGet(); // the next catch-up compares the whole listing instead
        } else {
            pending.add(path.substring(folder.length()));
        }
        changes.incrementAndGet();
    }

    @Override
    public void reloaded() {
        reloads.incrementAndGet();
    }

    @Override
    public void refreshed() {
        synchronized (lock) {
            if (reloadsApplied > 0) {
                sync(); // built: compare with the new listing now, on the refresher's thread
            }
        }
    }

    /**
     * The records of a view that may contain a needle: every record that contains it, and maybe some that do not.
     *
     * @param needle the {@code q} value
     * @param view the folder's current view
     * @return the candidates, ascending, or empty when the needle is too short for the index (then every record
     *     is a candidate)
     */
    Optional<RecordSet> candidates(String needle, ReadModel.Records view) {
        return names(needle).map(n -> new NamedRecords(view, n));
    }

    /**
     * The names of the covered files that may contain a needle: every file that contains it, and maybe some that do
     * not.
     *
     * @param needle the {@code q} value
     * @return the names below the folder, ascending, or empty when the needle is too short for the index or the
     *     folder cannot be indexed now (then every file is a candidate)
     */
    Optional<String[]> names(String needle) {
        String folded = ListEngine.fold(needle);
        if (folded.length() < Trigrams.MIN_LENGTH) {
            return Optional.empty();
        }
        long[] keys = distinct(folded);
        synchronized (lock) {
            if (!sync()) {
                return Optional.empty(); // the folder has subfolders now: the caller scans
            }
            List<RoaringBitmap> lists = new ArrayList<>(keys.length);
            for (long k : keys) {
                RoaringBitmap p = postings.get(k);
                if (p == null) {
                    return Optional.of(new String[0]);
                }
                lists.add(p);
            }
            lists.sort(Comparator.comparingInt(RoaringBitmap::getCardinality));
            RoaringBitmap hits = lists.getFirst().clone();
            for (int i = 1; i < lists.size() && !hits.isEmpty(); i++) {
                hits.and(lists.get(i));
            }
            hits.andNot(dead);
            String[] out = new String[hits.getCardinality()];
            int n = 0;
            for (IntIterator it = hits.getIntIterator(); it.hasNext(); ) {
                out[n++] = names.get(it.next());
            }
            Arrays.sort(out);
            return Optional.of(out);
        }
    }

    /**
     * How many records this index has read since it was created.
     *
     * @return the count
     */
    long messagesRead() {
        return read.get();
    }

    /**
     * How many times this index has been built: first catch-ups, from the store or from a snapshot (at most one).
     *
     * @return the count
     */
    long builds() {
        return builds.get();
    }

    /**
     * How many ordinals have been handed out: the live records, the dead ones not yet swept and the free ones.
     *
     * @return the count
     */
    int ordinalsAllocated() {
        synchronized (lock) {
            return names.size();
        }
    }

    /**
     * How many distinct grams have a posting list.
     *
     * @return the count
     */
    int grams() {
        synchronized (lock) {
            return postings.size();
        }
    }

    /**
     * The bytes held by the posting lists (their serialised size, close to their size in memory).
     *
     * @return the size
     */
    long postingBytes() {
        synchronized (lock) {
            long bytes = 0;
            for (RoaringBitmap p : postings.values()) {
                bytes += p.getSizeInBytes();
            }
            return bytes;
        }
    }

    /**
     * Catches up with the folder's view. Under {@code lock}.
     *
     * @return false when the folder has subfolders (it has no records view, and the index is not current)
     */
    private boolean sync() {
        Optional<Listing> listed = listing(); // may reload, which counts a reload
        if (listed.isEmpty()) {
            return false;
        }
        if (reloadsApplied == reloads.get() && changesApplied == changes.get()) {
            return true;
        }
        long r = reloads.get();
        long c = changes.get();
        listed = listing();
        if (listed.isEmpty()) {
            return false;
        }
        Listing view = listed.get();
        boolean first = reloadsApplied == 0;
        if (first) {
            beforeBuild.run();
        }
        if (first && !snapshotRead) {
            snapshotRead = true;
            long t0 = System.nanoTime();
            snapshot.flatMap(f -> TextIndexSnapshot.read(f, reads.bucket(), folder))
                    .ifPresent(this::restore);
            if (restored) {
                LOG.info(
                        "text index of {}: {} ordinals loaded from the snapshot {} in {} ms",
                        folder,
                        names.size(),
                        snapshot.orElseThrow(),
                        (System.nanoTime() - t0) / 1_000_000);
            }
        }
        if (reloadsApplied != r) {
            pending.clear(); // every change so far is in the view full() compares against
            full(view, first);
            reloadsApplied = r;
        } else {
            for (Iterator<String> it = pending.iterator(); it.hasNext(); ) {
                String filename = it.next();
                it.remove();
                Optional<BucketEntry> e = view.entry(filename);
                Integer known = ordinals.get(filename);
                if (e.isEmpty()) {
                    remove(filename);
                } else if (known == null || !hashes.get(known).equals(e.get().contentHash())) {
                    index(view, filename);
                }
            }
        }
        changesApplied = c;
        if (dead.getCardinality() >= Math.max(sweepMin, ordinals.size() / 4)) {
            sweep();
        }
        if (snapshot.isPresent() && ((first && unsaved > 0) || unsaved >= SAVE_EVERY)) {
            saves.request(); // the save counts what it copies: unsaved stays until then
        }
        return true;
    }

    /** The covered files as listed now, or empty when the folder cannot be indexed (records with subfolders). */
    private Optional<Listing> listing() {
        if (scope == Scope.RECORDS) {
            return reads.records(folder).map(r -> new Listing() {
                @Override
                public void forEachEntry(java.util.function.BiConsumer<String, BucketEntry> action) {
                    r.forEachEntry(action);
                }

                @Override
                public Optional<BucketEntry> entry(String name) {
                    return r.entry(name);
                }
            });
        }
        java.util.SortedMap<String, BucketEntry> all = reads.range(folder, folder); // live: no copy
        return Optional.of(new Listing() {
            @Override
            public void forEachEntry(java.util.function.BiConsumer<String, BucketEntry> action) {
                all.forEach((path, e) -> {
                    String name = path.substring(folder.length());
                    if (scope.covers(name)) {
                        action.accept(name, e);
                    }
                });
            }

            @Override
            public Optional<BucketEntry> entry(String name) {
                return scope.covers(name) ? Optional.ofNullable(all.get(folder + name)) : Optional.empty();
            }
        });
    }

    /** Fills the empty index from a snapshot; {@link #full} then checks each entry against the listing. */
    private void restore(TextIndexSnapshot.State s) {
        names.addAll(s.names());
        hashes.addAll(s.hashes());
        for (int o = 0; o < names.size(); o++) {
            if (names.get(o) != null) {
                ordinals.put(names.get(o), o);
            } else if (!s.dead().contains(o)) {
                if (freeCount == free.length) {
                    free = Arrays.copyOf(free, Math.max(16, free.length * 2));
                }
                free[freeCount++] = o;
            }
        }
        dead.or(s.dead());
        postings.putAll(s.postings());
        restored = true;
        fileCurrent = true;
    }

    /** Compares every listed record with the index and reads the new and changed ones. */
    private void full(Listing view, boolean first) {
        long t0 = System.nanoTime();
        long readBefore = read.get();
        List<String> changed = new ArrayList<>();
        int[] known = {0};
        view.forEachEntry((f, e) -> {
            Integer o = ordinals.get(f);
            if (o == null || !hashes.get(o).equals(e.contentHash())) {
                changed.add(f);
            } else {
                hashes.set(o, e.contentHash()); // the listing's instance: the old one can be collected
            }
            if (o != null) {
                known[0]++;
            }
        });
        if (known[0] != ordinals.size()) { // some indexed records are no longer listed
            for (String f : List.copyOf(ordinals.keySet())) {
                if (view.entry(f).isEmpty()) {
                    remove(f);
                }
            }
        }
        for (String f : changed) {
            index(view, f);
        }
        if (first) {
            builds.incrementAndGet(); // counted once built, so that a count of 1 means the index is ready
            for (RoaringBitmap p : postings.values()) {
                p.runOptimize();
                p.trim();
            }
            LOG.info(
                    "text index of {}: {} records ({} read{}), {} grams, {} bytes of posting lists, built in {} ms",
                    folder,
                    ordinals.size(),
                    read.get() - readBefore,
                    restored ? ", the others confirmed from the snapshot" : "",
                    postings.size(),
                    postingBytes(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Indexes the current content of one record under a new ordinal (its old one, if any, dies). */
    private void index(Listing view, String filename) {
        remove(filename);
        read.incrementAndGet();
        unsaved++;
        // read past the content cache and parsed here: a build would otherwise fill the cache with every record of
        // the folder (about 400 bytes of heap per small message, 40 MiB at 100k) and, through the parsed form it
        // keeps but does not weigh, several times more. The hash is the listing's, taken before the read: content
        // newer than it is indexed again when the listing shows the new hash, never the reverse.
        Optional<BucketEntry> listed = view.entry(filename);
        Optional<byte[]> bytes = listed.isEmpty() ? Optional.empty() : reads.read(folder + filename);
        if (bytes.isEmpty()) {
            return;
        }
        Document doc = FrontmatterCodec.parseLenient(new String(bytes.get(), StandardCharsets.UTF_8));
        int o = ordinal(filename, listed.get().contentHash());
        int n = 0;
        for (String text : ListEngine.foldedTexts(doc)) {
            int need = n + Math.max(0, text.length() - 2);
            if (need > grams.length) {
                grams = Arrays.copyOf(grams, Math.max(need, grams.length * 2));
            }
            for (int i = 0; i + Trigrams.MIN_LENGTH <= text.length(); i++) {
                grams[n++] = Trigrams.key(text.charAt(i), text.charAt(i + 1), text.charAt(i + 2));
            }
        }
        Arrays.sort(grams, 0, n);
        for (int i = 0; i < n; i++) {
            if (i == 0 || grams[i] != grams[i - 1]) {
                postings.computeIfAbsent(grams[i], k -> new RoaringBitmap()).add(o);
            }
        }
        if (grams.length > 65_536) {
            grams = new long[256]; // do not keep one huge message's buffer
        }
    }

    private int ordinal(String filename, String hash) {
        int o;
        if (freeCount > 0) {
            o = free[--freeCount];
            names.set(o, filename);
            hashes.set(o, hash);
        } else {
            o = names.size();
            names.add(filename);
            hashes.add(hash);
        }
        ordinals.put(filename, o);
        return o;
    }

    /** Forgets one record: its ordinal is dead until the next sweep. */
    private void remove(String filename) {
        Integer o = ordinals.remove(filename);
        if (o != null) {
            names.set(o, null);
            hashes.set(o, null);
            dead.add(o);
            unsaved++;
        }
    }

    /** Removes the dead ordinals from every posting list and makes them free for reuse. */
    private void sweep() {
        for (Iterator<RoaringBitmap> it = postings.values().iterator(); it.hasNext(); ) {
            RoaringBitmap p = it.next();
            p.andNot(dead);
            if (p.isEmpty()) {
                it.remove();
            }
        }
        int[] ids = dead.toArray();
        if (free.length < freeCount + ids.length) {
            free = Arrays.copyOf(free, freeCount + ids.length);
        }
        System.arraycopy(ids, 0, free, freeCount, ids.length);
        freeCount += ids.length;
        dead.clear();
    }

    private static long[] distinct(String folded) {
        long[] keys = new long[folded.length() - 2];
        int[] n = {0};
        Trigrams.forEach(folded, k -> keys[n[0]++] = k);
        return Arrays.stream(keys).distinct().toArray();
    }
}
