package dev.agentcollab.core.service.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.ScoreOrder;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.result.ResultStore;
import dev.agentcollab.core.service.result.ResultsConfig;
import dev.agentcollab.core.service.verify.VerdictRules;
import dev.agentcollab.core.service.verify.VerificationIndex;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kept ranking answers what {@link LeaderboardRanker} computes from every document, after every step of random
 * histories: promotions, edits and deletes through the read model and out of band, and verdicts in the index.
 */
class RankedResultsTest {
    private static final List<String> AUTHORS = List.of("agent-1", "agent-2", "agent-3", "agent-4");
    private static final List<String> STATES = List.of("pending", "valid", "invalid", "bogus");
    private static final List<Set<String>> ALLOWED = List.of(
            Set.of("valid", "pending"), Set.of("valid"), Set.of("invalid", "pending"), Set.of("valid", "bogus"));

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final InMemoryBucketStore store = InMemoryBucketStore.create(clock);
    private final BucketId central = BucketId.parse("org/central");
    private ReadModel reads;

    @TempDir
    Path tmp;

    private final Function<String, Optional<String>> users =
            a -> a.equals("agent-2") ? Optional.of("u2") : Optional.empty();

    RankedResultsTest() {
        store.create(central, false);
        reads = new ReadModel(store, central, clock, Duration.ofSeconds(30), 1 << 20);
    }

    @Test
    void descendingScoresWithoutAGuard() {
        randomHistories(RankingPolicy.ofDefaults(), 11);
    }

    @Test
    void ascendingScoresWithACappedGuard() {
        randomHistories(
                new RankingPolicy("score", ScoreOrder.ASC, Optional.of("perplexity"), Optional.of(10.0), false), 12);
    }

    @Test
    void aGuardWithoutACapIsShownAndExcludesNothing() {
        randomHistories(
                new RankingPolicy("score", ScoreOrder.DESC, Optional.of("perplexity"), Optional.empty(), true), 13);
    }

    @Test
    void restartsFromTheSnapshotRankAsTheyWouldHaveAndReadOnlyWhatChangedMeanwhile() {
        randomHistories(
                new RankingPolicy("score", ScoreOrder.DESC, Optional.of("perplexity"), Optional.of(9.0), false),
                14,
                Optional.of(tmp.resolve("ranked.snapshot")));
    }

    @Test
    void theIndexsOwnWritesMoveOnlyTheirEntriesAndAHumanEditIsComparedWhole() {
        BucketId audit = BucketId.parse("org/audit");
        store.create(audit, true);
        VerificationIndex index = new VerificationIndex(store, central, audit, "runs", clock, reads::apply);
        RankedResults ranked = new RankedResults(reads, RankingPolicy.ofDefaults());
        Random random = new Random(14);
        List<String> names = new ArrayList<>();
        int[] known = new int[2];
        for (int step = 0; step < 300; step++) {
            int op = random.nextInt(10);
            if (op < 4 || names.isEmpty()) {
                String name = filename(random, names.size());
                names.add(name);
                reads.apply(List.of(BatchOp.put("results/" + name, content(random))));
                index.markPending(name);
            } else if (op < 8) {
                index.setVerdict(pick(random, names), random.nextBoolean() ? "valid" : "invalid", "bot", Map.of());
            } else if (op == 8) { // a human's edit of the index
                StringBuilder json = new StringBuilder("{");
                for (String n : names) {
                    if (random.nextInt(3) == 0) {
                        json.append(json.length() > 1 ? "," : "")
                                .append('"')
                                .append(n)
                                .append("\": \"")
                                .append(pick(random, STATES))
                                .append('"');
                    }
                }
                store.put(
                        central, BucketPath.of(VerificationIndex.PATH), (json + "}").getBytes(StandardCharsets.UTF_8));
            } // else: no change, the same generation again
            Map<String, String> states = index.read();
            RankedResults.Changes counted = (from, to) -> {
                Optional<Set<String>> keys = index.changedBetween(from, to);
                known[keys.isPresent() ? 0 : 1]++;
                return keys;
            };
            Set<String> allowed = pick(random, ALLOWED);
            boolean best = random.nextBoolean();
            Leaderboard expected = LeaderboardRanker.rank(
                    inputs(), states, users, RankingPolicy.ofDefaults(), allowed, best, Optional.empty(), 0, "now");
            Leaderboard actual = ranked.rank(
                            new RankedResults.States(states, index.generationOf(states), counted),
                            users,
                            allowed,
                            best,
                            Optional.empty(),
                            0,
                            "now")
                    .orElseThrow();
            assertEquals(expected, actual, "step " + step);
        }
        assertTrue(known[0] > 150, "own writes applied as their keys: " + known[0]);
        assertTrue(known[1] > 5, "human edits compared whole: " + known[1]);
    }

