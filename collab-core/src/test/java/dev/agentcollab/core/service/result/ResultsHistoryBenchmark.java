package dev.agentcollab.core.service.result;

import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.core.bench.SizeTurns;
import dev.agentcollab.core.service.verify.PrettyJson;
import dev.agentcollab.core.service.verify.VerificationIndex;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How result operations grow with the number of results ever promoted, on {@code file:} buckets and in one JVM:
 * for each size a service starts over a central bucket seeded out of band with that many results (one in three
 * {@code valid} in the verification index), then the sizes take turns operation by operation, so a slow stretch of
 * the machine falls on every size alike. Measured per round: a result promotion, the first leaderboard after it (the
 * ranking that a promotion invalidates), the same leaderboard again (cached), the first page of results and the
 * oldest 200 pending results (what the reference's verifier polls for), the first page of one seeded author's
 * results, the first page of negative results (one seeded result in ten), and the results holding the text of the
 * last round's result ({@code q}). The
 * table prints p50 per size and the ratio to the first size.
 *
 * <p>Usage: {@code ResultsHistoryBenchmark [rounds] [size...]} (defaults {@code 200 2000 20000 100000}); see
 * docs/load-benchmark.md.
 */
public final class ResultsHistoryBenchmark {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    /** The agents that promote, one per owner of {@link ResultsHarness}. */
    private static final int AGENTS = 10;

    /** {@code GET /v1/results?verification=pending&expand=true&limit=200&order=asc}. */
    private static final ListQuery PENDING_POLL = ListQuery.builder()
            .verification("pending")
            .expand(true)
            .limit(200)
            .order(dev.agentcollab.api.query.SortOrder.ASC)
            .build();

    private ResultsHistoryBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args the number of timed rounds, then the result counts
     */
    public static void main(String[] args) throws Exception {
        SizeTurns.main(
                args,
                200,
                List.of(2000, 20000, 100000),
                "results",
                ResultsHistoryBenchmark::start,
                new String[] {
                    "result promotion",
                    "first leaderboard after a promotion",
                    "leaderboard (cached)",
                    "result page",
                    "pending results, oldest first (the reference verifier's poll)",
                    "one agent's results (agent=)",
                    "negative results (status=negative)",
                    "results holding a text (q=, the last round's)"
                },
                ResultsHistoryBenchmark::round);
    }

    /** One round on one service: promote, rank, rank again, list; the nanoseconds of each. */
    private static long[] round(ResultsHarness h, int n) {
        String agent = "agent-" + n % AGENTS; // spread over agents: each scratch bucket's write limit holds
        h.put(
                agent,
                "results/r" + n + ".md",
                "---\n" + ResultsHarness.fm(1 + n % 97, "agent-run") + "---\nround " + n + "\n");
        long t0 = System.nanoTime();
        h.anonymous().results().promote(h.uri(agent, "results/r" + n + ".md"));
        long t1 = System.nanoTime();
        h.anonymous().leaderboard().leaderboard(LeaderboardQuery.defaults());
        long t2 = System.nanoTime();
        h.anonymous().leaderboard().leaderboard(LeaderboardQuery.defaults());
        long t3 = System.nanoTime();
        h.anonymous().results().list(ListQuery.defaults());
        long t4 = System.nanoTime();
        h.anonymous().results().list(PENDING_POLL);
        long t5 = System.nanoTime();
        h.anonymous()
                .results()
                .list(ListQuery.builder().agent("agent-" + (500 + n % 100)).build());
        long t6 = System.nanoTime();
        h.anonymous().results().list(ListQuery.builder().status("negative").build());
        long t7 = System.nanoTime();
        h.anonymous().results().list(ListQuery.builder().q("Round " + (n - 1)).build());
        long t8 = System.nanoTime();
        h.clock.advance(java.time.Duration.ofSeconds(1));
        return new long[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6, t8 - t7};
    }

    /** A service over a fresh store whose central bucket holds {@code size} results and their index entries. */
    private static ResultsHarness start(int size) throws Exception {
        return ResultsHarness.seeded(seed(size), SEED_START, AGENTS);
    }

    /** When the first seeded result was written, in epoch milliseconds. */
    static final long SEED_START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    /**
     * The central-bucket files of a history of {@code size} results, one a second from {@link #SEED_START}, by 1,000
     * authors: one in ten {@code status: negative}, one in three {@code valid} in the verification index.
     *
     * @param size how many results
     * @return path to content
     */
    static Map<String, byte[]> seed(int size) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        TreeMap<String, String> verdicts = new TreeMap<>();
        long first = SEED_START;
        for (int r = 0; r < size; r++) {
            String name = STAMP.format(Instant.ofEpochMilli(first + r * 1000L)) + "_agent-" + (r % 1000) + ".md";
            String md = String.format(
                    Locale.ROOT,
                    "---\nscore: %.3f\nmethod: bench\nstatus: %s\ndescription: seeded %d\nagent: agent-%d\n"
                            + "via: bucket\ntimestamp: 2026-01-01 00:00 UTC\n---\nrun %d\n",
                    1.0 + (r * 7919 % 1000) / 10.0,
                    r % 10 == 5 ? "negative" : "agent-run",
                    r,
                    r % 1000,
                    r);
            files.put(ResultStore.FOLDER + name, md.getBytes(StandardCharsets.UTF_8));
            verdicts.put(name, r % 3 == 0 ? "valid" : "pending");
        }
        files.put(VerificationIndex.PATH, (PrettyJson.write(verdicts) + "\n").getBytes(StandardCharsets.UTF_8));
        return files;
    }
}
