package dev.agentcollab.core.service.taskforce;

import dev.agentcollab.api.board.DigestQuery;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.taskforce.Contribution;
import dev.agentcollab.core.bench.SizeTurns;
import dev.agentcollab.core.service.result.ResultsHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How taskforce requests grow with the taskforces' history, on {@code file:} buckets and in one JVM: for each size a
 * service starts over a central bucket seeded out of band with 20 taskforces holding that many notes in all (and one
 * named file per ten notes) and 1,000 registered agents; then the sizes take turns round by round. Measured per
 * round: a note contributed to the first taskforce, the first digest after it (its taskforces part), the digest
 * again, the taskforce list, the first taskforce's detail (its five newest notes), the first page of its notes, and
 * its notes searched for the text of the round's note ({@code q}), its notes of one type in ten ({@code type}), and
 * its notes of the other type written through the bucket ({@code type} and {@code via}: three in ten). The table
 * prints p50 per size and the ratio to the first size.
 *
 * <p>Usage: {@code TaskforcesHistoryBenchmark [rounds] [size...]} (defaults {@code 60 1000 10000 50000}); see
 * docs/load-benchmark.md.
 */
public final class TaskforcesHistoryBenchmark {
    private static final int AGENTS = 10;
    private static final int TASKFORCES = 20;
    private static final DigestQuery DIGEST = new DigestQuery(Optional.empty(), Optional.empty());

    private TaskforcesHistoryBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args the number of timed rounds, then the note counts
     */
    public static void main(String[] args) throws Exception {
        SizeTurns.main(
                args,
                60,
                List.of(1000, 10000, 50000),
                "notes",
                TaskforcesHistoryBenchmark::start,
                new String[] {
                    "note contribution",
                    "first digest after a note",
                    "digest",
                    "taskforce list",
                    "taskforce detail",
                    "taskforce notes page",
                    "taskforce notes page with q (this round's note)",
                    "taskforce notes page with type= (1 note in 10)",
                    "taskforce notes page with type= and via= (3 notes in 10)"
                },
                TaskforcesHistoryBenchmark::round);
    }

    private static long[] round(ResultsHarness h, int n) {
        long t0 = System.nanoTime();
        int agent = n % AGENTS; // spread over agents: each one's raw-write limit holds
        h.as("tok-owner" + agent).taskforces().contribute("tf-0", Contribution.rawNote("agent-" + agent, "round " + n));
        long t1 = System.nanoTime();
        h.anonymous().digest().get(DIGEST);
        long t2 = System.nanoTime();
        h.anonymous().digest().get(DIGEST);
        long t3 = System.nanoTime();
        h.anonymous().taskforces().list(Optional.empty(), Optional.empty());
        long t4 = System.nanoTime();
        h.anonymous().taskforces().get("tf-0");
        long t5 = System.nanoTime();
        h.anonymous().taskforces().notes("tf-0", ListQuery.defaults());
        long t6 = System.nanoTime();
        h.anonymous()
                .taskforces()
                .notes("tf-0", ListQuery.builder().q("round " + n).build());
        long t7 = System.nanoTime();
        h.anonymous()
                .taskforces()
                .notes("tf-0", ListQuery.builder().type("finding").build());
        long t8 = System.nanoTime();
        h.anonymous()
                .taskforces()
                .notes("tf-0", ListQuery.builder().type("note").via("bucket").build());
        long t9 = System.nanoTime();
        h.clock.advance(Duration.ofSeconds(10));
        return new long[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6, t8 - t7, t9 - t8};
    }

    /** A service over a fresh store: 20 taskforces with {@code size} notes in all, 1,000 registered agents. */
    private static ResultsHarness start(int size) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int a = AGENTS; a < 1000; a++) {
            files.put(
                    "agents/agent-" + a + ".md",
                    ("---\nagent_id: agent-" + a + "\njoined: 2026-01-01 00:00 UTC\n---\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        for (int t = 0; t < TASKFORCES; t++) {
            files.put(
                    "taskforces/tf-" + t + "/README.md",
                    ("---\ntaskforce: tf-" + t + "\ncreator: agent-" + t
                                    + "\ncreated: 2026-01-01 00:00 UTC\nvia: raw\n---\n\n" + "# Taskforce " + t + "\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < size; i++) {
            String agent = "agent-" + (i * 7 % 1000);
            int k = i / TASKFORCES; // the note's place in its taskforce
            String dir = "taskforces/tf-" + (i % TASKFORCES) + "/";
            files.put(
                    dir + SizeTurns.stamp(i) + "_" + agent + ".md",
                    ("---\nagent: " + agent + "\ntype: " + (k % 10 == 0 ? "finding" : "note") + "\nvia: "
                                    + (k % 3 == 0 ? "bucket" : "raw") + "\n---\nNote " + i
                                    + " on the kernels.\n")
                            .getBytes(StandardCharsets.UTF_8));
            if (i % 10 == 0) {
                files.put(dir + "data/run" + i + "_" + agent + ".csv", ("step,loss\n" + i + ",1.0\n").getBytes());
            }
        }
        return ResultsHarness.seeded(files, 0L, AGENTS);
    }
}
