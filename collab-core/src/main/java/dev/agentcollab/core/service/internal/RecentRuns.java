package dev.agentcollab.core.service.internal;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs by id (jobs, verifications): every one that has not ended, and the newest {@link #keepEnded() keepEnded}
 * that have; an older ended run is forgotten. A server that launches jobs for months so holds a bounded number of
 * them, however long its history. Thread-safe.
 *
 * <p>An id may be put again (a result verified a second time): ending the earlier run then forgets only that run,
 * never the newer one under the same id.
 *
 * @param <V> the run
 */
public final class RecentRuns<V> {
    /** How many ended runs are kept unless a test asks for fewer. */
    public static final int KEEP_ENDED = 4096;

    private final ConcurrentHashMap<String, V> runs = new ConcurrentHashMap<>();

    /** The ended runs, oldest end first; guarded by itself. */
    private final ArrayDeque<Ended<V>> ended = new ArrayDeque<>();

    private volatile int keepEnded = KEEP_ENDED;

    private record Ended<V>(String id, V run) {}

    /**
     * Adds a run (replacing the one under its id, if any).
     *
     * @param id the run's id
     * @param run the run
     */
    public void put(String id, V run) {
        runs.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(run, "run"));
    }

    /**
     * Adds a run unless one is kept under its id.
     *
     * @param id the run's id
     * @param run the run
     * @return {@code true} when added, {@code false} when a run under that id is kept (running or ended)
     */
    public boolean add(String id, V run) {
        return runs.putIfAbsent(Objects.requireNonNull(id, "id"), Objects.requireNonNull(run, "run")) == null;
    }

    /**
     * Whether a run is kept under an id.
     *
     * @param id the run's id
     * @return {@code true} while it runs and until it is forgotten
     */
    public boolean contains(String id) {
        return runs.containsKey(id);
    }

    /**
     * A run still kept.
     *
     * @param id the run's id
     * @return the run, empty when unknown or forgotten
     */
    public Optional<V> get(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    /**
     * Forgets a run at once (one that failed to start).
     *
     * @param id the run's id
     */
    public void remove(String id) {
        runs.remove(id);
    }

    /**
     * Files a run as ended; the oldest ended runs past the bound are forgotten.
     *
     * @param id the run's id
     * @param run the run that ended (the one put under {@code id})
     */
    public void ended(String id, V run) {
        synchronized (ended) {
            ended.addLast(new Ended<>(Objects.requireNonNull(id, "id"), Objects.requireNonNull(run, "run")));
            while (ended.size() > keepEnded) {
                Ended<V> oldest = ended.removeFirst();
                runs.remove(oldest.id(), oldest.run());
            }
        }
    }

    /**
     * The runs kept, running and ended, in no order.
     *
     * @return a live view
     */
    public Collection<V> values() {
        return runs.values();
    }

    /**
     * How many ended runs are kept.
     *
     * @return the bound
     */
    public int keepEnded() {
        return keepEnded;
    }

    /**
     * Keeps fewer ended runs than {@link #KEEP_ENDED} (tests); applies from the next run that ends.
     *
     * @param n how many ended runs are kept, at least 1
     */
    public void keepEnded(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, but was " + n);
        }
        keepEnded = n;
    }
}
