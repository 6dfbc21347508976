package dev.agentcollab.core.service.verify;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.core.bench.RatioTable;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.IntToLongFunction;

/**
 * How the verification index's operations grow with the number of results, on {@code file:} buckets: for each size
 * the index is seeded with that many entries (one in three {@code valid}), then, in one JVM, a read (what every
 * result read, result listing and digest does), a promotion's {@code markPending} and a verdict are timed. The table
 * prints p50 per size and the ratio to the first size.
 *
 * <p>Usage: {@code VerificationIndexBenchmark [ops] [size...]} (defaults {@code 200 2000 20000 100000}); see
 * docs/load-benchmark.md.
 */
public final class VerificationIndexBenchmark {
    private static final BucketId CENTRAL = BucketId.parse("bench-org/bench-main-bucket");
    private static final BucketId AUDIT = BucketId.parse("bench-org/bench-audit");

    private VerificationIndexBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args the number of timed operations of each kind, then the index sizes
     */
    public static void main(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(2000, 20000, 100000);
        }
        Map<String, List<Double>> table = new LinkedHashMap<>();
        for (int size : sizes) {
            measure(size, ops).forEach((k, v) -> table.computeIfAbsent(k, x -> new ArrayList<>())
                    .add(v));
        }
        System.out.println(RatioTable.render("p50 (ms)", "results", sizes, table, "%.3f"));
    }

    private static Map<String, Double> measure(int size, int ops) throws Exception {
        Path root = Files.createTempDirectory("verification-bench");
        FileSystemBucketStore store = FileSystemBucketStore.open(root);
        try {
            store.create(CENTRAL, true);
            store.create(AUDIT, true);
            StringBuilder seeded = new StringBuilder("{\n");
            for (int i = 0; i < size; i++) {
                seeded.append(String.format(
                        Locale.ROOT,
                        "  \"20260601-%06d-000_agent-%d.md\": \"%s\"%s%n",
                        i,
                        i % 1000,
                        i % 3 == 0 ? "valid" : "pending",
                        i == size - 1 ? "" : ","));
            }
            store.put(
                    CENTRAL,
                    BucketPath.of(VerificationIndex.PATH),
                    seeded.append("}\n").toString().getBytes(StandardCharsets.UTF_8));
            VerificationIndex index = new VerificationIndex(store, CENTRAL, AUDIT, "runs", InstantSource.system());
            Map<String, Double> row = new LinkedHashMap<>();
            String tag = "w" + size;
            row.put("read (a result read, listing or digest)", p50(ops, timed(i -> index.read())));
            row.put(
                    "markPending (a result promotion)",
                    p50(ops, timed(i -> index.markPending(tag + "-p" + i + ".md"))));
            row.put("first read after a promotion", p50(ops, i -> {
                index.markPending(tag + "-q" + i + ".md");
                return timed(j -> index.read()).applyAsLong(i);
            }));
            row.put(
                    "setVerdict (the verifier's verdict)",
                    p50(ops, timed(i -> index.setVerdict(tag + "-p" + i + ".md", "valid", "bench", Map.of()))));
            return row;
        } finally {
            store.close();
        }
    }

    private static IntToLongFunction timed(IntConsumer op) {
        return i -> {
            long t = System.nanoTime();
            op.accept(i);
            return System.nanoTime() - t;
        };
    }

    /** Runs {@code ops} warm-up operations (negative indices) then {@code ops} timed ones; each returns its nanos. */
    private static double p50(int ops, IntToLongFunction op) {
        for (int i = 0; i < ops; i++) {
            op.applyAsLong(-1 - i);
        }
        long[] times = new long[ops];
        for (int i = 0; i < ops; i++) {
            times[i] = op.applyAsLong(i);
        }
        Arrays.sort(times);
        return times[ops / 2] / 1e6;
    }
}
