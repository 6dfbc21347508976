package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BucketEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The in-memory state of one bucket, rebuilt from its newest checkpoint and journal: files by path (sorted, so a
 * page of a listing costs O(page + log n)), a reference count per stored content (so a commit knows which
 * contents it orphaned without scanning every entry), where each content that has no object file lives (a
 * {@link Location} in the journal or a pack file), and how far the journal was replayed. Readers take the read lock
 * for one lookup or one page; a batch is applied under the write lock, so readers of this process see all of a
 * batch or none of it. Thread safe.
 */
final class BucketIndex {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<String, Manifest.Entry> entries;
    private final Map<String, Integer> refs = new HashMap<>();
    private final Map<String, Location> located;
    private Set<Long> checkpointPacks;
    private long checkpointSeq;
    private long seq;
    private long offset;
    private long records;
    private long lastRecordAt = -1;
    private long lastRecordHeader;

    BucketIndex(NavigableMap<String, Manifest.Entry> checkpoint, long checkpointSeq) {
        this(checkpoint, Map.of(), checkpointSeq);
    }

    /**
     * The state of a checkpoint.
     *
     * @param checkpoint the files by path
     * @param packed where the contents that live in pack files are
     * @param checkpointSeq the checkpoint's sequence number
     */
    BucketIndex(NavigableMap<String, Manifest.Entry> checkpoint, Map<String, Location> packed, long checkpointSeq) {
        this.entries = new TreeMap<>(checkpoint);
        this.located = new HashMap<>(packed);
        this.checkpointPacks = packsOf(packed);
        this.checkpointSeq = checkpointSeq;
        this.seq = checkpointSeq;
        entries.values().forEach(e -> refs.merge(e.hash(), 1, Integer::sum));
    }

