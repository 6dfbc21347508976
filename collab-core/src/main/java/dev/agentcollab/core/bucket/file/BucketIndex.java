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
 * page of a listing costs O(page + log n)), a reference count per stored object (so a commit knows which objects
 * it orphaned without scanning every entry), and how far the journal was replayed. Readers take the read lock
 * for one lookup or one page; a batch is applied under the write lock, so readers of this process see all of a
 * batch or none of it. Thread safe.
 */
final class BucketIndex {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<String, Manifest.Entry> entries;
    private final Map<String, Integer> refs = new HashMap<>();
    private final Set<String> inlined = new HashSet<>();
    private long checkpointSeq;
    private long seq;
    private long offset;
    private long records;

    BucketIndex(NavigableMap<String, Manifest.Entry> checkpoint, long checkpointSeq) {
        this.entries = new TreeMap<>(checkpoint);
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
     * Applies a committed batch read from or appended to the journal at the current offset.
     *
     * @param record the batch; ignored when it is not newer than the last applied one
     * @param length its length on disk, added to the offset
     * @return the objects no file names any more
     */
    List<String> apply(JournalRecord record, long length) {
        lock.writeLock().lock();
        try {
            offset += length;
            records++;
            if (record.seq() <= seq) {
                return List.of();
            }
            seq = record.seq();
            List<String> dropped = new ArrayList<>();
            for (JournalRecord.Op op : record.ops()) {
                Manifest.Entry old =
                        switch (op) {
                            case JournalRecord.Put p -> {
                                refs.merge(p.hash(), 1, Integer::sum);
                                if (p.inline()) {
                                    inlined.add(p.hash());
                                }
                                yield entries.put(
                                        p.path(), new Manifest.Entry(p.hash(), p.size(), record.mtimeMillis()));
                            }
                            case JournalRecord.Delete d -> entries.remove(d.path());
                        };
                if (old != null && refs.merge(old.hash(), -1, (a, b) -> a + b == 0 ? null : a + b) == null) {
                    dropped.add(old.hash());
                }
            }
            return dropped;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The objects that a record of the current journal carries inline and that some file still names: their
     * files were written without being forced, so a compaction forces them before the journal goes.
     *
     * @return the hashes
     */
    List<String> inlinedLive() {
        lock.readLock().lock();
        try {
            return inlined.stream().filter(refs::containsKey).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Starts a new, empty journal after a checkpoint of the current state. */
    void rebase(long newCheckpointSeq) {
        lock.writeLock().lock();
        try {
            inlined.clear();
            checkpointSeq = newCheckpointSeq;
            offset = 0;
            records = 0;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The current state in the checkpoint format. */
    byte[] encodeCheckpoint() {
        lock.readLock().lock();
        try {
            return Manifest.encodeCheckpoint(entries);
        } finally {
            lock.readLock().unlock();
        }
    }
}
