package dev.agentcollab.core.service.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the content cache's entries retain, and what the two ways of bounding it cost per hit. For board messages
 * of three body sizes it fills a cache of ample bound with {@code n} entries, raw only and then parsed, and prints
 * per entry: the raw bytes, the heap retained as measured after a full collection (the difference of the heap in
 * use, divided by {@code n}), the cache's estimate ({@link ContentCache.Item#weight()}), their ratio, how many
 * entries a 64 MiB bound holds by each weighing, and the cost of a hit on a parsed entry against parsing on every
 * hit (keeping raw bytes only). Ratios come from one run, so a noisy machine still shows the shape.
 *
 * <p>Usage: {@code ContentCacheBenchmark [n]} (default 20000 entries per size); see docs/load-benchmark.md.
 */
public final class ContentCacheBenchmark {
    private static final long BOUND = 64L << 20;

    private ContentCacheBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args the number of entries per size
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        System.out.println("| body chars | raw B | retained raw-only B | retained parsed B | parsed/raw"
                + " | estimate B | estimate/retained | entries in 64 MiB, weighed raw | entries in 64 MiB, weighed parsed"
                + " | hit, parsed entry µs | hit, parse each time µs | ratio |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        row(2_000, 300, false); // loads the classes and the codec's one-time state, which are not the entries'
        for (int body : new int[] {300, 2_000, 16_000}) {
            row(n, body, true);
        }
        System.out.println();
        System.out.println(
                "| weighed by | bound KiB | content put KiB | entries kept | retained KiB | retained/bound |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        fill(true);
        fill(false);
    }

    /**
     * Fills a cache bounded at 8 MiB with 32 MiB of messages of 500-4000 chars, each parsed as a read would, and
     * measures the heap it retains: weighed as now, or by content length as before (a cache of the same raw bytes
     * and documents whose weigher counts only the content and the key).
     */
    private static void fill(boolean now) {
        long bound = 8L << 20;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long base = usedAfterGc(memory);
        ContentCache cache = new ContentCache(bound);
        Cache<String, Object[]> before = Caffeine.newBuilder()
                .maximumWeight(bound)
                .weigher((String k, Object[] v) -> ((byte[]) v[0]).length + k.length())
                .executor(Runnable::run)
                .build();
        long put = 0;
        for (int i = 0; put < 4 * bound; i++) {
            byte[] b = ContentCacheBoundTest.message(i, 500 + (i % 8) * 500).getBytes(StandardCharsets.UTF_8);
            put += b.length;
            String key = "messages/m-" + i + ".md@" + i;
            if (now) {
                cache.put(key, b).doc();
            } else {
                before.put(key, new Object[] {b, FrontmatterCodec.parseLenient(new String(b, StandardCharsets.UTF_8))});
            }
        }
        long retained = usedAfterGc(memory) - base;
        long kept = now ? cache.size() : before.estimatedSize();
        System.out.println(String.format(
                Locale.ROOT,
                "| %s | %d | %d | %d | %d | %.2f |",
                now ? "retained heap, estimated (now)" : "content length (before)",
                bound >> 10,
                put >> 10,
                kept,
                retained >> 10,
                (double) retained / bound));
    }

    private static void row(int n, int body, boolean print) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<byte[]> contents = new ArrayList<>(n);
        long raw = 0;
        for (int i = 0; i < n; i++) {
            byte[] b = ContentCacheBoundTest.message(i, body).getBytes(StandardCharsets.UTF_8);
            contents.add(b);
            raw += b.length;
        }
        long arrays = 0;
        for (byte[] b : contents) {
            arrays += HeapSize.bytes(b.length);
        }
        long base = usedAfterGc(memory); // the arrays are live already: add them to what the entries add
        ContentCache cache = new ContentCache(Long.MAX_VALUE / 4);
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add("messages/m-" + i + ".md@" + i);
            cache.put(keys.get(i), contents.get(i));
        }
        long rawOnly = usedAfterGc(memory) - base + arrays;
        for (String key : keys) {
            cache.get(key).doc();
        }
        long parsed = usedAfterGc(memory) - base + arrays;
        long estimate = cache.weightedSize();

        double hit = timePerCall(1_000_000, i -> cache.get(keys.get(i % n)).doc());
        double parse = timePerCall(
                20_000,
                i -> FrontmatterCodec.parseLenient(
                        new String(cache.get(keys.get(i % n)).content, StandardCharsets.UTF_8)));

        if (!print) {
            return;
        }
        System.out.println(String.format(
                Locale.ROOT,
                "| %d | %d | %d | %d | %.2f | %d | %.2f | %d | %d | %.3f | %.1f | %.0fx |",
                body,
                raw / n,
                rawOnly / n,
                parsed / n,
                (double) parsed / raw,
                estimate / n,
                (double) estimate / parsed,
                BOUND / (raw / n + keys.get(n / 2).length()),
                BOUND / (estimate / n),
                hit,
                parse,
                parse / hit));
        if (cache.get(keys.get(0)) == null) {
            throw new IllegalStateException("entries were evicted");
        }
    }

    private interface Call {
        Object run(int i);
    }

    private static double timePerCall(int calls, Call call) {
        long sink = 0;
        for (int i = 0; i < calls; i++) { // warm up
            sink += call.run(i).hashCode();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            sink += call.run(i).hashCode();
        }
        double micros = (System.nanoTime() - t0) / 1_000.0 / calls;
        if (sink == 42) {
            System.out.print("");
        }
        return micros;
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
