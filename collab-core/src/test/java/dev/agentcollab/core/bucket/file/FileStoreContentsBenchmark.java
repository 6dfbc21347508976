package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The cost of small puts on {@code file:} buckets with an object file written for every content carried in a
 * journal record (the layout before, {@link FileSystemBucketStore#openWithInlineObjects}) against contents kept
 * in the journal until a compaction packs them (now). Both buckets live in one temporary folder and are filled
 * through the store with the same files (about 300 bytes each, like a message), then timed in alternating rounds
 * of 25 puts at 1k and at 100k files, so that a shared, noisy disk weighs on both alike. Prints one table: p50 and
 * p99 of a put of one small file, puts per second (one writer), files added to the bucket's folder per put, the
 * time of a restart (first read of a new store, index load included) and of a compaction at 100k files, and reads
 * of a small file after it (from its object file before, from the pack now). Compaction thresholds are out of
 * reach during the run; the compaction is asked for.
 *
 * <p>Usage: {@code FileStoreContentsBenchmark [puts] [large]} (defaults 400 timed puts per size and layout, 100000
 * files at the large size); see docs/load-benchmark.md.
 */
public final class FileStoreContentsBenchmark {
    private static final int ROUND = 25;
    private static final int SEED_BATCH = 500;
    private static final BucketId B = BucketId.parse("bench/contents");

    private FileStoreContentsBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args the number of timed puts per size and layout, and the number of files of the large size
     */
    public static void main(String[] args) throws Exception {
        int puts = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int large = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path root = Files.createTempDirectory("collab-contents-");
        try {
            run(root, puts, large);
        } finally {
            try (Stream<Path> all = Files.walk(root)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path root, int puts, int large) throws Exception {
        Path beforeRoot = root.resolve("before");
        Path nowRoot = root.resolve("now");
        Layout before = new Layout(
                "before", beforeRoot, FileSystemBucketStore.openWithInlineObjects(beforeRoot, Long.MAX_VALUE));
        Layout now =
                new Layout("now", nowRoot, FileSystemBucketStore.open(nowRoot, InstantSource.system(), Long.MAX_VALUE));
        System.out.printf(Locale.ROOT, "load average at start: %.2f%n", loadAverage());
        System.out.println("| measure | object file per content (before) | in the journal until compaction (now) "
                + "| ratio now/before |");
        System.out.println("|---|---:|---:|---:|");
        try {
            for (Layout l : List.of(before, now)) {
                l.store.create(B, false);
                l.seed(1_000);
            }
            measure("1k files", puts, before, now);
            for (Layout l : List.of(before, now)) {
                long t = System.nanoTime();
                l.seed(large);
                System.err.printf(
                        Locale.ROOT,
                        "%s: seeded to %d files in %.1f s%n",
                        l.name,
                        large,
                        (System.nanoTime() - t) / 1e9);
            }
            String at = large / 1000 + "k files";
            measure(at, puts, before, now);
            print("restart, first read (ms) at " + at, before.restart(), now.restart());
            print("compaction (ms) at " + at, before.compact(), now.compact());
            reads(at + ", after the compaction (object file / pack)", puts, before, now);
            print("restart after the compaction, first read (ms) at " + at, before.restart(), now.restart());
            print("files in the bucket's folder at " + at, before.files(), now.files());
        } finally {
            before.store.close();
            now.store.close();
        }
        System.out.printf(Locale.ROOT, "load average at end: %.2f%n", loadAverage());
    }

    private static void measure(String at, int puts, Layout before, Layout now) throws Exception {
        for (Layout l : List.of(before, now)) {
            for (int i = 0; i < ROUND; i++) {
                l.put(); // warm-up
            }
        }
        long filesBefore0 = before.files();
        long filesNow0 = now.files();
        long[] a = new long[puts];
        long[] b = new long[puts];
        for (int start = 0; start < puts; start += ROUND) {
            for (int i = start; i < Math.min(puts, start + ROUND); i++) {
                a[i] = before.timedPut();
            }
            for (int i = start; i < Math.min(puts, start + ROUND); i++) {
                b[i] = now.timedPut();
            }
        }
        print("put of one small file p50 (ms) at " + at, percentile(a, 50), percentile(b, 50));
        print("put of one small file p99 (ms) at " + at, percentile(a, 99), percentile(b, 99));
        print("puts per second, one writer, at " + at, perSecond(a), perSecond(b));
        print(
                "files added to the bucket's folder per put at " + at,
                (before.files() - filesBefore0) / (double) puts,
                (now.files() - filesNow0) / (double) puts);
    }

    private static void reads(String at, int reads, Layout before, Layout now) {
        Random random = new Random(1);
        long[] a = new long[reads];
        long[] b = new long[reads];
        for (int i = 0; i < reads; i++) {
            BucketPath path = Layout.seeded(random.nextInt(1_000));
            a[i] = before.timedRead(path);
            b[i] = now.timedRead(path);
        }
        print("read of a small file p50 (ms) at " + at, percentile(a, 50), percentile(b, 50));
        print("read of a small file p99 (ms) at " + at, percentile(a, 99), percentile(b, 99));
    }

    private static void print(String name, double before, double now) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %s | %s |%n",
                name,
                format(before),
                format(now),
                before == 0 ? "-" : String.format(Locale.ROOT, "%.2f", now / before));
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) >= 10
                ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    private static double perSecond(long[] nanos) {
        return nanos.length / (Arrays.stream(nanos).sum() / 1e9);
    }

    static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** One bucket in one layout. */
    private static final class Layout {
        final String name;
        final Path root;
        FileSystemBucketStore store;
        int seeded;
        int written;

        Layout(String name, Path root, FileSystemBucketStore store) {
            this.name = name;
            this.root = root;
            this.store = store;
        }

        static BucketPath seeded(int i) {
            return BucketPath.of(String.format("seed/%06d.md", i));
        }

        static byte[] message(String kind, int i) {
            String head = kind + " message " + i + " for @agent-" + (i % 1000) + "\n";
            return (head + "x".repeat(300 - head.length())).getBytes(StandardCharsets.UTF_8);
        }

        void seed(int total) {
            while (seeded < total) {
                List<BatchOp> batch = new ArrayList<>(SEED_BATCH);
                for (int k = 0; k < SEED_BATCH && seeded < total; k++, seeded++) {
                    batch.add(new BatchOp.Put(seeded(seeded), message("seed", seeded)));
                }
                store.apply(B, batch);
            }
        }

        void put() {
            int i = written++;
            store.put(B, BucketPath.of(String.format("put/%06d.md", i)), message("put", i));
        }

        long timedPut() {
            long t = System.nanoTime();
            put();
            return System.nanoTime() - t;
        }

        long timedRead(BucketPath path) {
            long t = System.nanoTime();
            store.read(B, path).orElseThrow();
            return System.nanoTime() - t;
        }

        long files() throws Exception {
            try (Stream<Path> all = Files.walk(root)) {
                return all.filter(Files::isRegularFile).count();
            }
        }

        double compact() {
            long t = System.nanoTime();
            store.compact(B);
            return (System.nanoTime() - t) / 1e6;
        }

        /** Closes the store, opens a new one on the folder and times its first read (index load included). */
        double restart() {
            store.close();
            store = name.equals("before")
                    ? FileSystemBucketStore.openWithInlineObjects(root, Long.MAX_VALUE)
                    : FileSystemBucketStore.open(root, InstantSource.system(), Long.MAX_VALUE);
            long t = System.nanoTime();
            store.read(B, seeded(seeded / 2)).orElseThrow();
            return (System.nanoTime() - t) / 1e6;
        }
    }
}
