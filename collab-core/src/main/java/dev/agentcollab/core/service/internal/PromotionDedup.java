package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Promotion dedup (§2.3): an LRU map from {@code (sha256 of the raw source bytes, destination folder)} to the
 * filename it was promoted as. A hit fails with {@code ALREADY_PROMOTED} and hint {@code existing filename: <f>}.
 * Entries are recorded only after a successful write. In memory; thread safe.
 */
public final class PromotionDedup {
    private final Map<String, String> lru;

    /**
     * Creates the map.
     *
     * @param capacity the most entries kept ({@code DEDUP_LRU_SIZE})
     */
    public PromotionDedup(int capacity) {
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
     * Looks an entry up.
     *
     * @param sha256 hex SHA-256 of the raw source bytes
     * @param folder the destination folder
     * @return the filename it was promoted as, or empty
     */
    public synchronized Optional<String> lookup(String sha256, String folder) {
        return Optional.ofNullable(lru.get(sha256 + "|" + folder));
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
