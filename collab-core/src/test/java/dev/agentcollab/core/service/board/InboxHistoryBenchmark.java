package dev.agentcollab.core.service.board;

import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.core.bench.SizeTurns;
import dev.agentcollab.core.service.result.ResultsHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an inbox's filtered pages grow with its history, on {@code file:} buckets and in one JVM: for each size a
 * service starts over a central bucket seeded out of band with that many copies in {@code agent-1}'s inbox (one in
 * twenty posted from the dashboard) and a tenth as many broadcasts; then the sizes take turns round by round.
 * Measured per round: a raw post that mentions {@code agent-1} (a new copy), its inbox's first page, and the page
 * filtered by {@code type=organizer} (the broadcasts), by {@code via=dashboard}, and by both {@code type=agent} and
 * {@code via=dashboard}. The table prints p50 per size and the ratio to the first size.
 *
 * <p>Usage: {@code InboxHistoryBenchmark [rounds] [size...]} (defaults {@code 60 1000 10000 50000}); see
 * docs/load-benchmark.md.
 */
public final class InboxHistoryBenchmark {
    private static final int AGENTS = 10;

    private InboxHistoryBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args the number of timed rounds, then the inbox sizes
     */
    public static void main(String[] args) throws Exception {
        SizeTurns.main(
                args,
                60,
                List.of(1000, 10000, 50000),
                "copies",
                InboxHistoryBenchmark::start,
                new String[] {
                    "post that mentions the inbox's owner",
                    "inbox page",
                    "inbox page with type=organizer (the broadcasts)",
                    "inbox page with via=dashboard (1 copy in 20)",
                    "inbox page with type=agent and via=dashboard"
                },
                InboxHistoryBenchmark::round);
    }

    private static long[] round(ResultsHarness h, int n) {
        long t0 = System.nanoTime();
        int agent = 2 + n % (AGENTS - 2); // spread over agents: each one's raw-write limit holds
        h.as("tok-owner" + agent).board().post(MessagePost.raw("agent-" + agent, "round " + n + " @agent-1"));
        long t1 = System.nanoTime();
        h.anonymous().board().inbox("agent-1", ListQuery.builder().limit(20).build());
        long t2 = System.nanoTime();
        h.anonymous()
                .board()
                .inbox(
                        "agent-1",
                        ListQuery.builder().type("organizer").limit(20).build());
        long t3 = System.nanoTime();
        h.anonymous()
                .board()
                .inbox("agent-1", ListQuery.builder().via("dashboard").limit(20).build());
        long t4 = System.nanoTime();
        h.anonymous()
                .board()
                .inbox(
                        "agent-1",
                        ListQuery.builder()
                                .type("agent")
                                .via("dashboard")
                                .limit(20)
                                .build());
        long t5 = System.nanoTime();
        h.clock.advance(Duration.ofSeconds(10));
        return new long[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4};
    }

    /** A service over a fresh store: {@code size} copies in agent-1's inbox, a tenth as many broadcasts. */
    private static ResultsHarness start(int size) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            String from = "agent-" + (2 + i % (AGENTS - 2));
            boolean dashboard = i % 20 == 0;
            files.put(
                    "inbox/agent-1/" + SizeTurns.stamp(i) + "_" + from + ".md",
                    ("---\ntype: agent\nagent: " + from + "\nvia: " + (dashboard ? "dashboard" : "raw")
                                    + "\nmentions: agent-1\n---\nCopy " + i + " for @agent-1.\n")
                            .getBytes(StandardCharsets.UTF_8));
            if (i % 10 == 0) {
                files.put(
                        "broadcasts/" + SizeTurns.stamp(i) + "_human-alice.md",
                        ("---\ntype: organizer\nagent: human-alice\nvia: dashboard\n---\nBroadcast " + i + ".\n")
                                .getBytes(StandardCharsets.UTF_8));
            }
        }
        return ResultsHarness.seeded(files, 0L, AGENTS);
    }
}
