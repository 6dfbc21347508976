package dev.agentcollab.core.service.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Allocates stamped filenames {@code <folder>/<YYYYMMDD-HHMMSS-mmm>_<author>.md} that never collide. The reference
 * lets two writes by one author in the same millisecond share a filename, so the second overwrites the first; here
 * a taken name (written before, or handed out to a concurrent writer of this service) moves the stamp forward one
 * millisecond at a time until it is free, so concurrent writers lose nothing. Thread safe.
 */
public final class FilenameAllocator {
    private static final int REMEMBERED = 50_000;

    private final ReadModel reads;
    private final Map<String, Boolean> handedOut = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * Creates the allocator.
     *
     * @param reads the read model used to see files written before
     */
    public FilenameAllocator(ReadModel reads) {
        this.reads = Objects.requireNonNull(reads, "reads");
    }

    /**
     * Allocates a filename.
     *
     * @param folder the folder with a trailing slash, e.g. {@code message_board/}
     * @param author the author id
     * @param now the write time
     * @return the leaf filename, unique in the folder
     */
    public synchronized String allocate(String folder, String author, Instant now) {
        Instant t = now;
        while (true) {
            String leaf = Stamps.filename(t) + "_" + author + ".md";
            String path = folder + leaf;
            if (!handedOut.containsKey(path) && reads.read(path).isEmpty()) {
                handedOut.put(path, Boolean.TRUE);
                return leaf;
            }
            t = t.plusMillis(1);
        }
    }
}
