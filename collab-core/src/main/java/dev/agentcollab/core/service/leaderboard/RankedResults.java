package dev.agentcollab.core.service.leaderboard;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardRow;
import dev.agentcollab.api.leaderboard.ScoreOrder;
import dev.agentcollab.api.result.Verification;
import dev.agentcollab.core.service.internal.BackgroundSave;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.StoredDoc;
import dev.agentcollab.core.service.result.ResultStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results in leaderboard order, kept as they change, so that ranking after a promotion or a verdict does not
 * read, classify and sort every result again ({@link LeaderboardRanker} did that on each change: 84-150 ms at 100,000
 * results, docs/load-benchmark.md "Leaderboard kept in ranking order"). Each result is classified once per content
 * ({@link RankedEntry}: malformed, negative, or scorable with its score, stamp, author and guard value); the scorable
 * ones are held in the ranker's order, in all, per verification state, and per state and author; and every result
 * is counted per state.
 *
 * <p>The read model tells this index which {@code results/} files changed ({@link ReadModel.Watcher}); a reload of
 * the view, e.g. after an out-of-band edit, makes the next use compare every listed file's content hash again.
 * Verification states come from the index the caller passes ({@link States}): after the service's own writes of the
 * index only the entries they set move ({@link Changes}); after any other change (a human's edit) both indexes are
 * walked once, in order.
 *
 * <p>A board with {@code best_per_agent} then costs the authors times the allowed states plus its rows; one without
 * it walks the results in order down to its last row (every result for an unlimited board). The exclusions are kept
 * totals. Answers equal {@link LeaderboardRanker#rank}, row for row and in the order of the {@code excluded} keys,
 * and {@link dev.agentcollab.core.service.verify.VerdictRules#championScore} ({@code RankedResultsTest} compares
 * them on random histories).
 *
 * <p>With a snapshot file ({@link RankedResultsSnapshot}), the first use starts from the saved classification and
 * reads only the results whose listed content hash differs from the saved one (and those not saved); without a
 * valid one it reads every result once. The snapshot is written after a first use that read anything, every
 * {@link #SAVE_EVERY} results classified or dropped, and at shutdown ({@link #save}).
 *
 * <p>Works for a flat {@code results/} folder, the reference's layout; every method answers empty when the folder
 * has subfolders, and the caller then reads the documents as they are. Thread safe: uses are serialised.
 */
public final class RankedResults implements ReadModel.Watcher {
    private static final Logger LOG = LoggerFactory.getLogger(RankedResults.class);
    /** Results classified or dropped since the last snapshot after which a new one is written. */
    static final int SAVE_EVERY = 1000;

    private final ReadModel reads;
    private final RankingPolicy policy;
    private final Optional<Path> snapshot;
    private final AtomicLong read = new AtomicLong();
    /**
     * Changes held for the next ranking before it lists the folder again instead: bounds the queue of a service
     * whose leaderboard nobody reads.
     */
    static final int MAX_CHANGES = 10_000;

    private final ConcurrentLinkedQueue<String> changed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger changes = new AtomicInteger();
    private final AtomicBoolean reload = new AtomicBoolean(true);

    // guarded by this
    private final TreeMap<String, RankedEntry> byFilename = new TreeMap<>();
    private final Comparator<RankedEntry> order;
    private final TreeSet<RankedEntry> ranked;
    /** Every result's filename by the author its filename names ({@code agent_from_filename}), whatever its kind. */
    private final Map<String, TreeSet<String>> byNamedAuthor = new HashMap<>();
    /** Every result's count by its {@code status} rendering. */
    private final Map<String, Integer> withStatus = new HashMap<>();
    /** Every result's count by verification state, whatever its kind. */
    private final Map<String, Integer> inState = new HashMap<>();
    /** The scorable results by state, in ranking order. */
    private final Map<String, TreeSet<RankedEntry>> byState = new HashMap<>();
    /** The scorable results under the guard cap, by state, then author, in ranking order: each author's best. */
    private final Map<String, Map<String, TreeSet<RankedEntry>>> byStateAndAuthor = new HashMap<>();

    private final Map<String, Integer> overCapByState = new HashMap<>();
    private int malformed;
    private int negative;
    private Map<String, String> states = new TreeMap<>();
    private long generation = -1;
    /** Whether the first catch-up (from the snapshot, or reading every result) is done. */
    private boolean built;

    private long unsaved;
    /** Whether the file holds what was last loaded or copied for a save: with nothing unsaved, it is current. */
    private boolean fileCurrent;

    private final Object saving = new Object();
    private final BackgroundSave saves;

    /** The verification states a ranking reads: the index, its generation, and what changed between generations. */
    public record States(Map<String, String> index, long generation, Changes changes) {
        /** Checks for nulls. */
        public States {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(changes, "changes");
        }

        /**
         * States without generations: a new map is compared with the last one entry by entry.
         *
         * @param index filename to state
         * @return the states
         */
        public static States of(Map<String, String> index) {
            return new States(index, -1, (from, to) -> Optional.empty());
        }
    }

    /** The entries set between two generations of the index, when nothing else differs. */
    @FunctionalInterface
    public interface Changes {
        /**
         * The keys set from one generation to a later one.
         *
         * @param from the earlier generation
         * @param to the later one
         * @return the keys, or empty when unknown (then every entry is compared)
         */
        Optional<Set<String>> between(long from, long to);
    }

    /**
     * Creates the index and starts following the read model's {@code results/} folder.
     *
     * @param reads the read model
     * @param policy the ranking policy (score field and direction, guard)
     */
    public RankedResults(ReadModel reads, RankingPolicy policy) {
        this(reads, policy, Optional.empty());
    }

    /**
     * Creates the index, kept in a snapshot file between runs, and starts following the read model's
     * {@code results/} folder.
     *
     * @param reads the read model
     * @param policy the ranking policy (score field and direction, guard)
     * @param snapshot the snapshot file, or empty for none
     */
    public RankedResults(ReadModel reads, RankingPolicy policy, Optional<Path> snapshot) {
        this.reads = Objects.requireNonNull(reads, "reads");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.saves = new BackgroundSave(
                "collab-ranked-results-save",
                this::save,
                "the ranked results snapshot could not be written; the next start reads every result");
        this.order = order(policy.order());
        this.ranked = new TreeSet<>(order);
        reads.watch(ResultStore.FOLDER, this);
    }

    /**
     * The ranker's order: score in the policy's direction, then stamp, author and filename. Written out rather than
     * chained from key extractors: a start from the snapshot inserts every result into several sets with it.
     */
    private static Comparator<RankedEntry> order(ScoreOrder direction) {
        boolean desc = direction == ScoreOrder.DESC;
        return (a, b) -> {
            int c = desc ? Double.compare(b.score, a.score) : Double.compare(a.score, b.score);
            if (c == 0) {
                c = a.stamp.compareTo(b.stamp);
            }
            if (c == 0) {
                c = a.author.compareTo(b.author);
            }
            return c != 0 ? c : a.filename.compareTo(b.filename);
        };
    }

    @Override
    public void changed(String path, BucketEntry entry) {
        if (reload.get()) {
            return; // the next ranking compares every listed file anyway
        }
        if (changes.incrementAndGet() > MAX_CHANGES) {
            reload.set(true);
            return;
        }
        changed.add(path);
    }

    @Override
    public void reloaded() {
        reload.set(true);
    }

    /**
     * Ranks the results as {@link LeaderboardRanker#rank} does.
     *
     * @param states the verification index (filename to state) and its generation
     * @param hfUsers the user an author is registered to, or empty
     * @param allowed the allowed verification states
     * @param bestPerAgent whether to keep only each author's best
     * @param agent keep only this author's rows, or empty
     * @param limit at most this many rows; {@code <= 0} for all
     * @param generatedAt the iso stamp of now
     * @return the leaderboard, or empty when {@code results/} has subfolders
     */
    public synchronized Optional<Leaderboard> rank(
            States states,
            Function<String, Optional<String>> hfUsers,
            Set<String> allowed,
            boolean bestPerAgent,
            Optional<String> agent,
            int limit,
            String generatedAt) {
        if (!sync(states)) {
            return Optional.empty();
        }
        List<LeaderboardRow> rows = new ArrayList<>();
        int rank = 0;
        for (RankedEntry e : bestPerAgent ? bests(allowed) : ranked) {
            if (!allowed.contains(e.state) || e.overCap) {
                continue;
            }
            rank++;
            if (agent.isPresent() && !agent.get().equals(e.author)) {
                continue;
            }
            rows.add(LeaderboardRanker.row(rank, e.author, hfUsers, e.score, e.filename, e.texts, e.state, e.guard));
            if (limit > 0 && rows.size() == limit) {
                break;
            }
        }
        return Optional.of(new Leaderboard(
                policy.scoreField(),
                policy.order().wire(),
                policy.guardField(),
                rows,
                new Leaderboard.Meta(generatedAt, byFilename.size(), excluded(allowed))));
    }

    /**
     * The best score among {@code valid} results ({@code status: agent-run} with a positive score, whatever their
     * guard value), as {@link dev.agentcollab.core.service.verify.VerdictRules#championScore} finds it by reading
     * every result.
     *
     * @param states the verification index and its generation
     * @return the champion's score (empty before the first valid result), or empty when {@code results/} has
     *     subfolders
     */
    public synchronized Optional<OptionalDouble> champion(States states) {
        if (!sync(states)) {
            return Optional.empty();
        }
        TreeSet<RankedEntry> valid = byState.get(Verification.VALID);
        return Optional.of(valid == null ? OptionalDouble.empty() : OptionalDouble.of(valid.first().score));
    }

    /**
     * How many results are in a set of verification states ({@code pending} when the index has no entry), whatever
     * their content: the {@code matched} of a results page filtered by {@code verification} alone.
     *
     * @param states the verification index and its generation
     * @param wanted the states counted
     * @return the count, or empty when {@code results/} has subfolders
     */
    public synchronized Optional<Integer> matched(States states, Set<String> wanted) {
        if (!sync(states)) {
            return Optional.empty();
        }
        int n = 0;
        for (String state : wanted) {
            n += inState.getOrDefault(state, 0);
        }
        return Optional.of(n);
    }

    /**
     * The filenames of the results whose filename names an author ({@code agent_from_filename}, the rule of the
     * {@code agent} filter of result listings), whatever their content.
     *
     * @param author the agent id
     * @return the filenames, ascending, or empty when {@code results/} has subfolders
     */
    public synchronized Optional<String[]> filenamesBy(String author) {
        if (!caughtUp()) {
            return Optional.empty();
        }
        TreeSet<String> names = byNamedAuthor.get(author);
        return Optional.of(names == null ? new String[0] : names.toArray(String[]::new));
    }

    /**
     * A test of results by their {@code status} and how many pass it.
     *
     * @param test by filename
     * @param count the results that pass it
     */
    public record StatusTest(java.util.function.Predicate<String> test, int count) {}

    /**
     * A test of a result's {@code status} (its rendering, as the {@code status} filter of result listings compares
     * it) from the kept classification, so that a listing filtered by it reads no result. The test reads the results
     * as this call left them and as later uses update them; a result it does not know yet fails it.
     *
     * @param wanted the status
     * @return the test and the count of results that pass it now, or empty when {@code results/} has subfolders
     */
    public synchronized Optional<StatusTest> withStatus(String wanted) {
        if (!caughtUp()) {
            return Optional.empty();
        }
        return Optional.of(new StatusTest(
                filename -> {
                    synchronized (this) {
                        RankedEntry e = byFilename.get(filename);
                        return e != null && e.status.equals(wanted);
                    }
                },
                withStatus.getOrDefault(wanted, 0)));
    }

    /**
     * Each author's best result in an allowed state and under the guard cap, in ranking order: the first of the
     * author's results in the ranking's walk, found from the kept sets without walking the others.
     */
    private List<RankedEntry> bests(Set<String> allowed) {
        Map<String, RankedEntry> best = new HashMap<>();
        for (String state : allowed) {
            Map<String, TreeSet<RankedEntry>> authors = byStateAndAuthor.get(state);
            if (authors != null) {
                authors.forEach((author, entries) ->
                        best.merge(author, entries.first(), (a, b) -> order.compare(a, b) <= 0 ? a : b));
            }
        }
        List<RankedEntry> out = new ArrayList<>(best.values());
        out.sort(order);
        return out;
    }

    /** The exclusion counts, keyed in the order the ranker meets them walking the results by filename. */
    private Map<String, Integer> excluded(Set<String> allowed) {
        Map<String, Integer> excluded = new LinkedHashMap<>();
        excluded.put("status_negative", negative);
        excluded.put("malformed", malformed);
        Map<String, Integer> more = new HashMap<>();
        byState.forEach((state, entries) -> {
            if (!allowed.contains(state)) {
                more.put("verification_" + state, entries.size());
            }
        });
        int over = 0;
        for (String state : allowed) {
            over += overCapByState.getOrDefault(state, 0);
        }
        if (over > 0) {
            more.put("guard_exceeded", over);
        }
        if (more.size() == 1) {
            excluded.putAll(more);
        } else if (more.size() > 1) { // find which key a walk by filename meets first
            for (Iterator<RankedEntry> it = byFilename.values().iterator(); it.hasNext() && !more.isEmpty(); ) {
                RankedEntry e = it.next();
                if (e.kind != RankedEntry.Kind.SCORABLE) {
                    continue;
                }
                String key =
                        !allowed.contains(e.state) ? "verification_" + e.state : e.overCap ? "guard_exceeded" : null;
                Integer n = key == null ? null : more.remove(key);
                if (n != null) {
                    excluded.put(key, n);
                }
            }
        }
        return excluded;
    }

    /**
     * Brings the kept results up to the {@code results/} view and the given states; called under the lock.
     *
     * @return false when the folder has subfolders
     */
    private boolean sync(States states) {
        if (!built && this.states.isEmpty() && generation < 0) { // nothing placed yet: place the first by their state
            this.states = states.index();
            generation = states.generation();
        }
        if (!caughtUp()) {
            return false;
        }
        applyStates(states);
        return true;
    }

    /**
     * Brings the kept results up to the {@code results/} view; called under the lock.
     *
     * @return false when the folder has subfolders (the changes told meanwhile are then not applied: the next use
     *     of a flat folder lists everything)
     */
    private boolean caughtUp() {
        Optional<ReadModel.Records> view = reads.records(ResultStore.FOLDER);
        if (view.isEmpty()) {
            reload.set(true);
            return false;
        }
        catchUp(view.get());
        return true;
    }

    /**
     * Applies the files changed since the last ranking, or compares every listed one after a reload; the first
     * time, from the snapshot when there is a valid one.
     */
    private void catchUp(ReadModel.Records records) {
        boolean first = !built;
        if (first) {
            restore();
        }
        if (reload.getAndSet(false)) {
            changed.clear();
            changes.set(0);
            Set<String> listed = new HashSet<>();
            int[] kept = {0}; // listed and kept: a listed file that could not be read is not
            records.forEachEntry((filename, entry) -> {
                listed.add(filename);
                RankedEntry known = byFilename.get(filename);
                if (known == null || !known.hash.equals(entry.contentHash())) {
                    refresh(records, filename);
                }
                if (byFilename.containsKey(filename)) {
                    kept[0]++;
                }
            });
            if (kept[0] < byFilename.size()) { // some kept results are no longer listed
                for (String gone : new ArrayList<>(byFilename.keySet())) {
                    if (!listed.contains(gone)) {
                        remove(gone);
                    }
                }
            }
        } else {
            for (String path; (path = changed.poll()) != null; ) {
                changes.decrementAndGet();
                String filename = path.substring(ResultStore.FOLDER.length());
                if (filename.indexOf('/') < 0) {
                    refresh(records, filename);
                }
            }
        }
        built = true;
        if (snapshot.isPresent() && ((first && unsaved > 0) || unsaved >= SAVE_EVERY)) {
            saves.request(); // the save counts what it copies: unsaved stays until then
        }
    }

    /** Fills the empty index from the snapshot, when there is a valid one; the caller then compares the listing. */
    private void restore() {
        if (snapshot.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        Optional<List<RankedEntry>> saved = RankedResultsSnapshot.read(snapshot.get(), reads.bucket(), policy);
        saved.ifPresent(this::addAll);
        fileCurrent = saved.isPresent();
        saved.ifPresent(entries -> LOG.info(
                "ranked results: {} results loaded from the snapshot {} in {} ms",
                entries.size(),
                snapshot.get(),
                (System.nanoTime() - t0) / 1_000_000));
        reload.set(true); // compare every listed result with what was loaded
    }

    /**
     * How many result files this index has read and classified since it was created.
     *
     * @return the count
     */
    public long resultsRead() {
        return read.get();
    }

    /**
     * Writes the snapshot now, when there is one, the index has been built and something changed since the file was
     * loaded or written (shutdown), after any save under way.
     * The entries are copied under the index's lock (references: what is saved of an entry never changes), then
     * encoded and written outside it.
     *
     * @throws UncheckedIOException when it cannot be written
     */
    public void save() {
        if (snapshot.isEmpty()) {
            return;
        }
        synchronized (saving) {
            List<RankedEntry> copy;
            synchronized (this) {
                if (!built) {
                    return; // never used: the file, if any, is as new as anything here
                }
                if (fileCurrent && unsaved == 0) {
                    return; // nothing classified or dropped since the file was loaded or written
                }
                copy = new ArrayList<>(byFilename.values());
                unsaved = 0;
                fileCurrent = false; // until the write below succeeds
            }
            long t0 = System.nanoTime();
            byte[] bytes = RankedResultsSnapshot.encode(reads.bucket(), policy, copy);
            try {
                RankedResultsSnapshot.write(snapshot.get(), bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the ranked results snapshot " + snapshot.get(), e);
            }
            synchronized (this) {
                fileCurrent = true; // changes since the copy count in unsaved
            }
            LOG.info(
                    "ranked results: {} results ({} bytes) saved to {} in {} ms",
                    copy.size(),
                    bytes.length,
                    snapshot.get(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /**
     * Waits for a background save to finish (shutdown), at most 30 s.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void awaitSave() throws InterruptedException {
        saves.await();
    }

    /** Re-reads one file: added, replaced when its content changed, or removed when no longer a listed record. */
    private void refresh(ReadModel.Records records, String filename) {
        Optional<StoredDoc> doc = records.contains(filename) ? records.load(filename) : Optional.empty();
        if (doc.isEmpty()) {
            remove(filename);
            return;
        }
        RankedEntry known = byFilename.get(filename);
        if (known != null && known.hash.equals(doc.get().entry().contentHash())) {
            return;
        }
        remove(filename);
        read.incrementAndGet();
        unsaved++;
        add(RankedEntry.classify(filename, doc.get().entry().contentHash(), ResultStore.rankInput(doc.get()), policy));
    }

    /**
     * Adds the results of a snapshot, ascending by filename, as {@link #add} adds them one by one, to the empty
     * index: each sorted set is filled from its elements put in its order first, in one pass without comparisons
     * ({@link SortedViews}), instead of one insertion per result per set.
     */
    private void addAll(List<RankedEntry> entries) {
        if (!byFilename.isEmpty()) {
            entries.forEach(this::add);
            return;
        }
        List<RankedEntry> scorable = new ArrayList<>();
        Map<String, List<String>> named = new HashMap<>();
        for (RankedEntry e : entries) {
            e.state = states.getOrDefault(e.filename, Verification.PENDING);
            inState.merge(e.state, 1, Integer::sum);
            withStatus.merge(e.status, 1, Integer::sum);
            named.computeIfAbsent(Names.agentFromFilename(e.filename), k -> new ArrayList<>())
                    .add(e.filename);
            switch (e.kind) {
                case MALFORMED -> malformed++;
                case NEGATIVE -> negative++;
                case SCORABLE -> scorable.add(e);
            }
        }
        byFilename.putAll(SortedViews.byKey(entries, e -> e.filename));
        named.forEach((author, filenames) ->
                byNamedAuthor.computeIfAbsent(author, k -> new TreeSet<>()).addAll(SortedViews.of(filenames, null)));
        scorable.sort(order);
        Map<String, List<RankedEntry>> inEachState = new HashMap<>();
        Map<String, Map<String, List<RankedEntry>>> authors = new HashMap<>();
        for (RankedEntry e : scorable) {
            inEachState.computeIfAbsent(e.state, k -> new ArrayList<>()).add(e);
            if (e.overCap) {
                overCapByState.merge(e.state, 1, Integer::sum);
            } else {
                authors.computeIfAbsent(e.state, k -> new HashMap<>())
                        .computeIfAbsent(e.author, k -> new ArrayList<>())
                        .add(e);
            }
        }
        ranked.addAll(SortedViews.of(scorable, order));
        inEachState.forEach((state, run) ->
                byState.computeIfAbsent(state, k -> new TreeSet<>(order)).addAll(SortedViews.of(run, order)));
        authors.forEach((state, runs) -> {
            Map<String, TreeSet<RankedEntry>> byAuthor = byStateAndAuthor.computeIfAbsent(state, k -> new HashMap<>());
            runs.forEach((author, run) ->
                    byAuthor.computeIfAbsent(author, k -> new TreeSet<>(order)).addAll(SortedViews.of(run, order)));
        });
    }

    /** Adds a classified result in the state the last applied index gives it. */
    private void add(RankedEntry e) {
        String filename = e.filename;
        byFilename.put(filename, e);
        e.state = states.getOrDefault(filename, Verification.PENDING);
        inState.merge(e.state, 1, Integer::sum);
        withStatus.merge(e.status, 1, Integer::sum);
        byNamedAuthor
                .computeIfAbsent(Names.agentFromFilename(filename), k -> new TreeSet<>())
                .add(filename);
        switch (e.kind) {
            case MALFORMED -> malformed++;
            case NEGATIVE -> negative++;
            case SCORABLE -> {
                count(e, 1);
                ranked.add(e);
            }
        }
    }

    private void remove(String filename) {
        RankedEntry e = byFilename.remove(filename);
        if (e == null) {
            return;
        }
        unsaved++;
        inState.merge(e.state, -1, (a, b) -> a + b == 0 ? null : a + b);
        withStatus.merge(e.status, -1, (a, b) -> a + b == 0 ? null : a + b);
        String named = Names.agentFromFilename(filename);
        TreeSet<String> same = byNamedAuthor.get(named);
        same.remove(filename);
        if (same.isEmpty()) {
            byNamedAuthor.remove(named);
        }
        switch (e.kind) {
            case MALFORMED -> malformed--;
            case NEGATIVE -> negative--;
            case SCORABLE -> {
                ranked.remove(e);
                count(e, -1);
            }
        }
    }

    private void count(RankedEntry e, int delta) {
        TreeSet<RankedEntry> sameState = byState.computeIfAbsent(e.state, k -> new TreeSet<>(order));
        if (delta > 0) {
            sameState.add(e);
        } else {
            sameState.remove(e);
            if (sameState.isEmpty()) {
                byState.remove(e.state);
            }
        }
        if (!e.overCap) {
            Map<String, TreeSet<RankedEntry>> authors = byStateAndAuthor.computeIfAbsent(e.state, k -> new HashMap<>());
            if (delta > 0) {
                authors.computeIfAbsent(e.author, k -> new TreeSet<>(order)).add(e);
            } else {
                TreeSet<RankedEntry> entries = authors.get(e.author);
                entries.remove(e);
                if (entries.isEmpty()) {
                    authors.remove(e.author);
                }
            }
        }
        if (e.overCap) {
            overCapByState.merge(e.state, delta, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    /**
     * Moves the results whose state differs between the index last applied and this one: only the entries set in
     * between when the index knows them, else every entry, in one ordered walk of both.
     */
    private void applyStates(States next) {
        Map<String, String> index = next.index();
        if (index == states) {
            return;
        }
        Optional<Set<String>> set = generation >= 0 && next.generation() >= 0
                ? next.changes().between(generation, next.generation())
                : Optional.empty();
        if (set.isPresent()) {
            for (String filename : set.get()) {
                setState(filename, index.getOrDefault(filename, Verification.PENDING));
            }
        } else {
            mergeStates(sorted(states), sorted(index));
        }
        states = index;
        generation = next.generation();
    }

    private static SortedMap<String, String> sorted(Map<String, String> map) {
        return map instanceof SortedMap<String, String> s && s.comparator() == null ? s : new TreeMap<>(map);
    }

    private void mergeStates(SortedMap<String, String> before, SortedMap<String, String> after) {
        Iterator<Map.Entry<String, String>> a = before.entrySet().iterator();
        Iterator<Map.Entry<String, String>> b = after.entrySet().iterator();
        Map.Entry<String, String> x = a.hasNext() ? a.next() : null;
        Map.Entry<String, String> y = b.hasNext() ? b.next() : null;
        while (x != null || y != null) {
            int c = x == null ? 1 : y == null ? -1 : x.getKey().compareTo(y.getKey());
            if (c < 0) { // gone from the index: pending
                setState(x.getKey(), Verification.PENDING);
                x = a.hasNext() ? a.next() : null;
            } else if (c > 0) {
                setState(y.getKey(), y.getValue());
                y = b.hasNext() ? b.next() : null;
            } else {
                if (!x.getValue().equals(y.getValue())) {
                    setState(y.getKey(), y.getValue());
                }
                x = a.hasNext() ? a.next() : null;
                y = b.hasNext() ? b.next() : null;
            }
        }
    }

    private void setState(String filename, String state) {
        RankedEntry e = byFilename.get(filename);
        if (e == null || e.state.equals(state)) {
            return;
        }
        inState.merge(e.state, -1, (a, b) -> a + b == 0 ? null : a + b);
        inState.merge(state, 1, Integer::sum);
        if (e.kind != RankedEntry.Kind.SCORABLE) {
            e.state = state;
            return;
        }
        count(e, -1);
        e.state = state;
        count(e, 1);
    }
}
