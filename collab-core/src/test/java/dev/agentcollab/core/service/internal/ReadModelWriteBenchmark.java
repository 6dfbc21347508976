package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.core.bench.RatioTable;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one write costs the read model as the number of cached views and watchers grows: for each agent count, a
 * model over an in-memory bucket holds the board's view and one view per inbox, each with a watcher (as an inbox's
 * type/via index registers), and a post's batch (its board message and two inbox copies) is applied again and
 * again; the sizes take turns round by round, so a slow moment of the machine falls on every size alike. The table
 * prints p50 and p99 of one batch per agent count and the ratio to the first count.
 *
 * <p>Usage: {@code ReadModelWriteBenchmark [batches] [agents...]} (defaults {@code 3000 10 100 1000 4000}); see
 * docs/load-benchmark.md.
 */
public final class ReadModelWriteBenchmark {
    private static final int ROUND = 100;

    private ReadModelWriteBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args the number of batches per size, then the agent counts
     */
    public static void main(String[] args) {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(10, 100, 1000, 4000);
        }
        List<ReadModel> models = new ArrayList<>();
        for (int agents : sizes) {
            models.add(model(agents));
        }
        long[][] nanos = new long[sizes.size()][batches];
        for (int warm = 0; warm < 2; warm++) { // the first pass compiles the path; the second is measured
            for (int from = 0; from < batches; from += ROUND) {
                for (int k = 0; k < sizes.size(); k++) {
                    for (int i = from; i < Math.min(batches, from + ROUND); i++) {
                        long t = System.nanoTime();
                        models.get(k).apply(post(warm * batches + i, sizes.get(k)));
                        nanos[k][i] = System.nanoTime() - t;
                    }
                }
            }
        }
        Map<String, List<Double>> rows = new LinkedHashMap<>();
        for (long[] n : nanos) {
            Arrays.sort(n);
            rows.computeIfAbsent("one post's batch p50 (µs)", x -> new ArrayList<>())
                    .add(n[n.length / 2] / 1e3);
            rows.computeIfAbsent("one post's batch p99 (µs)", x -> new ArrayList<>())
                    .add(n[(int) (n.length * 0.99)] / 1e3);
        }
        System.out.println(RatioTable.render("measure", "agents", sizes, rows, "%.1f"));
    }

    /** A model with the board's view and every inbox's, each inbox watched. */
    private static ReadModel model(int agents) {
        MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
        InMemoryBucketStore store = InMemoryBucketStore.create(clock);
        BucketId central = BucketId.parse("org/central");
        store.create(central, false);
        ReadModel reads = new ReadModel(store, central, clock, Duration.ofDays(1), 1 << 20);
        reads.list("message_board/");
        for (int a = 0; a < agents; a++) {
            String inbox = "inbox/agent-" + a + "/";
            reads.list(inbox);
            reads.watch(inbox, new ReadModel.Watcher() {
                @Override
                public void changed(String path, BucketEntry entry) {}

                @Override
                public void reloaded() {}
            });
        }
        return reads;
    }

    /** Post {@code i}: its board message and copies for two of the agents. */
    private static List<BatchOp> post(int i, int agents) {
        String name = String.format(Locale.ROOT, "20260601-1%05d-000_agent-%d.md", i, i % agents);
        byte[] body = ("---\ntype: agent\n---\nupdate " + i + "\n").getBytes(StandardCharsets.UTF_8);
        return List.of(
                BatchOp.put("message_board/" + name, body),
                BatchOp.put("inbox/agent-" + (i * 7 % agents) + "/" + name, body),
                BatchOp.put("inbox/agent-" + (i * 13 % agents) + "/" + name, body));
    }
}
