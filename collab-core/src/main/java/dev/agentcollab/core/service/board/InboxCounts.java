package dev.agentcollab.core.service.board;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.RecordSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code count} of each inbox (the agent's copies and the broadcasts, a filename in both counted once), kept with
 * the read model: per inbox asked, the filenames in both folders. They are found once by looking up the smaller
 * folder's names in the larger (O(min · log n)); after that the read model names each file written under
 * {@code inbox/} or {@code broadcasts/} ({@link ReadModel.Watcher}), and the next count of an inbox looks up only the
 * names written since in its two folders (a broadcast's name is looked up for every inbox asked so far, when each is
 * next asked). A new listing of either folder (a reload, which may hold out-of-band changes) makes the next count look
 * up every name again. Thread safe; a count is weakly consistent with the writes in flight, like any listing.
 */
final class InboxCounts implements ReadModel.Watcher {
    /** Names written since an inbox was last counted beyond which it is counted again from scratch instead. */
    static final int MAX_TOUCHED = 4096;
    /** Writes queued beyond which every inbox is counted again from scratch instead. */
    static final int MAX_QUEUED = 65_536;

    /** One inbox: the listings its overlap was found in, the overlap, and the names written since. */
    private static final class Known {
        final long ownListing;
        final long allListing;
        final Set<String> overlap = new HashSet<>();
        final Set<String> touched = new HashSet<>();

        Known(long ownListing, long allListing) {
            this.ownListing = ownListing;
            this.allListing = allListing;
        }
    }

    private final ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean overflowed;
    private final Object lock = new Object();
    private final Map<String, Known> known = new HashMap<>(); // by inbox folder; guarded by lock

    private InboxCounts() {}

    /**
     * The counts kept with a read model, registered with it on first use.
     *
     * @param reads the read model
     * @return its instance
     */
    static InboxCounts of(ReadModel reads) {
        return reads.extension(InboxCounts.class, r -> {
            InboxCounts counts = new InboxCounts();
            r.watch(Folders.INBOX, counts);
            r.watch(Folders.BROADCASTS, counts);
            return counts;
        });
    }

    @Override
    public void changed(String path, BucketEntry entry) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            overflowed = true; // nobody counted for a long while: the next count starts over
        } else {
            written.add(path);
        }
    }

    @Override
    public void reloaded() {
        // nothing: a new listing has a new number, which the next count compares
    }

    /**
     * The number of records in the union of an inbox folder and the broadcasts.
     *
     * @param ownFolder the agent's inbox folder
     * @param own its records
     * @param all the broadcasts' records
     * @return the union's size
     */
    int count(String ownFolder, ReadModel.Records own, ReadModel.Records all) {
        synchronized (lock) {
            return own.count()
                    + all.count()
                    - current(ownFolder, own, all).overlap.size();
        }
    }

    /**
     * How many of the filenames in both an inbox folder and the broadcasts a set holds: what a count over subsets of
     * the two folders subtracts, e.g. for the broadcasts of one {@code type}, of which those the inbox also holds
     * are its own copies (which win) and not the broadcasts. O(the inbox's overlap), which is small: a broadcast and
     * an inbox copy share a filename only when written so out of band.
     *
     * @param ownFolder the agent's inbox folder
     * @param own its records
     * @param all the broadcasts' records
     * @param set a set of names, e.g. a subset of the broadcasts
     * @return how many names of the overlap it holds
     */
    int overlapIn(String ownFolder, ReadModel.Records own, ReadModel.Records all, RecordSet set) {
        synchronized (lock) {
            int n = 0;
            for (String name : current(ownFolder, own, all).overlap) {
                if (set.contains(name)) {
                    n++;
                }
            }
            return n;
        }
    }

    /** An inbox's overlap, brought up to date with the writes and listings since it was last asked; under the lock. */
    private Known current(String ownFolder, ReadModel.Records own, ReadModel.Records all) {
        drain();
        Known k = known.get(ownFolder);
        if (k == null || k.ownListing != own.listing() || k.allListing != all.listing()) {
            k = new Known(own.listing(), all.listing());
            ReadModel.Records small = own.count() <= all.count() ? own : all;
            ReadModel.Records large = small == own ? all : own;
            for (Iterator<String> it = small.filenames(null, null, false); it.hasNext(); ) {
                String name = it.next();
                if (large.contains(name)) {
                    k.overlap.add(name);
                }
            }
            known.put(ownFolder, k);
        } else {
            for (String name : k.touched) {
                if (own.contains(name) && all.contains(name)) {
                    k.overlap.add(name);
                } else {
                    k.overlap.remove(name);
                }
            }
            k.touched.clear();
        }
        return k;
    }

    /** Hands the queued names to the inboxes they may change; called under the lock. */
    private void drain() {
        if (overflowed) {
            overflowed = false;
            written.clear();
            queued.set(0);
            known.clear();
            return;
        }
        for (String path; (path = written.poll()) != null; ) {
            queued.decrementAndGet();
            if (path.startsWith(Folders.BROADCASTS)) {
                String name = path.substring(Folders.BROADCASTS.length());
                known.values().removeIf(k -> !touch(k, name));
            } else {
                int slash = path.indexOf('/', Folders.INBOX.length());
                if (slash < 0) {
                    continue;
                }
                String folder = path.substring(0, slash + 1);
                Known k = known.get(folder);
                if (k != null && !touch(k, path.substring(slash + 1))) {
                    known.remove(folder);
                }
            }
        }
    }

    /** Adds a written name to an inbox's; false when it has too many and should be counted from scratch. */
    private static boolean touch(Known k, String name) {
        k.touched.add(name);
        return k.touched.size() <= MAX_TOUCHED;
    }
}