    @Test
    void subfoldersInResultsLeaveTheRankingToTheCaller() {
        RankedResults ranked = new RankedResults(reads, RankingPolicy.ofDefaults());
        reads.apply(List.of(BatchOp.put("results/20260601-100000-000_agent-1.md", result(5, "agent-run", null))));
        assertTrue(rank(ranked, Map.of(), Set.of("valid", "pending"), true, Optional.empty(), 0)
                .isPresent());
        reads.apply(List.of(BatchOp.put("results/old/x.md", result(5, "agent-run", null))));
        assertTrue(rank(ranked, Map.of(), Set.of("valid", "pending"), true, Optional.empty(), 0)
                .isEmpty());
        reads.apply(List.of(BatchOp.delete("results/old/x.md")));
        reads.apply(List.of(BatchOp.put("results/20260601-100001-000_agent-2.md", result(7, "agent-run", null))));
        clock.advance(Duration.ofSeconds(31));
        Optional<Leaderboard> back = rank(ranked, Map.of(), Set.of("valid", "pending"), true, Optional.empty(), 0);
        assertEquals(
                2, back.orElseThrow().rows().size(), "flat again: every result ranks, also the one written meanwhile");
    }

    private void randomHistories(RankingPolicy policy, long seed) {
        randomHistories(policy, seed, Optional.empty());
    }

