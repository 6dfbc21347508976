package dev.agentcollab.inference.kv;

import dev.agentcollab.inference.model.Gemma4Presets;
import dev.agentcollab.inference.model.LayerType;
import dev.agentcollab.inference.model.ModelConfig;
import java.util.Locale;

/**
 * Prints the K/V cache bytes of a model shape at several lengths, full-length caches against sliding rings, as the
 * markdown table recorded in {@code docs/inference-cpu.md} and {@code docs/cuda.md}. Both backends store K and V in
 * f32, on the heap or on the device alike. Usage: {@code KvMemoryTable [--max-batch N]} (Gemma 4 E4B's shape, 4 096,
 * 32 768 and 131 072 positions, {@code maxBatch} 16 by default).
 */
public final class KvMemoryTable {
    /** Lengths the table reports by default. */
    static final int[] LENGTHS = {4_096, 32_768, 131_072};

    private KvMemoryTable() {}

    /**
     * Prints the table for Gemma 4 E4B.
     *
     * @param args {@code [--max-batch N]}
     */
    public static void main(String[] args) {
        int maxBatch = 16;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--max-batch") && i + 1 < args.length) {
                maxBatch = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: KvMemoryTable [--max-batch N]");
                System.exit(2);
            }
        }
        System.out.print(table(Gemma4Presets.e4b(), maxBatch, Float.BYTES, LENGTHS));
    }

    /**
     * The table: for each length, the sliding layers' bytes at full length and as rings, the global layers' bytes
     * (full length in both layouts), both totals and their ratio.
     *
     * @param config the model
     * @param maxBatch the backend's most rows per forward
     * @param bytesPerValue bytes per stored K or V value
     * @param lengths sequence lengths ({@code maxSequenceLength})
     * @return markdown, one header, one rule and one row per length
     */
    public static String table(ModelConfig config, int maxBatch, int bytesPerValue, int... lengths) {
        StringBuilder s = new StringBuilder();
        KvCachePlan probe = new KvCachePlan(config, Integer.MAX_VALUE - 1, maxBatch, KvCacheLayout.RING);
        s.append(String.format(
                Locale.ROOT,
                "| positions | sliding layers, full length | sliding layers, ring (%d slots) | global layers |"
                        + " total, full length | total, ring | full / ring |%n",
                probe.slidingCapacity()));
        s.append("|---|---|---|---|---|---|---|\n");
        for (int n : lengths) {
            KvCachePlan full = new KvCachePlan(config, n, maxBatch, KvCacheLayout.FULL);
            KvCachePlan ring = new KvCachePlan(config, n, maxBatch, KvCacheLayout.RING);
            long f = full.bytes(bytesPerValue);
            long r = ring.bytes(bytesPerValue);
            s.append(String.format(
                    Locale.ROOT,
                    "| %,d | %s | %s | %s | %s (%,d B) | %s (%,d B) | %.2fx |%n",
                    n,
                    gb(full.bytes(bytesPerValue, LayerType.SLIDING)),
                    gb(ring.bytes(bytesPerValue, LayerType.SLIDING)),
                    gb(ring.bytes(bytesPerValue, LayerType.GLOBAL)),
                    gb(f),
                    f,
                    gb(r),
                    r,
                    f / (double) r));
        }
        return s.toString();
    }

    private static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.3f GB", bytes / 1e9);
    }
}
