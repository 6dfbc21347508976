package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Promotion dedup (§2.3): an LRU map from {@code (sha256 of the raw source bytes, destination folder)} to the
 * filename it was promoted as. A hit fails with {@code ALREADY_PROMOTED} and hint {@code existing filename: <f>}.
 * Entries are recorded only after a successful write. A promotion {@linkplain #claim claims} its key first, so a
 * concurrent promotion of the same bytes to the same folder waits for it and then sees its record (or, when it
 * failed, claims the key itself): identical bytes sent twice at once are kept once.
 *
 * <p>Durable (docs/storage-design.md §5): a promotion puts {@link Claim#op the claim record}
 * {@code .collab/dedup/<folder>/<sha256>} (content: the filename, then the path of the file) into its own batch, and a lookup that
 * misses the LRU reads that record, so a re-promotion after a restart or an eviction is still refused. Memory
 * stays bounded by the LRU capacity. Thread safe.
 */
public final class PromotionDedup {
    /** Where the claim records live in the central bucket. */
    public static final String PREFIX = ".collab/dedup/";

    private final Map<String, String> lru;
    private final Set<String> inFlight = new HashSet<>();
    private final Function<String, Optional<byte[]>> durable;
    private final java.util.function.Predicate<String> exists;

    /**
     * Creates the map.
     *
     * @param capacity the most entries kept ({@code DEDUP_LRU_SIZE})
     */
    public PromotionDedup(int capacity) {
        this(capacity, path -> Optional.empty());
    }

    /**
     * Creates the map over durable claim records.
     *
     * @param capacity the most entries kept in memory ({@code DEDUP_LRU_SIZE})
     * @param durable reads a claim record by its path in the central bucket
     */
    public PromotionDedup(int capacity, Function<String, Optional<byte[]>> durable) {
        this(capacity, durable, path -> true);
    }

    /**
     * Creates the map over durable claim records that name the file they claim.
     *
     * @param capacity the most entries kept in memory ({@code DEDUP_LRU_SIZE})
     * @param durable reads a claim record by its path in the central bucket
     * @param exists whether a file exists in the central bucket: a claim whose promoted file is missing (left by a
     *     batch applied in part) is ignored
     */
    public PromotionDedup(
            int capacity, Function<String, Optional<byte[]>> durable, java.util.function.Predicate<String> exists) {
        this.durable = java.util.Objects.requireNonNull(durable, "durable");
        this.exists = java.util.Objects.requireNonNull(exists, "exists");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, but was " + capacity);
        }
        this.lru = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Fails if these bytes were already promoted to the folder.
     *
     * @param sha256 hex SHA-256 of the raw source bytes
     * @param folder the destination folder, e.g. {@code message_board}
     * @throws CollabException {@code ALREADY_PROMOTED}
     */
    public void check(String sha256, String folder) {
        Optional<String> hit = lookup(sha256, folder);
        if (hit.isPresent()) {
            throw CollabException.of(
                    ErrorCode.ALREADY_PROMOTED,
                    "identical content was already promoted to " + folder,
                    "existing filename: " + hit.get());
        }
    }

    /**
     * Claims the right to promote these bytes to the folder: waits while a concurrent promotion holds the claim,
     * then fails if the bytes were promoted. Close the claim when done (after {@link Claim#record} on success).
     *
     * @param sha256 hex SHA-256 of the raw source bytes
     * @param folder the destination folder, e.g. {@code message_board}
     * @return the claim
     * @throws CollabException {@code ALREADY_PROMOTED}; {@code UNAVAILABLE} when interrupted while waiting
     */
    public Claim claim(String sha256, String folder) {
        String key = sha256 + "|" + folder;
        synchronized (this) {
            while (inFlight.contains(key)) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw CollabException.of(ErrorCode.UNAVAILABLE, "interrupted while waiting for a promotion");
                }
            }
            inFlight.add(key);
        }
        Claim claim = new Claim(sha256, folder, key);
        try {
            check(sha256, folder); // outside the monitor: a miss reads the durable record
        } catch (RuntimeException e) {
            claim.close();
            throw e;
        }
        return claim;
    }

    /** A held right to promote one content to one folder; see {@link #claim}. */
    public final class Claim implements AutoCloseable {
        private final String sha256;
        private final String folder;
        private final String key;

        private Claim(String sha256, String folder, String key) {
            this.sha256 = sha256;
            this.folder = folder;
            this.key = key;
        }

        /**
         * The durable claim record, to put into the promotion's batch.
         *
         * @param filename the filename being written
         * @return the operation
         */
        public BatchOp op(String filename) {
            return BatchOp.put(path(sha256, folder), filename.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * The durable claim record, naming the file it claims: a lookup ignores the claim while that file is
         * missing (a batch applied in part, on the Hub, can write the claim without the file).
         *
         * @param filename the filename being written
         * @param file the path of the file in the central bucket
         * @return the operation
         */
        public BatchOp op(String filename, String file) {
            return BatchOp.put(path(sha256, folder), (filename + "\n" + file).getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Records the successful promotion.
         *
         * @param filename the filename written
         */
        public void record(String filename) {
            PromotionDedup.this.record(sha256, folder, filename);
        }

        /** Releases the claim; waiting promotions of the same content go on. */
        @Override
        public void close() {
            synchronized (PromotionDedup.this) {
                inFlight.remove(key);
                PromotionDedup.this.notifyAll();
            }
        }
    }

    /**
     * Looks an entry up.
     *
     * @param sha256 hex SHA-256 of the raw source bytes
     * @param folder the destination folder
     * @return the filename it was promoted as, or empty
     */
    public Optional<String> lookup(String sha256, String folder) {
        String key = sha256 + "|" + folder;
        synchronized (this) {
            String hit = lru.get(key);
            if (hit != null) {
                return Optional.of(hit);
            }
        }
        Optional<String> stored = durable.apply(path(sha256, folder))
                .map(b -> new String(b, StandardCharsets.UTF_8).strip())
                .filter(f -> !f.isEmpty())
                .filter(this::live)
                .map(f -> f.lines().findFirst().orElse(f).strip());
        stored.ifPresent(f -> record(sha256, folder, f));
        return stored;
    }

    /** Whether a claim record's file exists; a record of one line (no file named) always counts. */
    private boolean live(String record) {
        int nl = record.indexOf('\n');
        return nl < 0 || exists.test(record.substring(nl + 1).strip());
    }

    /**
     * The path of a claim record in the central bucket.
     *
     * @param sha256 hex SHA-256 of the raw source bytes
     * @param folder the destination folder
     * @return {@code .collab/dedup/<folder>/<sha256>}
     */
    public static String path(String sha256, String folder) {
        String f = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        return PREFIX + f + "/" + sha256;
    }

    /**
     * Records a successful promotion.
     *
     * @param sha256 hex SHA-256 of the raw source bytes
     * @param folder the destination folder
     * @param filename the filename written
     */
    public synchronized void record(String sha256, String folder, String filename) {
        lru.put(sha256 + "|" + folder, filename);
    }
}
