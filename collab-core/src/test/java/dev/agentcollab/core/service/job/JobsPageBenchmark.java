package dev.agentcollab.core.service.job;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.job.JobsOverview;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.core.service.internal.AuditLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What a {@code GET /v1/jobs} page costs in the service over {@code file:} buckets, idle and while raw posts keep
 * the audit writer busy (each post's row is committed behind its answer, in forced writes of the audit bucket):
 * now (the page reads the job index only) against the page as it was before, which first waited for every audit
 * row queued before it ({@link AuditLog#flush()}, then the same page). The two take turns in rounds of 20 pages,
 * so the disk's noise weighs on both alike. The audit log is seeded with {@code launches} benchmark launches in one
 * monthly file; a page shows 50. Prints one table with p50/p99 per page and the ratio before/now.
 *
 * <p>Usage: {@code JobsPageBenchmark [pages] [writers,...] [launches]} (defaults 400 pages per mode and
 * scenario, scenarios of 4 and 16 posting threads, 1000 launches); see docs/load-benchmark.md.
 */
public final class JobsPageBenchmark {
    private static final int ROUND = 20;
    private static final int LIMIT = 50;

    private JobsPageBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args pages per mode and scenario, posting threads, seeded launches
     */
    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int[] writers = Arrays.stream((args.length > 1 ? args[1] : "4,16").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int launches = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        Path root = Files.createTempDirectory("collab-jobs-page-");
        try {
            run(root, pages, writers, launches);
        } finally {
            try (Stream<Path> all = Files.walk(root)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path root, int pages, int[] writers, int launches) throws Exception {
        Clock clock = Clock.systemUTC();
        FileSystemBucketStore store = FileSystemBucketStore.open(root, clock);
        CollabConfig config = CollabConfig.custom("org", "collab")
                .rawMessagePerMinute(1_000_000)
                .rawMessagePerHour(1_000_000)
                .build();
        seed(store, config, clock.instant(), launches);
        try (CollabService service = CollabService.builder()
                .store(store)
                .config(config)
                .identity(identities(Arrays.stream(writers).max().orElse(0)))
                .clock(clock)
                .build()) {
            for (int w = 0; w < Arrays.stream(writers).max().orElse(0); w++) {
                String agent = "agent-" + w;
                store.create(config.agentBucket(agent), true);
                store.put(
                        config.agentBucket(agent),
                        BucketPath.of(".bucket-sync-handshake"),
                        ("owner" + w + "\n").getBytes(StandardCharsets.UTF_8));
                service.session("tok-owner" + w)
                        .agents()
                        .register(RegisterRequest.of(agent, "gemma", "codex", List.of("bash")));
            }
            AuditLog audit = service.context().audit();
            page(service, audit, false); // the first page after start loads the index
            System.out.println(
                    "| scenario | page | pages | p50 ms | p99 ms | p50 before/now | p99 before/now | posts/s meanwhile |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
            scenario("idle", service, audit, pages, 0);
            for (int w : writers) {
                scenario(w + " threads posting raw messages", service, audit, pages, w);
            }
        }
    }

    private static StaticIdentityProvider identities(int owners) {
        StaticIdentityProvider.Builder ids =
                StaticIdentityProvider.builder().member("tok-alice", "alice", "org", "admin");
        for (int i = 0; i < owners; i++) {
            ids.member("tok-owner" + i, "owner" + i, "org", "write");
        }
        return ids.build();
    }

    private static void scenario(String name, CollabService service, AuditLog audit, int pages, int writers)
            throws InterruptedException {
        AtomicBoolean posting = new AtomicBoolean(true);
        AtomicLong posts = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int me = w;
            threads.add(Thread.ofPlatform().start(() -> {
                CallContext caller = new CallContext(Optional.empty(), "127.0.0.1", "bench");
                for (int i = 0; posting.get(); i++) {
                    service.session(caller).board().post(MessagePost.raw("agent-" + me, "post " + i));
                    posts.incrementAndGet();
                }
            }));
        }
        long[] before = new long[pages];
        long[] now = new long[pages];
        long t0 = System.nanoTime();
        for (int done = 0; done < pages; done += ROUND) {
            for (int i = done; i < Math.min(pages, done + ROUND); i++) {
                before[i] = page(service, audit, true);
            }
            for (int i = done; i < Math.min(pages, done + ROUND); i++) {
                now[i] = page(service, audit, false);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        posting.set(false);
        for (Thread t : threads) {
            t.join();
        }
        double rate = posts.get() / seconds;
        double p50 = percentile(before, 0.50) / percentile(now, 0.50);
        double p99 = percentile(before, 0.99) / percentile(now, 0.99);
        print(name, "before: waits for the audit rows queued", pages, before, p50, p99, rate);
        print(name, "now: the job index only", pages, now, 1.0, 1.0, rate);
    }

    /** One page of 50 jobs; before, it first waited for the rows queued behind the answers given. */
    private static long page(CollabService service, AuditLog audit, boolean flushFirst) {
        long t = System.nanoTime();
        if (flushFirst) {
            audit.flush();
        }
        JobsOverview o = service.session("tok-alice").jobs().overview(LIMIT, Optional.empty());
        if (o.jobs().size() != LIMIT) {
            throw new IllegalStateException(
                    "expected a full page, got " + o.jobs().size());
        }
        return System.nanoTime() - t;
    }

    /** Writes {@code n} launch rows in one monthly audit file, as the reference's layout holds them. */
    private static void seed(FileSystemBucketStore store, CollabConfig config, Instant now, int n) {
        store.create(config.auditBucket(), true);
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Instant ts = now.minusSeconds(n - i);
            rows.append(String.format(
                    Locale.ROOT,
                    "{\"ts\":\"%s\",\"agent_id\":\"agent-%d\",\"route\":\"/v1/jobs:run\",\"via\":\"job\",\"source\":\"\","
                            + "\"target_path\":\"runs/r%d\",\"bytes\":0,\"status_code\":202,\"job_id\":\"job-%05d\","
                            + "\"hf_user\":\"owner%d\"}\n",
                    ts,
                    i % 100,
                    i,
                    i,
                    i % 100));
        }
        store.put(
                config.auditBucket(),
                BucketPath.of("audit/" + AuditLog.month(now) + ".jsonl"),
                rows.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static double percentile(long[] nanos, double q) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(q * s.length) - 1)] / 1e6;
    }

    private static void print(
            String scenario, String page, int pages, long[] nanos, double p50, double p99, double rate) {
        System.out.println(String.format(
                Locale.ROOT,
                "| %s | %s | %d | %.2f | %.2f | %.1f | %.1f | %.0f |",
                scenario,
                page,
                pages,
                percentile(nanos, 0.50),
                percentile(nanos, 0.99),
                p50,
                p99,
                rate));
    }
}
