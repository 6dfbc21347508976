package dev.agentcollab.core.service.board;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.RecordSet;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The text index's posting lists and the cost of a {@code q} page with and without it, in one JVM, over board
 * messages shaped as {@code ScaleBenchmark} seeds them: the bytes of posting lists per message, the build time, and
 * the p50 of a one-match {@code q} page answered from the index and by loading and matching every message (the path
 * without the index), with their ratio. Not a test: run it as in docs/scale.md.
 *
 * <p>Usage: {@code TextIndexFootprint [messages...]} (default {@code 1000 20000 100000}).
 */
public final class TextIndexFootprint {
    private TextIndexFootprint() {}

    /**
     * Runs the measurement.
     *
     * @param args the board sizes
     */
    public static void main(String[] args) {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1000, 20000, 100000);
        }
        System.out.println("| messages | grams | posting lists (bytes/msg) | build (ms)"
                + " | q page, index p50 (ms) | q page, every message p50 (ms) | ratio |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (int size : sizes) {
            measure(size);
        }
    }

    /**
     * A read model over an in-memory central bucket holding {@code size} board messages: 1,000 authors, one in ten in
     * a channel, 1 % from the dashboard, 1 % organizer posts, and "progress update {@code n} for @agent-..." bodies.
     *
     * @param size the number of messages
     * @return the read model, its listings not yet loaded
     */
    static ReadModel seededBoard(int size) {
        MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
        InMemoryBucketStore store = InMemoryBucketStore.create(clock);
        BucketId central = BucketId.parse("bench-org/bench-main-bucket");
        store.create(central, false);
        Random random = new Random(size);
        List<BatchOp> ops = new ArrayList<>();
        for (int n = 0; n < size; n++) {
            int author = random.nextInt(1000);
            String stamp = String.format(Locale.ROOT, "20260601-%06d-000", n);
            String via = n % 100 == 25 ? "via: dashboard\n" : "";
            String channel = n % 10 == 0 ? "channel: ch-" + (n / 10 % 20) + "\n" : "";
            ops.add(BatchOp.put(
                    Folders.BOARD + stamp + "_agent-" + author + ".md",
                    ("---\ntype: " + (n % 100 == 50 ? "organizer" : "agent") + "\nagent_id: agent-" + author + "\n"
                                    + via + channel + "---\nprogress update " + n + " for @agent-"
                                    + random.nextInt(1000) + "\n")
                            .getBytes(StandardCharsets.UTF_8)));
            if (ops.size() == 5000) {
                store.apply(central, ops);
                ops.clear();
            }
        }
        store.apply(central, ops);
        return new ReadModel(store, central, clock, Duration.ofDays(1), 1 << 20);
    }

    private static void measure(int size) {
        ReadModel reads = seededBoard(size);
        ReadModel.Records board = reads.records(Folders.BOARD).orElseThrow();
        TextIndex index = new TextIndex(reads, Folders.BOARD);
        long t0 = System.nanoTime();
        index.candidates("warm", board);
        double buildMs = (System.nanoTime() - t0) / 1e6;
        long postings = index.postingBytes();
        ListEngine.Spec spec = ListEngine.Spec.messages(25);
        int rounds = 50;
        double[] indexed = new double[rounds];
        double[] scanned = new double[Math.min(rounds, size >= 100_000 ? 7 : 21)];
        for (int i = 0; i < indexed.length; i++) {
            ListQuery q = query(i);
            long s = System.nanoTime();
            RecordSet hits = index.candidates(q.q().orElseThrow(), board).orElseThrow();
            Page<MessageRecord> p = FilteredPages.page(List.of(hits), List.of(), board.count(), q, spec, true);
            indexed[i] = (System.nanoTime() - s) / 1e6;
            check(p, q);
        }
        for (int i = 0; i < scanned.length; i++) {
            ListQuery q = query(i);
            long s = System.nanoTime();
            Page<MessageRecord> p = FilteredPages.page(List.of(board), List.of(), board.count(), q, spec, true);
            scanned[i] = (System.nanoTime() - s) / 1e6;
            check(p, q);
        }
        double pi = median(indexed);
        double ps = median(scanned);
        System.out.printf(
                Locale.ROOT,
                "| %d | %d | %.1f | %.0f | %.2f | %.1f | %.0f |%n",
                size,
                gramsOf(index),
                (double) postings / size,
                buildMs,
                pi,
                ps,
                ps / pi);
    }

    private static ListQuery query(int i) {
        return ListQuery.builder()
                .q("update " + (100 + i * 7 % 600) + " for")
                .limit(20)
                .build();
    }

    private static void check(Page<MessageRecord> p, ListQuery q) {
        if (p.matched() != 1) {
            throw new IllegalStateException(q + " matched " + p.matched());
        }
    }

    private static int gramsOf(TextIndex index) {
        return index.grams();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v[v.length / 2];
    }
}
