package dev.agentcollab.core.service.result;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.core.bench.RatioTable;
import dev.agentcollab.core.bucket.file.FileBucketSeeder;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.job.JobsConfig;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a service start costs with and without the ranked results' snapshot, on {@code file:} buckets and in one JVM:
 * for each size a central bucket is seeded out of band with that many results ({@link ResultsHistoryBenchmark#seed})
 * and ten agents are registered; then, round by round and size by size, the service starts without the snapshot file
 * (it ranks every result; its close writes the snapshot), then starts again from the snapshot. A start is the
 * service's construction, warm-up included (the views, the first leaderboard, board page and digest). The table
 * prints the median per size, the results each start read, the snapshot's size, and the ratio to the first size.
 *
 * <p>Usage: {@code RankedRestartBenchmark [rounds] [size...]} (defaults {@code 3 2000 20000 100000}); see
 * docs/load-benchmark.md.
 */
public final class RankedRestartBenchmark {
    private RankedRestartBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args the number of rounds, then the result counts
     * @throws Exception when a store cannot be written
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<Integer> sizes = args.length > 1
                ? Arrays.stream(args, 1, args.length).map(Integer::valueOf).toList()
                : List.of(2000, 20000, 100000);
        List<Path> roots = new ArrayList<>();
        for (int size : sizes) {
            roots.add(seeded(size));
        }
        Map<String, List<List<Double>>> samples = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < sizes.size(); i++) {
                Path root = roots.get(i);
                Path board = root.resolve("snapshots").resolve("board-index.snapshot");
                Files.deleteIfExists(CollabService.rankedSnapshot(board));
                System.gc(); // each start from a heap without the last service's garbage, as a new process has
                long t0 = System.nanoTime();
                ResultsHarness cold = harness(root, board);
                long t1 = System.nanoTime();
                long coldRead = cold.service.results().ranked().resultsRead();
                cold.close();
                cold.store.close();
                cold = null; // a restart keeps nothing of the stopped service
                long tClosed = System.nanoTime();
                System.gc();
                long t2 = System.nanoTime();
                ResultsHarness warm = harness(root, board);
                long t3 = System.nanoTime();
                long warmRead = warm.service.results().ranked().resultsRead();
                System.gc();
                Runtime rt = Runtime.getRuntime();
                add(
                        samples,
                        "heap used after the start from the snapshot, after GC (MiB)",
                        i,
                        sizes.size(),
                        (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
                warm.close();
                warm.store.close();
                warm = null;
                add(samples, "start without the snapshot (ms)", i, sizes.size(), (t1 - t0) / 1e6);
                add(samples, "results read, start without the snapshot", i, sizes.size(), coldRead);
                add(
                        samples,
                        "close after the start without it (the snapshot saved by then, ms)",
                        i,
                        sizes.size(),
                        (tClosed - t1) / 1e6);
                add(samples, "start from the snapshot (ms)", i, sizes.size(), (t3 - t2) / 1e6);
                add(samples, "results read, start from the snapshot", i, sizes.size(), warmRead);
                add(
                        samples,
                        "snapshot file (MiB)",
                        i,
                        sizes.size(),
                        Files.size(CollabService.rankedSnapshot(board)) / 1048576.0);
                System.err.printf(
                        "round %d, %d results: %.0f ms without, %.0f ms from the snapshot%n",
                        r, sizes.get(i), (t1 - t0) / 1e6, (t3 - t2) / 1e6);
            }
        }
        Map<String, List<Double>> rows = new LinkedHashMap<>();
        samples.forEach((name, perSize) -> rows.put(
                name, perSize.stream().map(RankedRestartBenchmark::median).toList()));
        System.out.println(RatioTable.render("median of " + rounds + " rounds", "results", sizes, rows, "%.2f"));
    }

    /** A store whose central bucket holds the seeded results, with the agents registered by one service start. */
    private static Path seeded(int size) throws Exception {
        Path root = Files.createTempDirectory("collab-ranked-restart");
        BucketId central = CollabConfig.custom(ResultsHarness.ORG, ResultsHarness.SLUG)
                .build()
                .centralBucket();
        try (var store = FileSystemBucketStore.open(root)) {
            store.create(central, true);
        }
        FileBucketSeeder.seed(root, central, ResultsHistoryBenchmark.seed(size), ResultsHistoryBenchmark.SEED_START);
        ResultsHarness h = new ResultsHarness(FileSystemBucketStore.open(root), clock());
        for (int a = 0; a < 10; a++) {
            h.onboard("agent-" + a, a);
        }
        h.close();
        h.store.close();
        return root;
    }

    private static ResultsHarness harness(Path root, Path board) {
        return new ResultsHarness(
                FileSystemBucketStore.open(root),
                clock(),
                ResultsConfig.ofDefaults(),
                JobsConfig.ofDefaults(),
                s -> Optional.empty(),
                Optional.of(board));
    }

    private static MutableClock clock() {
        return MutableClock.at("2026-06-01T10:00:00Z");
    }

    private static void add(Map<String, List<List<Double>>> samples, String row, int size, int sizes, double value) {
        List<List<Double>> perSize = samples.computeIfAbsent(row, k -> {
            List<List<Double>> l = new ArrayList<>();
            for (int i = 0; i < sizes; i++) {
                l.add(new ArrayList<>());
            }
            return l;
        });
        perSize.get(size).add(value);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