    /**
     * A random history checked after every step; with a snapshot file, every 20th step also saves the index, changes
     * up to three results out of band (an edit, a delete, a new result), and restarts: a new read model and index,
     * which must read exactly the edited and new results.
     */
    private void randomHistories(RankingPolicy policy, long seed, Optional<Path> snapshot) {
        Random random = new Random(seed);
        RankedResults ranked = new RankedResults(reads, policy, snapshot);
        List<String> names = new ArrayList<>();
        TreeMap<String, String> index = new TreeMap<>();
        Map<String, String> current = index;
        int checks = 0;
        int restarts = 0;
        for (int step = 0; step < 400; step++) {
            if (snapshot.isPresent() && step % 20 == 19) {
                ranked.save();
                int changed = restartChanges(random, names);
                reads = new ReadModel(store, central, clock, Duration.ofSeconds(30), 1 << 20);
                ranked = new RankedResults(reads, policy, snapshot);
                rank(ranked, current, Set.of("valid"), true, Optional.empty(), 1);
                assertEquals(changed, ranked.resultsRead(), "results read at restart " + restarts);
                restarts++;
            }
            int op = random.nextInt(10);
            if (op < 4 || names.isEmpty()) { // a promotion through the service
                String name = filename(random, names.size());
                names.add(name);
                reads.apply(List.of(BatchOp.put("results/" + name, content(random))));
            } else if (op == 4) { // an edit through the service
                reads.apply(List.of(BatchOp.put("results/" + pick(random, names), content(random))));
            } else if (op == 5) { // a delete through the service
                reads.apply(List.of(BatchOp.delete("results/" + names.remove(random.nextInt(names.size())))));
            } else if (op == 6) { // an out-of-band edit, seen after the listing's TTL
                store.put(central, BucketPath.of("results/" + pick(random, names)), content(random));
                if (random.nextBoolean()) {
                    store.delete(central, BucketPath.of("results/" + names.remove(random.nextInt(names.size()))));
                }
                clock.advance(Duration.ofSeconds(31));
            } else if (op == 7) { // a non-record beside the results
                reads.apply(List.of(BatchOp.put(
                        random.nextBoolean() ? "results/README.md" : "results/verification_status.json",
                        "{}\n".getBytes(StandardCharsets.UTF_8))));
            } else { // a verdict, an entry removed, or a whole new index
                index = new TreeMap<>(index);
                String name = pick(random, names);
                if (op == 8) {
                    index.put(name, pick(random, STATES));
                } else if (random.nextBoolean()) {
                    index.remove(name);
                } else {
                    index.clear();
                    for (String n : names) {
                        if (random.nextBoolean()) {
                            index.put(n, pick(random, STATES));
                        }
                    }
                }
                current = random.nextInt(4) == 0 ? new LinkedHashMap<>(index) : index; // not always sorted
            }
            for (int q = 0; q < 3; q++) {
                Set<String> allowed = pick(random, ALLOWED);
                boolean best = random.nextBoolean();
                Optional<String> agent = random.nextInt(3) == 0 ? Optional.of(pick(random, AUTHORS)) : Optional.empty();
                int limit = random.nextInt(3) == 0 ? 1 + random.nextInt(4) : 0;
                Leaderboard expected =
                        LeaderboardRanker.rank(inputs(), current, users, policy, allowed, best, agent, limit, "now");
                Leaderboard actual =
                        rank(ranked, current, allowed, best, agent, limit).orElseThrow();
                assertEquals(expected, actual, "step " + step);
                assertEquals(
                        List.copyOf(expected.meta().excluded().entrySet()),
                        List.copyOf(actual.meta().excluded().entrySet()),
                        "the exclusions in the ranker's order, step " + step);
                checks++;
            }
            assertEquals(
                    VerdictRules.championScore(
                            inputs(),
                            current,
                            ResultsConfig.custom().scoreOrder(policy.order()).build()),
                    ranked.champion(RankedResults.States.of(current)).orElseThrow(),
                    "the verifier's champion, step " + step);
            for (String author : AUTHORS) {
                assertEquals(
                        ResultStore.documents(reads).stream()
                                .map(d -> d.filename())
                                .filter(f -> dev.agentcollab.core.service.internal.Names.agentFromFilename(f)
                                        .equals(author))
                                .toList(),
                        List.of(ranked.filenamesBy(author).orElseThrow()),
                        "the results named for " + author + ", step " + step);
            }
            for (String status : List.of("agent-run", "negative", "done", "")) {
                RankedResults.StatusTest test = ranked.withStatus(status).orElseThrow();
                List<String> expected = ResultStore.documents(reads).stream()
                        .filter(d -> d.doc().text("status").equals(status))
                        .map(d -> d.filename())
                        .toList();
                assertEquals(expected.size(), test.count(), "results with status '" + status + "', step " + step);
                assertEquals(
                        expected,
                        ResultStore.documents(reads).stream()
                                .map(d -> d.filename())
                                .filter(test.test())
                                .toList(),
                        "the status test, step " + step);
            }
            Map<String, String> states = current;
            for (Set<String> wanted : ALLOWED) {
                assertEquals(
                        ResultStore.documents(reads).stream()
                                .filter(d -> wanted.contains(states.getOrDefault(d.filename(), "pending")))
                                .count(),
                        (long) ranked.matched(RankedResults.States.of(current), wanted)
                                .orElseThrow(),
                        "results in " + wanted + ", step " + step);
            }
        }
        assertEquals(1200, checks);
        assertEquals(snapshot.isPresent() ? 20 : 0, restarts);
        try {
            ranked.awaitSave(); // a background save must not write into the folder being deleted
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Out-of-band changes while the service is down: maybe an edit (to content no result had), a delete and a new
     * result.
     *
     * @return how many results a restart must read: the edited and the new
     */
    private int restartChanges(Random random, List<String> names) {
        int read = 0;
        if (!names.isEmpty() && random.nextBoolean()) {
            byte[] edited = (new String(content(random), StandardCharsets.UTF_8) + "edited " + clock.instant() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            store.put(central, BucketPath.of("results/" + pick(random, names)), edited);
            read++;
        }
        if (names.size() > 1 && random.nextBoolean()) {
            store.delete(central, BucketPath.of("results/" + names.remove(random.nextInt(names.size()))));
        }
        if (random.nextBoolean()) {
            String name = "20260601-1001" + String.format("%02d", names.size() % 60) + "-000_agent-1-r"
                    + clock.instant().toEpochMilli() + ".md";
            names.add(name);
            store.put(central, BucketPath.of("results/" + name), content(random));
            read++;
        }
        clock.advance(Duration.ofSeconds(1));
        return read;
    }

    /** Every result document as the ranker reads it. */
    private List<RankInput> inputs() {
        return ResultStore.rankInputs(reads);
    }

    private Optional<Leaderboard> rank(
            RankedResults ranked,
            Map<String, String> index,
            Set<String> allowed,
            boolean best,
            Optional<String> agent,
            int limit) {
        return ranked.rank(RankedResults.States.of(index), users, allowed, best, agent, limit, "now");
    }

    /** Stamps from a few seconds, so equal stamps of different authors occur; some names carry no author. */
    private static String filename(Random random, int n) {
        if (random.nextInt(12) == 0) {
            return "notes-" + n + ".md";
        }
        return String.format(
                        "20260601-1000%02d-000_%s.md", random.nextInt(20), AUTHORS.get(random.nextInt(AUTHORS.size())))
                .replace(".md", random.nextInt(5) == 0 ? "-" + n + ".md" : ".md");
    }

    private static byte[] content(Random random) {
        int kind = random.nextInt(12);
        if (kind == 0) {
            return "---\nscore: [unclosed\n---\nbroken\n".getBytes(StandardCharsets.UTF_8);
        }
        String status = kind == 1 ? "negative" : kind == 2 ? "done" : kind == 3 ? null : "agent-run";
        Object score = kind == 4 ? "'5'" : kind == 5 ? "true" : kind == 6 ? "-3" : 1 + random.nextInt(6);
        StringBuilder fm = new StringBuilder(new String(result(score, status, null), StandardCharsets.UTF_8));
        if (random.nextBoolean()) {
            fm.insert(4, "perplexity: " + (5 + random.nextInt(10)) + "\n");
        }
        if (random.nextInt(3) == 0) {
            fm.insert(4, "agent: " + AUTHORS.get(random.nextInt(AUTHORS.size())) + "\n");
        }
        return fm.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] result(Object score, String status, String extra) {
        return ("---\nscore: " + score + "\nmethod: m\n" + (status == null ? "" : "status: " + status + "\n")
                        + "description: d\ntimestamp: 2026-06-01 10:00 UTC\n" + (extra == null ? "" : extra)
                        + "---\nbody\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
