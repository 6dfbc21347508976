package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.spi.ContentHashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Group commit against one forced write per batch, on {@code file:} buckets, at 1 to 200 concurrent writers of one
 * bucket. "One force per batch" is how {@code FileSystemBucketStore.apply} committed a small put before group
 * commit: take the writer lock, append the batch's record, force the journal, release. "Group commit" is
 * {@code apply} as it is. Each writer count runs in rounds, the two ways taking turns on two buckets of one
 * folder, so that a shared, noisy disk weighs on both alike; the table prints batches per second, p50 and p99 of a
 * batch's latency, forced writes per batch, and the ratios group/one-per-batch measured in this run. Writers are
 * virtual threads, as the server's request threads are; each batch puts one message-sized file.
 *
 * <p>Usage: {@code GroupCommitBenchmark [batches per round] [rounds] [writer counts...]} (defaults: 200, 5, then
 * 1 8 32 200; each writer writes at least 10 batches a round); see docs/load-benchmark.md.
 */
public final class GroupCommitBenchmark {
    private static final BucketId SERIAL = BucketId.parse("bench/one-force-per-batch");
    private static final BucketId GROUPED = BucketId.parse("bench/group-commit");

    private GroupCommitBenchmark() {}

    /** One way of committing a batch of one small put. */
    private interface Commit {
        void put(String path, byte[] bytes) throws IOException;
    }

    /** What one way measured at one writer count, over all rounds. */
    private record Measure(long batches, long nanos, long[] latencies, long forces) {
        double perSecond() {
            return batches / (nanos / 1e9);
        }

        double forcesPerBatch() {
            return (double) forces / batches;
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args batches per round, rounds, writer counts
     * @throws Exception if a write fails
     */
    public static void main(String[] args) throws Exception {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Integer> writerCounts = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            writerCounts.add(Integer.parseInt(args[i]));
        }
        if (writerCounts.isEmpty()) {
            writerCounts.addAll(List.of(1, 8, 32, 200));
        }
        Path root = Files.createTempDirectory("collab-group-commit-");
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(SERIAL, false);
            store.create(GROUPED, false);
            FileBucket serial = store.bucket(SERIAL);
            FileBucket grouped = store.bucket(GROUPED);
            Commit onePerBatch = (path, bytes) -> commitAlone(serial, path, bytes);
            Commit group = (path, bytes) -> store.apply(GROUPED, List.of(BatchOp.put(path, bytes)));
            System.out.printf(
                    Locale.ROOT,
                    "about %d batches per round (at least 10 per writer), %d rounds, load average %.2f%n%n",
                    perRound,
                    rounds,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.println(
                    "| writers | commit | batches | batches/s | p50 ms | p99 ms | forced writes per batch |");
            System.out.println("|---:|---|---:|---:|---:|---:|---:|");
            List<String> ratios = new ArrayList<>();
            for (int writers : writerCounts) {
                int perWriter = Math.max(10, perRound / writers);
                run(writers, perWriter, onePerBatch, serial, "w" + writers + "s"); // warm-up
                run(writers, perWriter, group, grouped, "w" + writers + "g");
                List<Measure> a = new ArrayList<>();
                List<Measure> b = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    a.add(run(writers, perWriter, onePerBatch, serial, "w" + writers + "r" + r));
                    b.add(run(writers, perWriter, group, grouped, "w" + writers + "r" + r));
                }
                Measure x = merge(a);
                Measure y = merge(b);
                row(writers, "one force per batch", x);
                row(writers, "group commit", y);
                ratios.add(String.format(
                        Locale.ROOT,
                        "| %d | %.2f | %.2f | %.2f | %.3f |",
                        writers,
                        y.perSecond() / x.perSecond(),
                        WritePathBenchmark.percentile(y.latencies(), 50)
                                / WritePathBenchmark.percentile(x.latencies(), 50),
                        WritePathBenchmark.percentile(y.latencies(), 99)
                                / WritePathBenchmark.percentile(x.latencies(), 99),
                        y.forcesPerBatch() / x.forcesPerBatch()));
            }
            System.out.println();
            System.out.println(
                    "| writers | ratio group/one-per-batch: batches/s | p50 | p99 | forced writes per batch |");
            System.out.println("|---:|---:|---:|---:|---:|");
            ratios.forEach(System.out::println);
            System.out.printf(
                    Locale.ROOT,
                    "%nload average after the run: %.2f%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            try (Stream<Path> all = Files.walk(root)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A small put committed the way {@code apply} committed it before group commit: one forced write, alone. */
    private static void commitAlone(FileBucket target, String path, byte[] bytes) throws IOException {
        try (BucketLock.Held lock = BucketLock.acquire(target.lockFile())) {
            BucketIndex index = target.prepareWrite();
            String hash = ContentHashes.sha256(bytes);
            JournalRecord.Put put = index.referenced(hash)
                    ? new JournalRecord.Put(path, hash, bytes.length)
                    : new JournalRecord.Put(path, hash, bytes.length, bytes);
            List<String> dropped =
                    target.commit(index, new JournalRecord(index.seq() + 1, System.currentTimeMillis(), List.of(put)));
            target.deleteUnreferenced(dropped, index);
            target.compactIfDue(index);
        }
    }

    private static Measure run(int writers, int perWriter, Commit commit, FileBucket bucket, String tag)
            throws Exception {
        long forcesBefore = bucket.journalForces();
        long[] latencies = new long[writers * perWriter];
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        long began;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < perWriter; n++) {
                        String path = "m/" + tag + "/" + writer + "/" + n + ".md";
                        byte[] body = ("---\nfrom: writer-" + writer + "\n---\nmessage " + n + " of round " + tag + " "
                                        + "x".repeat(200))
                                .getBytes(StandardCharsets.UTF_8);
                        long t0 = System.nanoTime();
                        try {
                            commit.put(path, body);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        latencies[writer * perWriter + n] = System.nanoTime() - t0;
                    }
                    return null;
                }));
            }
            began = System.nanoTime();
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        long nanos = System.nanoTime() - began;
        return new Measure(latencies.length, nanos, latencies, bucket.journalForces() - forcesBefore);
    }

    private static Measure merge(List<Measure> rounds) {
        long batches = 0;
        long nanos = 0;
        long forces = 0;
        List<long[]> all = new ArrayList<>();
        for (Measure m : rounds) {
            batches += m.batches();
            nanos += m.nanos();
            forces += m.forces();
            all.add(m.latencies());
        }
        long[] latencies = new long[Math.toIntExact(batches)];
        int at = 0;
        for (long[] l : all) {
            System.arraycopy(l, 0, latencies, at, l.length);
            at += l.length;
        }
        return new Measure(batches, nanos, latencies, forces);
    }

    private static void row(int writers, String name, Measure m) {
        System.out.printf(
                Locale.ROOT,
                "| %d | %s | %d | %.0f | %.2f | %.2f | %.3f |%n",
                writers,
                name,
                m.batches(),
                m.perSecond(),
                WritePathBenchmark.percentile(m.latencies(), 50),
                WritePathBenchmark.percentile(m.latencies(), 99),
                m.forcesPerBatch());
    }
}
