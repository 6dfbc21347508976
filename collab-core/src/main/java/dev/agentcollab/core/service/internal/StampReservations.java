package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.bucket.BatchOp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stamped files a {@link ReadModel} has named and not yet made visible (docs/storage-design.md §7a). Names are
 * handed out in sorting order ({@link #next}); a committed batch that writes a reserved name waits while an older
 * reservation than its own is outstanding ({@link #holdsBack}); listings of the store hide reserved leaves
 * ({@link #hides}). A reservation is held as {@code <leaf>|<folder>}, so the map is in stamp order. Thread safe.
 */
final class StampReservations {
    private static final Logger LOG = LoggerFactory.getLogger(StampReservations.class);

    /**
     * How long a reservation holds back the batches of later stamps: far longer than any commit; a reservation whose
     * write never reaches the model nor is released (a bug) delays later writes by this much, once.
     */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    /** The reservations, with the {@link System#nanoTime()} each was made at. */
    private final ConcurrentSkipListMap<String, Long> reserved = new ConcurrentSkipListMap<>();

    /** The folders whose newest name {@link #next} has taken into account; added under {@code reserved}. */
    private final Set<String> seeded = ConcurrentHashMap.newKeySet();

    /** The greatest name handed out or found on disk; guarded by {@code reserved}. */
    private String lastLeaf;

    /**
     * The stamp of {@link #lastLeaf} (empty when it has none that parses), kept beside it so that naming, which runs
     * under the lock for every post, does not parse a date; guarded by {@code reserved}.
     */
    private Optional<Instant> lastStamp = Optional.empty();

    private volatile long patienceNanos = PATIENCE.toNanos();

    /**
     * Whether nothing is reserved (the common case, checked before any other work).
     *
     * @return {@code true} when no reservation is outstanding
     */
    boolean isEmpty() {
        return reserved.isEmpty();
    }

    /**
     * Reserves a name as it is.
     *
     * @param folder the folder with its trailing slash
     * @param leaf the stamped filename
     */
    void reserve(String folder, String leaf) {
        reserved.put(leaf + "|" + folder, System.nanoTime());
    }

    /**
     * Names and reserves the next stamped file: {@code <stamp>_<author>.md} with the stamp of {@code now}, or later
     * when that name would not sort after every name handed out before (the same millisecond with an author that
     * sorts first, or a clock that went back) or, for the folder's first name, after the newest name already in it.
     *
     * @param folder the folder with its trailing slash
     * @param author the author id
     * @param now the write time
     * @param newestIn the newest stamped name of a folder, asked once per folder
     * @return the reserved leaf
     */
    String next(String folder, String author, Instant now, Function<String, Optional<String>> newestIn) {
        String suffix = "_" + author + ".md";
        Optional<String> newest = seeded.contains(folder) ? Optional.empty() : newestIn.apply(folder);
        synchronized (reserved) {
            if (seeded.add(folder)
                    && newest.isPresent()
                    && (lastLeaf == null || newest.get().compareTo(lastLeaf) > 0)) {
                lastLeaf = newest.get(); // from before a restart: a clock behind it must not sort before it
                lastStamp = Stamps.instantOf(lastLeaf);
            }
            Instant t = now.truncatedTo(ChronoUnit.MILLIS);
            if (lastStamp.isPresent() && t.isBefore(lastStamp.get())) {
                t = lastStamp.get();
            }
            String leaf = Stamps.filename(t) + suffix;
            if (lastLeaf != null && leaf.compareTo(lastLeaf) <= 0) {
                t = t.plusMillis(1);
                leaf = Stamps.filename(t) + suffix;
            }
            lastLeaf = leaf;
            lastStamp = Optional.of(t);
            reserve(folder, leaf);
            return leaf;
        }
    }

    /**
     * Ends a reservation.
     *
     * @param folder the folder with its trailing slash
     * @param leaf the stamped filename
     * @return whether it was outstanding
     */
    boolean remove(String folder, String leaf) {
        return reserved.remove(leaf + "|" + folder) != null;
    }

    /**
     * Ends the reservations a batch writes (it failed).
     *
     * @param ops the batch
     * @return whether any was outstanding
     */
    boolean removeAll(List<? extends BatchOp> ops) {
        boolean any = false;
        for (BatchOp op : ops) {
            if (op instanceof BatchOp.Put && !reserved.isEmpty()) {
                any |= reserved.remove(ticket(op.path().value())) != null;
            }
        }
        return any;
    }

    /**
     * The reservations a batch writes.
     *
     * @param ops the batch
     * @return its tickets, sorted; empty for most batches
     */
    List<String> tickets(List<? extends BatchOp> ops) {
        if (reserved.isEmpty()) {
            return List.of();
        }
        List<String> tickets = new ArrayList<>(1);
        for (BatchOp op : ops) {
            if (op instanceof BatchOp.Put) {
                String t = ticket(op.path().value());
                if (reserved.containsKey(t)) {
                    tickets.add(t);
                }
            }
        }
        tickets.sort(null);
        return tickets;
    }

    /**
     * Whether a batch must wait: an older reservation than its newest one, not its own and not past the patience,
     * is outstanding. A reservation past the patience is dropped, with a warning.
     *
     * @param tickets the batch's tickets ({@link #tickets})
     * @return {@code true} while it must wait
     */
    boolean holdsBack(List<String> tickets) {
        if (tickets.isEmpty()) {
            return false;
        }
        long now = System.nanoTime();
        for (Map.Entry<String, Long> r : reserved.headMap(tickets.getLast()).entrySet()) {
            if (tickets.contains(r.getKey())) {
                continue;
            }
            if (now - r.getValue() < patienceNanos) {
                return true;
            }
            if (reserved.remove(r.getKey(), r.getValue())) {
                LOG.warn(
                        "the stamped file {} was reserved {} s ago and neither written nor released; later writes"
                                + " no longer wait for it",
                        r.getKey(),
                        patienceNanos / 1_000_000_000L);
            }
        }
        return false;
    }

    /**
     * Ends a visible batch's reservations.
     *
     * @param tickets its tickets
     */
    void end(List<String> tickets) {
        tickets.forEach(reserved::remove);
    }

    /**
     * Whether a listed file is hidden: its leaf is reserved in some folder and not visible yet.
     *
     * @param path the file's path
     * @return {@code true} to leave it out of a listing
     */
    boolean hides(String path) {
        String leaf = path.substring(path.lastIndexOf('/') + 1) + "|";
        String next = reserved.ceilingKey(leaf);
        return next != null && next.startsWith(leaf);
    }

    /**
     * Waits less than {@link #PATIENCE} for a reservation (tests).
     *
     * @param patience how long a reservation holds back later batches
     */
    void patience(Duration patience) {
        patienceNanos = patience.toNanos();
    }

    private static String ticket(String path) {
        int slash = path.lastIndexOf('/');
        return path.substring(slash + 1) + "|" + path.substring(0, slash + 1);
    }
}
