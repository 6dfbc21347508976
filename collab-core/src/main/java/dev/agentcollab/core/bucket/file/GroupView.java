package dev.agentcollab.core.bucket.file;

import java.util.HashMap;
import java.util.Map;

/**
 * The state a batch of a group commit is built against: the committed index plus the records of the batches
 * queued ahead of it in the same group, which are not in the index yet (the index takes them only after the
 * group's forced write, so readers never see an unforced batch). A copy within the bucket finds the file an
 * earlier batch of the group put, and a put does not name by hash a content that an earlier batch of the group
 * released, so each record means on replay what it meant when it was built. Used by one leader, under the writer
 * lock; not thread safe.
 */
final class GroupView {
    private final BucketIndex index;
    private final Map<String, Manifest.Entry> files = new HashMap<>(); // a null value: deleted in the group
    private final Map<String, Integer> refs = new HashMap<>(); // the group's change to each content's count
    private long seq;

    /**
     * A view of the index with no batch added yet.
     *
     * @param index the committed state, caught up, under the writer lock
     */
    GroupView(BucketIndex index) {
        this.index = index;
        this.seq = index.seq();
    }

    /**
     * The sequence number of the next batch of the group.
     *
     * @return one more than the last batch added, or than the index's last batch
     */
    long nextSeq() {
        return seq + 1;
    }

    /**
     * The file at {@code path} as the next batch sees it.
     *
     * @param path the path
     * @return the file, or {@code null} when there is none
     */
    Manifest.Entry get(String path) {
        return files.containsKey(path) ? files.get(path) : index.get(path);
    }

    /**
     * Whether some file names the content as the next batch sees it.
     *
     * @param hash the content's SHA-256
     * @return whether it is named
     */
    boolean referenced(String hash) {
        return index.refCount(hash) + refs.getOrDefault(hash, 0) > 0;
    }

    /**
     * Adds a batch of the group, built against this view, as {@link BucketIndex#apply} will apply it.
     *
     * @param record the batch, numbered {@link #nextSeq()}
     */
    void add(JournalRecord record) {
        if (record.seq() != nextSeq()) {
            throw new IllegalArgumentException("batch " + record.seq() + " is not batch " + nextSeq());
        }
        seq = record.seq();
        for (JournalRecord.Op op : record.ops()) {
            Manifest.Entry old = get(op.path());
            switch (op) {
                case JournalRecord.Put p -> {
                    files.put(p.path(), new Manifest.Entry(p.hash(), p.size(), record.mtimeMillis()));
                    refs.merge(p.hash(), 1, Integer::sum);
                }
                case JournalRecord.Delete d -> files.put(d.path(), null);
            }
            if (old != null) {
                refs.merge(old.hash(), -1, Integer::sum);
            }
        }
    }
}
