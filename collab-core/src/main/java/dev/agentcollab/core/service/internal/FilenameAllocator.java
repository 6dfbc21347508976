package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.bucket.BucketStore;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Allocates stamped filenames {@code <folder>/<YYYYMMDD-HHMMSS-mmm>_<author>.md} that never collide. The reference
 * lets two writes by one author in the same millisecond share a filename, so the second overwrites the first; here
 * a taken name (written before, or handed out to a concurrent writer) moves the stamp forward until it is free, so
 * concurrent writers lose nothing. Names are handed out in sorting order ({@link ReadModel#reserveNext}): a name
 * never sorts before one handed out earlier by the same read model. Handed-out names are shared by every allocator of the
 * JVM over the same bucket, so several service instances over one store never hand out the same name either.
 * Thread safe.
 */
public final class FilenameAllocator {
    private static final int REMEMBERED = 50_000;

    /**
     * Names handed out per store and bucket, shared by the allocators of every service instance of the JVM (keyed
     * by the store instance, so unrelated stores with equally named buckets stay independent).
     */
    private static final Map<BucketStore, Map<String, RecentNames>> HANDED_OUT =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final ReadModel reads;
    private final RecentNames handedOut;

    /**
     * Creates the allocator.
     *
     * @param reads the read model used to see files written before
     */
    public FilenameAllocator(ReadModel reads) {
        this.reads = Objects.requireNonNull(reads, "reads");
        this.handedOut = HANDED_OUT
                .computeIfAbsent(reads.store(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(reads.bucket().toString(), k -> new RecentNames());
    }

    /**
     * Allocates a filename and reserves it in the read model ({@link ReadModel#reserveNext}): files of later stamps
     * become visible only after this one is, or after {@link #release} gave it up. The caller writes the file
     * through the read model, or releases it when it will not (in a {@code finally}: releasing a written file is a
     * no-op).
     *
     * @param folder the folder with a trailing slash, e.g. {@code message_board/}
     * @param author the author id
     * @param now the write time
     * @return the leaf filename, unique in the folder
     */
    public String allocate(String folder, String author, Instant now) {
        while (true) {
            // named and reserved in one step, in stamp order (ReadModel.reserveNext); a taken name moves on
            String leaf = reads.reserveNext(folder, author, now);
            if (claim(folder + leaf) && reads.read(folder + leaf).isEmpty()) {
                return leaf;
            }
            reads.release(folder, leaf);
        }
    }

    /**
     * Gives up a filename from {@link #allocate} whose write did not happen; a no-op once it is written.
     *
     * @param folder the folder it was allocated in
     * @param leaf the filename
     */
    public void release(String folder, String leaf) {
        reads.release(folder, leaf);
    }

    /**
     * Claims a name for this caller: {@code true} for exactly one of the callers that ask for it (until it is
     * forgotten). No lock is taken, and the store is read only after the claim, so concurrent writers do not queue
     * behind one another.
     */
    private boolean claim(String path) {
        return handedOut.claim(path);
    }

    /** The names handed out lately: claimed atomically, the oldest forgotten beyond {@value #REMEMBERED}. */
    private static final class RecentNames {
        private final Set<String> names = ConcurrentHashMap.newKeySet();
        private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();

        boolean claim(String path) {
            if (!names.add(path)) {
                return false;
            }
            order.add(path);
            if (size.incrementAndGet() > REMEMBERED) {
                String oldest = order.poll();
                if (oldest != null) {
                    names.remove(oldest);
                    size.decrementAndGet();
                }
            }
            return true;
        }
    }
}
