package dev.agentcollab.core.service.board;

import dev.agentcollab.api.board.ChannelSummary;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.core.service.internal.BackgroundSave;
import dev.agentcollab.core.service.internal.Document;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.RecordSet;
import dev.agentcollab.core.service.internal.Stamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secondary indexes of the board, kept with the service's read model: the messages of each channel, the replies
 * of each thread, the messages of each author and of each {@code type} and {@code via} value, as sorted sets of
 * filenames, plus each channel's participants. A channel, thread, author or filtered page then costs its own size
 * (or a page and a seek), not the board's. A page that asks for two or more of channel, author, {@code type} and
 * {@code via} together gets their intersection ({@link #combination}), kept with the others while asked
 * ({@link BoardCombinations}).
 *
 * <p>How it stays exact: the read model tells it every board file written through the service (one set insertion
 * under the model's write lock) and every reload of the board's view (which may hold out-of-band changes). The
 * next read first catches up: it reads the written files (from the content cache, where a write just put them),
 * or after a reload compares every listed file's hash with the one indexed and reads only those that differ. Only
 * files that mention one of the keys are parsed ({@link #meta}). The first catch-up starts from the snapshot file
 * when one is configured and valid ({@link BoardIndexSnapshot}; then only what the listing does not confirm is
 * read), else it reads the whole board; the service starts it in the background at start-up ({@link #warm}), and
 * a request that needs the index and comes before it is done waits for it. The snapshot is written after the
 * first build, every {@link #SAVE_EVERY} changes and at shutdown ({@link #save}). Thread safe: catch-ups are
 * serialised, readers see the sets weakly consistently, like any listing.
 */
final class BoardIndex implements ReadModel.Watcher {
    private static final Logger LOG = LoggerFactory.getLogger(BoardIndex.class);
    /** Changes applied since the last snapshot after which a new one is written. */
    static final int SAVE_EVERY = 1000;

    private final ReadModel reads;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong(1); // the first read builds the index
    private volatile long changesApplied;
    private volatile long reloadsApplied;
    private final Object lock = new Object();
    private final Map<String, Meta> meta = new HashMap<>();
    private final ConcurrentHashMap<String, Group> channels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Group> threads = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Group> authors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Group> types = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Group> vias = new ConcurrentHashMap<>();
    private final Optional<Path> snapshot;
    /** The channel list last built, until a channel's messages change ({@code null}: stale); guarded by {@code lock}. */
    private List<ChannelSummary> summaries;
    /** The intersections pages asked for; guarded by {@code lock}. */
    private final BoardCombinations combinations = new BoardCombinations();

    private final Object saving = new Object();
    private boolean snapshotRead;
    private long unsaved;
    /** Whether the file holds what was last loaded or copied for a save: with nothing unsaved, it is current. */
    private boolean fileCurrent;

    private final BackgroundSave saves;

    /**
     * What is indexed of one message: its content hash and the keys it is indexed under ({@code ""}: none), each
     * the frontmatter value's text as {@code Document.text} renders it, which is what the list filters compare.
     *
     * @param hash the content hash
     * @param channel the {@code channel}
     * @param thread the {@code thread}
     * @param type the {@code type}
     * @param via the {@code via}
     */
    record Meta(String hash, String channel, String thread, String type, String via) {
        /** Checks for nulls. */
        Meta {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(thread, "thread");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(via, "via");
        }
    }

    /**
     * The messages under one key, and their authors with a count each (maintained under {@code lock}); for a
     * channel, also its summary until its messages change.
     */
    private static final class Group {
        final ConcurrentSkipListMap<String, Boolean> names;
        final TreeMap<String, Integer> authors;
        volatile int count;
        /** The channel's summary as last built ({@code null}: stale); guarded by {@code lock}. */
        ChannelSummary summary;

        Group() {
            names = new ConcurrentSkipListMap<>();
            authors = new TreeMap<>();
        }

        /** A group built in one pass from ascending filenames (a snapshot's restore). */
        Group(List<String> ascending) {
            names = new ConcurrentSkipListMap<>(new SortedKeys(ascending));
            Map<String, Integer> counts = new HashMap<>();
            for (String f : ascending) {
                counts.merge(Names.agentFromFilename(f), 1, Integer::sum);
            }
            authors = new TreeMap<>(counts);
            count = ascending.size();
        }
    }

    /**
     * Ascending filenames seen as a sorted map, for {@link ConcurrentSkipListMap}'s constructor, which builds its
     * levels from a sorted map in linear time (inserting one by one costs a search each). Only iteration is used.
     */
    private static final class SortedKeys extends AbstractMap<String, Boolean> implements SortedMap<String, Boolean> {
        private final List<String> keys;

        SortedKeys(List<String> keys) {
            this.keys = keys;
        }

        @Override
        public Set<Map.Entry<String, Boolean>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, Boolean>> iterator() {
                    Iterator<String> it = keys.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Map.Entry<String, Boolean> next() {
                            return Map.entry(it.next(), Boolean.TRUE);
                        }
                    };
                }

                @Override
                public int size() {
                    return keys.size();
                }
            };
        }

        @Override
        public Comparator<? super String> comparator() {
            return null;
        }

        @Override
        public SortedMap<String, Boolean> subMap(String fromKey, String toKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedMap<String, Boolean> headMap(String toKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedMap<String, Boolean> tailMap(String fromKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String firstKey() {
            return keys.getFirst();
        }

        @Override
        public String lastKey() {
            return keys.getLast();
        }
    }

    private BoardIndex(ReadModel reads, Optional<Path> snapshot) {
        this.reads = reads;
        this.snapshot = snapshot;
        this.saves = new BackgroundSave(
                "collab-board-index-save",
                this::save,
                "the board index snapshot could not be written; the next start reads the board");
        reads.watch(Folders.BOARD, this);
    }

    /**
     * The index of a read model, created (empty, to be filled by the first catch-up) on first use.
     *
     * @param reads the read model
     * @return its board index
     */
    static BoardIndex of(ReadModel reads) {
        return reads.extension(BoardIndex.class, r -> new BoardIndex(r, Optional.empty()));
    }

    /**
     * Creates the index of a read model with a snapshot file, before any request uses it (start-up). The first
     * catch-up then starts from the snapshot instead of reading every message; see {@link BoardIndexSnapshot}.
     *
     * @param reads the read model
     * @param snapshot the snapshot file, or empty for none
     * @return the index (the existing one, without the snapshot, when a request already created it)
     */
    static BoardIndex open(ReadModel reads, Optional<Path> snapshot) {
        return reads.extension(BoardIndex.class, r -> new BoardIndex(r, snapshot));
    }

    /**
     * Builds the index ahead of the first request (start-up).
     *
     * @param reads the read model
     */
    static void warm(ReadModel reads) {
        of(reads).sync();
    }

    /**
     * Catches up with the board's writes and reloads, as every read of this index does first.
     *
     * @return whether the board is flat (else nothing is indexed)
     */
    boolean catchUp() {
        return sync().isPresent();
    }

    /**
     * What this index holds of a message, when it holds that message at a content hash: the keys of any file with
     * the same filename and bytes (an inbox copy or a broadcast is its board message's filename and bytes), without
     * reading that file. What is indexed now, without catching up ({@link #catchUp} does).
     *
     * @param filename the message's filename
     * @param hash the content hash of the file asked about
     * @return the message's keys, or empty when it is not indexed at that hash
     */
    Optional<Meta> held(String filename, String hash) {
        synchronized (lock) {
            Meta m = meta.get(filename);
            return m != null && m.hash().equals(hash) ? Optional.of(m) : Optional.empty();
        }
    }

    /**
     * Writes the snapshot now, when the index has one, has been built and changed since the file was loaded or
     * written (shutdown), after any save under way. Changes notified but not yet applied by a read are applied
     * first.
     *
     * @throws java.io.UncheckedIOException when it cannot be written
     */
    void save() {
        if (snapshot.isEmpty()) {
            return;
        }
        if (reloadsApplied > 0) {
            sync(); // built: apply the changes no read has caught up with yet (posts since the last page), so the
            // snapshot holds every message the board has now
        }
        synchronized (saving) {
            Map<String, Meta> copy;
            synchronized (lock) {
                if (!snapshotRead || reloadsApplied == 0) {
                    return; // never built: nothing newer than the file to save
                }
                if (fileCurrent && unsaved == 0) {
                    return; // nothing indexed or dropped since the file was loaded or written
                }
                copy = new HashMap<>(meta);
                unsaved = 0;
                fileCurrent = false; // until the write below succeeds
            }
            try {
                BoardIndexSnapshot.write(snapshot.get(), reads.bucket(), copy);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the board index snapshot " + snapshot.get(), e);
            }
            synchronized (lock) {
                fileCurrent = true; // changes since the copy count in unsaved
            }
        }
    }

    /**
     * Waits for a background save to finish (shutdown), at most a few seconds.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    void awaitSave() throws InterruptedException {
        saves.await();
    }

    @Override
    public void changed(String path, BucketEntry entry) {
        pending.add(path.substring(Folders.BOARD.length()));
        changes.incrementAndGet();
    }

    @Override
    public void reloaded() {
        reloads.incrementAndGet();
    }

    @Override
    public void refreshed() {
        if (reloadsApplied > 0) {
            sync(); // built: compare with the new listing now, on the refresher's thread
        }
    }

    /**
     * The messages of one channel, as a record set over the board.
     *
     * @param channel a normalised channel name
     * @return the set, or empty when the board has subfolders (then the caller scans)
     */
    Optional<RecordSet> channel(String channel) {
        return sync().map(board -> set(board, channels.getOrDefault(channel, new Group())));
    }

    /**
     * The messages of one author ({@code agent_from_filename}), as a record set over the board.
     *
     * @param author a normalised agent id
     * @return the set, or empty when the board has subfolders
     */
    Optional<RecordSet> author(String author) {
        return sync().map(board -> set(board, authors.getOrDefault(author, new Group())));
    }

    /**
     * The messages whose {@code type} is a value, as a record set over the board.
     *
     * @param type the value as the {@code type} filter compares it
     * @return the set, or empty when the board has subfolders
     */
    Optional<RecordSet> type(String type) {
        return sync().map(board -> set(board, types.getOrDefault(type, new Group())));
    }

    /**
     * The messages whose {@code via} is a value, as a record set over the board.
     *
     * @param via the value as the {@code via} filter compares it
     * @return the set, or empty when the board has subfolders
     */
    Optional<RecordSet> via(String via) {
        return sync().map(board -> set(board, vias.getOrDefault(via, new Group())));
    }

    /**
     * The messages under every key asked of channel, author, {@code type} and {@code via} (two or more), as a record
     * set over the board: the kept intersection, built on first ask by testing the smallest of the keys' sets.
     *
     * @param channel a normalised channel name, or empty
     * @param author a normalised agent id, or empty
     * @param type the {@code type} value, or empty
     * @param via the {@code via} value, or empty
     * @return the set; empty when the board has subfolders, or when the keys' smallest set is too small or too large
     *     to keep their intersection (then the caller walks the keys' own sets)
     */
    Optional<RecordSet> combination(
            Optional<String> channel, Optional<String> author, Optional<String> type, Optional<String> via) {
        BoardCombinations.Key key = new BoardCombinations.Key(
                channel.orElse(null), author.orElse(null), type.orElse(null), via.orElse(null));
        Optional<ReadModel.Records> board = sync();
        if (board.isEmpty()) {
            return Optional.empty();
        }
        synchronized (lock) {
            BoardCombinations.Kept k = combinations.get(key);
            if (k == null) {
                List<Group> groups = new ArrayList<>();
                channel.ifPresent(c -> groups.add(channels.get(c)));
                author.ifPresent(a -> groups.add(authors.get(a)));
                type.ifPresent(t -> groups.add(types.get(t)));
                via.ifPresent(v -> groups.add(vias.get(v)));
                if (groups.contains(null)) {
                    return Optional.empty(); // a key no message has: the caller walks an empty set
                }
                Group smallest = Collections.min(groups, Comparator.comparingInt(g -> g.count));
                k = combinations.build(key, smallest.names.keySet(), smallest.count, meta::get);
                if (k == null) {
                    return Optional.empty();
                }
            }
            BoardCombinations.Kept kept = k;
            return Optional.of(new RecordSets.Named(board.get(), kept.names(), kept::count));
        }
    }

    /**
     * The filenames of the messages whose {@code thread} names a root, ascending.
     *
     * @param root the root's filename
     * @return the filenames, or empty when the board has subfolders
     */
    Optional<List<String>> replies(String root) {
        return sync().map(board -> {
            Group g = threads.get(root);
            return g == null ? List.of() : List.copyOf(g.names.keySet());
        });
    }

    /**
     * The channel summaries, most recently active first (ties by name), as {@link Channels#summaries} computes them
     * from every message. The list is kept until a channel's messages change, and the same instance is returned
     * meanwhile (so the caller can keep what it rendered from it); after a change only the changed channels'
     * summaries are built again (their participants copied), the others are reused and the list is sorted anew: the
     * cost of a read is O(1) while nothing changed, else O(c log c + p) for c channels and the p participants of
     * the changed ones, whatever the number of messages.
     *
     * @return the summaries, unmodifiable, or empty when the board has subfolders
     */
    Optional<List<ChannelSummary>> summaries() {
        return sync().map(board -> {
            synchronized (lock) {
                if (summaries == null) {
                    List<ChannelSummary> out = new ArrayList<>();
                    channels.forEach((name, g) -> {
                        if (Names.isId(name) && g.count > 0) {
                            if (g.summary == null) {
                                String last = g.names.lastKey();
                                g.summary = new ChannelSummary(
                                        name, g.count, List.copyOf(g.authors.keySet()), Stamps.stampOf(last), last);
                            }
                            out.add(g.summary);
                        }
                    });
                    out.sort(Comparator.comparing(ChannelSummary::lastFilename)
                            .reversed()
                            .thenComparing(ChannelSummary::channel));
                    summaries = Collections.unmodifiableList(out);
                }
                return summaries;
            }
        });
    }

    /** Marks a channel's summary, and so the channel list, stale. Under {@code lock}. */
    private void channelChanged(String channel) {
        if (channel.isEmpty()) {
            return;
        }
        Group g = channels.get(channel);
        if (g != null) {
            g.summary = null;
        }
        summaries = null;
    }

    /**
     * Catches up with the board's view; empty when the board has subfolders. A read returns without the lock only
     * when every change and reload notified so far has been applied (the counters), so a read that starts after a
     * write completed sees it, even while another thread is still catching up.
     */
    private Optional<ReadModel.Records> sync() {
        Optional<ReadModel.Records> board = reads.records(Folders.BOARD); // may reload, which counts a reload
        if (board.isEmpty() || (reloadsApplied == reloads.get() && changesApplied == changes.get())) {
            return board;
        }
        synchronized (lock) {
            long r = reloads.get();
            long c = changes.get();
            board = reads.records(Folders.BOARD);
            if (board.isEmpty()) {
                return board;
            }
            ReadModel.Records b = board.get();
            boolean first = reloadsApplied == 0;
            if (first && !snapshotRead) {
                snapshotRead = true;
                snapshot.flatMap(f -> BoardIndexSnapshot.read(f, reads.bucket()))
                        .ifPresent(this::restore);
            }
            if (reloadsApplied != r) {
                pending.clear(); // every change so far is in the view full() compares against
                full(b);
                reloadsApplied = r;
            } else {
                for (Iterator<String> it = pending.iterator(); it.hasNext(); ) {
                    String filename = it.next();
                    it.remove();
                    Optional<BucketEntry> e = b.entry(filename);
                    Meta known = meta.get(filename);
                    if (e.isEmpty()) {
                        update(filename, null);
                    } else if (known == null || !known.hash().equals(e.get().contentHash())) {
                        update(filename, parse(b, filename).orElse(null));
                    }
                }
            }
            changesApplied = c;
            if (snapshot.isPresent() && ((first && unsaved > 0) || unsaved >= SAVE_EVERY)) {
                saves.request(); // the save counts what it copies: unsaved stays until then
            }
        }
        return board;
    }

    /**
     * Fills the empty index from a snapshot's entries in one pass (sorted once, each group built from its ascending
     * filenames); {@link #full} then checks each entry against the listing. Under {@code lock}.
     */
    private void restore(Map<String, Meta> entries) {
        long t0 = System.nanoTime();
        List<String> names = new ArrayList<>(entries.keySet());
        Collections.sort(names);
        Map<String, List<String>> byChannel = new HashMap<>();
        Map<String, List<String>> byThread = new HashMap<>();
        Map<String, List<String>> byAuthor = new HashMap<>();
        Map<String, List<String>> byType = new HashMap<>();
        Map<String, List<String>> byVia = new HashMap<>();
        for (String f : names) {
            Meta m = entries.get(f);
            meta.put(f, m);
            collect(byChannel, m.channel(), f);
            collect(byThread, m.thread(), f);
            collect(byAuthor, Names.agentFromFilename(f), f);
            byType.computeIfAbsent(m.type(), k -> new ArrayList<>()).add(f); // "" too: the value of a missing key
            byVia.computeIfAbsent(m.via(), k -> new ArrayList<>()).add(f);
        }
        byChannel.forEach((k, v) -> channels.put(k, new Group(v)));
        byThread.forEach((k, v) -> threads.put(k, new Group(v)));
        byAuthor.forEach((k, v) -> authors.put(k, new Group(v)));
        byType.forEach((k, v) -> types.put(k, new Group(v)));
        byVia.forEach((k, v) -> vias.put(k, new Group(v)));
        summaries = null;
        unsaved = 0;
        fileCurrent = true;
        LOG.info(
                "board index: {} entries loaded from the snapshot {} in {} ms",
                entries.size(),
                snapshot.orElseThrow(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static void collect(Map<String, List<String>> groups, String key, String filename) {
        if (!key.isEmpty()) {
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(filename);
        }
    }

    /**
     * Compares every listed message with the index; reads only the new and changed ones, one after the other: at
     * start-up this runs beside the requests, and on one thread it leaves them the other cores.
     */
    private void full(ReadModel.Records b) {
        List<String> changed = new ArrayList<>();
        int[] known = {0, 0}; // listed files already indexed, listed files
        b.forEachEntry((f, e) -> {
            known[1]++;
            Meta m = meta.get(f);
            if (m == null || !m.hash().equals(e.contentHash())) {
                changed.add(f);
            }
            if (m != null) {
                known[0]++;
            }
        });
        if (known[0] != meta.size()) { // some indexed files are no longer listed
            for (String f : List.copyOf(meta.keySet())) {
                if (b.entry(f).isEmpty()) {
                    update(f, null);
                }
            }
        }
        for (String f : changed) {
            update(f, parse(b, f).orElse(null));
        }
        if (snapshot.isPresent() && reloadsApplied == 0) {
            LOG.info("board index: {} of {} listed messages read and indexed", changed.size(), known[1]);
        }
    }

    private Optional<Meta> parse(ReadModel.Records b, String filename) {
        read.incrementAndGet();
        return b.raw(filename).map(raw -> meta(raw.getKey().contentHash(), raw.getValue()));
    }

    /**
     * How many combinations of keys this index has built since it was created.
     *
     * @return the count
     */
    long combinationsBuilt() {
        synchronized (lock) {
            return combinations.built();
        }
    }

    /**
     * Keeps combinations whose smallest set holds at least some names, instead of
     * {@link BoardCombinations#MIN_WALK} (tests, on small boards).
     *
     * @param names the fewest names
     */
    void keepCombinationsFrom(int names) {
        synchronized (lock) {
            combinations.keepFrom(names);
        }
    }

    /**
     * How many combinations of keys this index keeps now.
     *
     * @return the count
     */
    int combinationsKept() {
        synchronized (lock) {
            return combinations.size();
        }
    }

    /**
     * How many messages this index has read from the store or the content cache since it was created (what a
     * snapshot saves at start-up).
     *
     * @return the count
     */
    long messagesRead() {
        return read.get();
    }

    /**
     * The keys of one message. Content that contains none of the words {@code channel}, {@code thread},
     * {@code type} and {@code via} anywhere, nor a backslash (the only way to spell a YAML key without its
     * letters), has none of the keys: it is not parsed.
     */
    static Meta meta(String hash, byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.contains("channel")
                && !text.contains("thread")
                && !text.contains("type")
                && !text.contains("via")
                && text.indexOf('\\') < 0) {
            return new Meta(hash, "", "", "", "");
        }
        Document doc = FrontmatterCodec.parseLenient(text);
        return new Meta(
                hash,
                doc.text("channel").intern(),
                doc.text("thread"),
                doc.str("type").intern(),
                doc.str("via").intern());
    }

    /** Re-indexes one message ({@code null}: it is gone). Under {@code lock}. */
    private void update(String filename, Meta now) {
        Meta old = now == null ? meta.remove(filename) : meta.put(filename, now);
        if (Objects.equals(old, now)) {
            return;
        }
        unsaved++;
        String author = Names.agentFromFilename(filename);
        if (old != null) {
            remove(channels, old.channel(), filename, author);
            remove(threads, old.thread(), filename, author);
            remove(authors, author, filename, author);
            removeValue(types, old.type(), filename, author);
            removeValue(vias, old.via(), filename, author);
        }
        if (now != null) {
            add(channels, now.channel(), filename, author);
            add(threads, now.thread(), filename, author);
            add(authors, author, filename, author);
            addValue(types, now.type(), filename, author);
            addValue(vias, now.via(), filename, author);
        }
        if (old != null) {
            channelChanged(old.channel());
        }
        if (now != null) {
            channelChanged(now.channel());
        }
        combinations.changed(filename, old, now);
    }

    /** One group's messages, loaded from the board's view. */
    private static RecordSet set(ReadModel.Records board, Group g) {
        return new RecordSets.Named(board, g.names.navigableKeySet(), () -> g.count);
    }

    /** Files a message under a key; the empty key (no channel, thread or author) files nothing. */
    private static void add(Map<String, Group> groups, String key, String filename, String author) {
        if (!key.isEmpty()) {
            addValue(groups, key, filename, author);
        }
    }

    /** Files a message under a value, the empty value too (a missing {@code type} or {@code via} compares as ""). */
    private static void addValue(Map<String, Group> groups, String key, String filename, String author) {
        Group g = groups.computeIfAbsent(key, k -> new Group());
        if (g.names.put(filename, Boolean.TRUE) == null) {
            g.authors.merge(author, 1, Integer::sum);
            g.count++;
        }
    }

    private static void remove(Map<String, Group> groups, String key, String filename, String author) {
        if (!key.isEmpty()) {
            removeValue(groups, key, filename, author);
        }
    }

    private static void removeValue(Map<String, Group> groups, String key, String filename, String author) {
        Group g = groups.get(key);
        if (g == null || g.names.remove(filename) == null) {
            return;
        }
        g.authors.computeIfPresent(author, (a, n) -> n == 1 ? null : n - 1);
        g.count--;
        if (g.count == 0) {
            groups.remove(key);
        }
    }
}