    /** The sequence number of the checkpoint the current journal continues. */
    long checkpointSeq() {
        lock.readLock().lock();
        try {
            return checkpointSeq;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The last applied batch. */
    long seq() {
        lock.readLock().lock();
        try {
            return seq;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Bytes of the current journal replayed so far. */
    long offset() {
        lock.readLock().lock();
        try {
            return offset;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Where the last record this index applied starts in the current journal, and its header (length and
     * checksum) as one number: a journal that no longer holds that header there was cut back under this index.
     *
     * @return {@code {offset, header}}, or {@code null} when no record of the current journal was applied
     */
    long[] lastRecord() {
        lock.readLock().lock();
        try {
            return lastRecordAt < 0 ? null : new long[] {lastRecordAt, lastRecordHeader};
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Records in the current journal. */
    long records() {
        lock.readLock().lock();
        try {
            return records;
        } finally {
            lock.readLock().unlock();
        }
    }

    Manifest.Entry get(String path) {
        lock.readLock().lock();
        try {
            return entries.get(path);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A file and where its content lives, looked up together so that no batch falls in between.
     *
     * @param entry the file
     * @param at where its content is when no object file holds it, else {@code null}
     */
    record Found(Manifest.Entry entry, Location at) {}

    /** The file at {@code path} and its content's place, or {@code null} when there is no such file. */
    Found find(String path) {
        lock.readLock().lock();
        try {
            Manifest.Entry e = entries.get(path);
            return e == null ? null : new Found(e, located.get(e.hash()));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Where a content lives when no object file holds it, else {@code null}. */
    Location location(String hash) {
        lock.readLock().lock();
        try {
            return located.get(hash);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * How many files name the object.
     *
     * @param hash the content's SHA-256
     * @return the count, 0 when no file names it
     */
    int refCount(String hash) {
        lock.readLock().lock();
        try {
            return refs.getOrDefault(hash, 0);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Whether some file names the object. */
    boolean referenced(String hash) {
        lock.readLock().lock();
        try {
            return refs.containsKey(hash);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Up to {@code size + 1} entries under {@code prefix}, after {@code after} (exclusive) or from the prefix.
     *
     * @return the page, one longer than {@code size} when more follow
     */
    List<BucketEntry> page(String prefix, String after, int size) {
        lock.readLock().lock();
        try {
            NavigableMap<String, Manifest.Entry> tail =
                    after == null ? entries.tailMap(prefix, true) : entries.tailMap(after, false);
            List<BucketEntry> page = new ArrayList<>(Math.min(size + 1, 1024));
            for (Map.Entry<String, Manifest.Entry> e : tail.entrySet()) {
                if (!e.getKey().startsWith(prefix) || page.size() > size) {
                    break;
                }
                page.add(e.getValue().toBucketEntry(e.getKey()));
            }
            return page;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Applies a committed batch read from or appended to the journal at the current offset. The contents an
     * {@code I} put carries are located in the journal at their offset in the record, unless the content already
     * has a place.
     *
     * @param record the batch; ignored when it is not newer than the last applied one
     * @param length its length on disk, added to the offset
     * @param header the record's first 8 bytes on disk (its length and checksum), to recognise it there later
     * @return the contents no file names any more
     */
    List<String> apply(JournalRecord record, long length, long header) {
        lock.writeLock().lock();
        try {
            long start = offset;
            lastRecordAt = start;
            lastRecordHeader = header;
            offset += length;
            records++;
            if (record.seq() <= seq) {
                return List.of();
            }
            seq = record.seq();
            long contentAt = start + record.inlineStart();
            List<String> released = new ArrayList<>();
            for (JournalRecord.Op op : record.ops()) {
                Manifest.Entry old =
                        switch (op) {
                            case JournalRecord.Put p -> {
                                refs.merge(p.hash(), 1, Integer::sum);
                                if (p.inline()) {
                                    located.putIfAbsent(p.hash(), Location.journal(checkpointSeq, contentAt, p.size()));
                                    contentAt += p.size();
                                }
                                yield entries.put(
                                        p.path(), new Manifest.Entry(p.hash(), p.size(), record.mtimeMillis()));
                            }
                            case JournalRecord.Delete d -> entries.remove(d.path());
                        };
                if (old != null && refs.merge(old.hash(), -1, (a, b) -> a + b == 0 ? null : a + b) == null) {
                    released.add(old.hash());
                }
            }
            // Judged at the end of the batch: a later op of the same batch may name the content again.
            List<String> dropped = new ArrayList<>();
            for (String hash : released) {
                if (!refs.containsKey(hash)) {
                    located.remove(hash);
                    dropped.add(hash);
                }
            }
            return dropped;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The contents some file names whose bytes are in the current journal: a compaction moves them into a pack.
     *
     * @return hash to location, in journal order
     */
    Map<String, Location> inJournal() {
        lock.readLock().lock();
        try {
            Map<String, Location> out = new java.util.LinkedHashMap<>();
            located.entrySet().stream()
                    .filter(e -> !e.getValue().pack())
                    .sorted(Map.Entry.comparingByValue(java.util.Comparator.comparingLong(Location::offset)))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The contents some file names that live in pack files.
     *
     * @return hash to location
     */
    Map<String, Location> inPacks() {
        lock.readLock().lock();
        try {
            Map<String, Location> out = new HashMap<>();
            located.forEach((hash, l) -> {
                if (l.pack()) {
                    out.put(hash, l);
                }
            });
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The pack files the current checkpoint names. */
    Set<Long> checkpointPacks() {
        lock.readLock().lock();
        try {
            return checkpointPacks;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Starts a new, empty journal after a checkpoint of the current state.
     *
     * @param newCheckpointSeq the new checkpoint's sequence number
     * @param packed where every content that has no object file lives now (all in pack files); contents of the
     *     old journal missing here have object files
     */
    void rebase(long newCheckpointSeq, Map<String, Location> packed) {
        lock.writeLock().lock();
        try {
            located.clear();
            packed.forEach((hash, l) -> {
                if (refs.containsKey(hash)) {
                    located.put(hash, l);
                }
            });
            checkpointPacks = packsOf(located);
            checkpointSeq = newCheckpointSeq;
            offset = 0;
            records = 0;
            lastRecordAt = -1;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static Set<Long> packsOf(Map<String, Location> packed) {
        Set<Long> packs = new HashSet<>();
        packed.values().forEach(l -> packs.add(l.file()));
        return Set.copyOf(packs);
    }

    /** The current state in the checkpoint format, naming the pack files as they are now. */
    byte[] encodeCheckpoint() {
        return encodeCheckpoint(inPacks());
    }

    /**
     * The current state in the checkpoint format.
     *
     * @param packed where the contents that live in pack files are
     * @return the checkpoint's bytes
     */
    byte[] encodeCheckpoint(Map<String, Location> packed) {
        lock.readLock().lock();
        try {
            return Checkpoint.encode(entries, packed);
        } finally {
            lock.readLock().unlock();
        }
    }
}
