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
 * How board and channel pages that ask for two keys grow with the board, on {@code file:} buckets and in one JVM:
 * for each size a service starts over a central bucket seeded out of band with that many board messages (type
 * {@code agent} but one in ten {@code organizer}; via {@code raw} but one in twenty, all organizer's,
 * {@code dashboard}; one in five, none organizer's, in channel {@code ops}); then the sizes take turns round by round.
 * Measured per round: a raw post in {@code ops}, the board page with {@code type=agent&via=raw} (90 % of the board),
 * the {@code ops} channel page with {@code type=agent} (all of the channel: 20 %), and the board page with
 * {@code type=organizer&via=dashboard} (5 %). The table prints p50 per size and the ratio to the first size.
 *
 * <p>Usage: {@code BoardCombinationsBenchmark [rounds] [size...]} (defaults {@code 60 1000 10000 50000}); see
 * docs/load-benchmark.md.
 */
public final class BoardCombinationsBenchmark {
    private static final int AGENTS = 10;

    private BoardCombinationsBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args the number of timed rounds, then the board sizes
     */
    public static void main(String[] args) throws Exception {
        SizeTurns.main(
                args,
                60,
                List.of(1000, 10000, 50000),
                "messages",
                BoardCombinationsBenchmark::start,
                new String[] {
                    "raw post in #ops",
                    "board page with type=agent and via=raw (90%)",
                    "#ops page with type=agent (20%)",
                    "board page with type=organizer and via=dashboard (5%)"
                },
                BoardCombinationsBenchmark::round);
    }

    private static long[] round(ResultsHarness h, int n) {
        long t0 = System.nanoTime();
        int agent = 2 + n % (AGENTS - 2); // spread over agents: each one's raw-write limit holds
        h.as("tok-owner" + agent)
                .board()
                .post(MessagePost.raw("agent-" + agent, "round " + n).inChannel("ops"));
        long t1 = System.nanoTime();
        h.anonymous()
                .board()
                .messages(ListQuery.builder().type("agent").via("raw").limit(20).build());
        long t2 = System.nanoTime();
        h.anonymous()
                .board()
                .channel("ops", ListQuery.builder().type("agent").limit(20).build());
        long t3 = System.nanoTime();
        h.anonymous()
                .board()
                .messages(ListQuery.builder()
                        .type("organizer")
                        .via("dashboard")
                        .limit(20)
                        .build());
        long t4 = System.nanoTime();
        h.clock.advance(Duration.ofSeconds(10));
        return new long[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3};
    }

    /** A service over a fresh store: {@code size} board messages. */
    private static ResultsHarness start(int size) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            String from = "agent-" + (2 + i % (AGENTS - 2));
            files.put(
                    "message_board/" + SizeTurns.stamp(i) + "_" + from + ".md",
                    ("---\ntype: " + (i % 10 == 3 ? "organizer" : "agent") + "\nagent: " + from + "\nvia: "
                                    + (i % 20 == 3 ? "dashboard" : "raw") + (i % 5 == 1 ? "\nchannel: ops" : "")
                                    + "\n---\nMessage " + i + ".\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        return ResultsHarness.seeded(files, 0L, AGENTS);
    }
}
