package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.ServiceHarness;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The cost of one write on {@code file:} buckets, with every object file forced on its own (how stores wrote
 * before contents were carried in journal records) against small contents carried in the record (one forced
 * write per batch). Both stores live in the same folder tree and take turns in rounds of 25 writes, so that a
 * shared, noisy disk weighs on both alike; the table prints p50 and p99 of each and their ratio. The first row is
 * the floor: appending 300 bytes to a file and forcing it, which every committed batch pays once.
 *
 * <p>A second table compares, on the default store, a raw post answered once its audit row is durable (how posts
 * were answered before) with one answered after the central commit while the audit row is written behind it; a
 * third splits a raw post's time into the central batch, the audit batch and the rest ({@link PhaseTimes}).
 *
 * <p>Usage: {@code WritePathBenchmark [writes]} (default 200 per measure and store); see docs/load-benchmark.md.
 */
public final class WritePathBenchmark {
    private static final int ROUND = 25;
    private static final String ORG = "bench-org";
    private static final String TOKEN = "tok-bench-write";

    private WritePathBenchmark() {}

    /** A write number {@code i} against one store. */
    interface Write {
        void run(int i) throws Exception;
    }

    /**
     * Runs the benchmark.
     *
     * @param args the number of writes per measure and store
     */
    public static void main(String[] args) throws Exception {
        int writes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path root = Files.createTempDirectory("collab-write-path-");
        PhaseTimes phases = new PhaseTimes(writes + ROUND);
        try (FileSystemBucketStore forced = FileSystemBucketStore.open(root.resolve("forced"), 0);
                FileSystemBucketStore carried = FileSystemBucketStore.open(root.resolve("carried"));
                FileSystemBucketStore timedFiles = FileSystemBucketStore.open(root.resolve("timed"));
                CollabService forcedService = service(forced);
                CollabService carriedService = service(carried);
                CollabService timedService = service(phases.wrap(timedFiles))) {
            BucketId bucket = BucketId.parse(ORG + "/plain");
            forced.create(bucket, true);
            carried.create(bucket, true);
            Collab forcedSession = register(forced, forcedService);
            Collab carriedSession = register(carried, carriedService);
            Collab timedSession = register(timedFiles, timedService);
            Path floorFile = root.resolve("floor.log");
            Write floor = i -> {
                try (FileChannel ch = FileChannel.open(
                        floorFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    ch.write(ByteBuffer.wrap(new byte[300]));
                    ch.force(false);
                }
            };
            Runnable none = () -> {};
            System.out.println("| measure (ms) | each object forced | carried in the record | ratio carried/forced |");
            System.out.println("|---|---:|---:|---:|");
            row("append 300 bytes + force (the floor)", writes, floor, floor, none);
            row(
                    "put of one small file",
                    writes,
                    i -> forced.put(bucket, BucketPath.of("one/" + i), bytes("file " + i)),
                    i -> carried.put(bucket, BucketPath.of("one/" + i), bytes("file " + i)),
                    none);
            row(
                    "batch of three small files",
                    writes,
                    i -> forced.apply(bucket, batch(i)),
                    i -> carried.apply(bucket, batch(i)),
                    none);
            row(
                    "raw post through the service, audit row waited for (central batch + audit row)",
                    writes,
                    waited(forcedSession, forcedService),
                    waited(carriedSession, carriedService),
                    none);

            System.out.println();
            System.out.println("| measure (ms), contents carried in the record | audit row waited for (before) "
                    + "| audit row written behind the answer (now) | ratio now/before |");
            System.out.println("|---|---:|---:|---:|");
            Runnable settle = () -> carriedService.context().audit().flush();
            row(
                    "raw post through the service",
                    writes,
                    waited(carriedSession, carriedService),
                    i -> post(carriedSession, i),
                    settle);

            System.out.println();
            System.out.println("| where a raw post's time goes (ms, p50) | audit row waited for (before) "
                    + "| audit row written behind the answer (now) |");
            System.out.println("|---|---:|---:|");
            phases.breakdown(writes, waited(timedSession, timedService), i -> post(timedSession, i), () -> timedService
                    .context()
                    .audit()
                    .flush());
        } finally {
            try (Stream<Path> all = Files.walk(root)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void post(Collab session, int i) {
        session.board().post(MessagePost.raw("agent-0", "update " + i + " for @agent-1"));
    }

    /** A raw post answered once its audit row is durable too: how every post was answered before. */
    private static Write waited(Collab session, CollabService service) {
        return i -> {
            post(session, i);
            service.context().audit().flush();
        };
    }

    private static List<BatchOp> batch(int i) {
        return List.of(
                BatchOp.put("board/" + i, bytes("a " + i)),
                BatchOp.put("inbox/" + i, bytes("b " + i)),
                BatchOp.put("txn/" + i, bytes("c " + i)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static CollabService service(BucketStore store) {
        return CollabService.builder()
                .store(store)
                .config(ServiceHarness.unlimited(ORG, "bench").build())
                .identity(StaticIdentityProvider.builder()
                        .member(TOKEN, "bench", ORG, "write")
                        .build())
                .build();
    }

    private static Collab register(FileSystemBucketStore store, CollabService service) {
        Collab session = service.session(TOKEN);
        for (int a = 0; a < 2; a++) {
            BucketId scratch = BucketId.parse(ORG + "/bench-agent-" + a);
            store.create(scratch, true);
            store.put(scratch, BucketPath.of(".bucket-sync-handshake"), bytes("bench"));
            session.agents().register(RegisterRequest.of("agent-" + a, "bench-model", "bench", List.of()));
        }
        return session;
    }

    /**
     * Runs both writes in alternating rounds, after a warm-up of one round each, and prints one table row;
     * {@code settle} runs untimed after each round (so that work one round leaves behind is not timed in the next).
     */
    private static void row(String name, int writes, Write forced, Write carried, Runnable settle) throws Exception {
        for (int i = 0; i < ROUND; i++) {
            forced.run(writes + i);
            carried.run(writes + i);
        }
        settle.run();
        long[] a = new long[writes];
        long[] b = new long[writes];
        for (int start = 0; start < writes; start += ROUND) {
            for (int i = start; i < Math.min(writes, start + ROUND); i++) {
                a[i] = timed(forced, i);
            }
            settle.run();
            for (int i = start; i < Math.min(writes, start + ROUND); i++) {
                b[i] = timed(carried, i);
            }
            settle.run();
        }
        for (int p : new int[] {50, 99}) {
            double x = percentile(a, p);
            double y = percentile(b, p);
            System.out.printf(Locale.ROOT, "| %s p%d | %.2f | %.2f | %.2f |%n", name, p, x, y, y / x);
        }
    }

    static long timed(Write w, int i) throws Exception {
        long t = System.nanoTime();
        w.run(i);
        return System.nanoTime() - t;
    }

    static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
