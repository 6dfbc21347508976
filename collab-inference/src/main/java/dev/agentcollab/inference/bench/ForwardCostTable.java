package dev.agentcollab.inference.bench;

import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.cpu.ReadBandwidth;
import dev.agentcollab.inference.cpu.WeightFormat;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.spi.BackendOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The bandwidth and verification-cost table of {@link SpecDecodeBench}: for each weight storage, the time of a
 * one-token forward (plain decoding) as weight bytes per second and as a share of the machine's read bandwidth
 * ({@link ReadBandwidth}, same threads, measured between the forwards of the same run), and the time of a
 * {@code K+1}-token forward (one verification) as a multiple of the one-token forward. Configurations are interleaved
 * per repeat so that load on a shared machine hits all columns alike, and every figure is the best of the repeats
 * (least time, most bandwidth): the run the rest of the machine disturbed least.
 */
final class ForwardCostTable {
    private static final int STEPS = 8;

    private ForwardCostTable() {}

    static void print(BenchArgs a, Checkpoint target, List<WeightFormat> formats, PrintStream out) {
        List<Integer> widths =
                a.ks().stream().map(k -> k + 1).distinct().sorted().toList();
        int maxWidth = widths.get(widths.size() - 1);
        int prompt = 16;
        BackendOptions opts = new BackendOptions(prompt + STEPS * maxWidth + 2, Math.max(16, maxWidth), a.threads());
        StringBuilder head = new StringBuilder(
                "| weights | MB per token | 1-token forward (ms) | weight GB/s | read bandwidth GB/s | % of bandwidth |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|---|---|");
        for (int w : widths) {
            head.append(" ")
                    .append(w)
                    .append("-token forward (ms) | ")
                    .append(w)
                    .append(" vs 1 |");
            rule.append("---|---|");
        }
        out.println(head);
        out.println(rule);
        long probeBytes;
        try (CpuBackend f32 = CpuBackend.open(target, Optional.empty(), opts, WeightFormat.F32)) {
            probeBytes = Math.max(256L << 20, 2 * f32.weightBytesPerToken()); // twice the largest weights, >= 256 MB
        }
        try (ReadBandwidth probe = new ReadBandwidth(a.threads(), probeBytes)) {
            for (WeightFormat f : formats) {
                try (CpuBackend cpu = CpuBackend.open(target, Optional.empty(), opts, f)) {
                    out.println(row(a, cpu, f, probe, widths, prompt));
                }
            }
        }
        out.println();
    }

    private static String row(
            BenchArgs a, CpuBackend cpu, WeightFormat f, ReadBandwidth probe, List<Integer> widths, int prompt) {
        int vocab = cpu.config().vocabSize();
        int maxWidth = widths.get(widths.size() - 1);
        int[] tokens = new int[Math.max(prompt, maxWidth)];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = 3 + (i * 7919) % (vocab - 3);
        }
        float[] logits = new float[maxWidth * vocab];
        cpu.forward(tokens, prompt, logits, false);
        int reps = Math.max(5, 3 * a.repeats());
        List<Double> one = new ArrayList<>();
        List<Double> bandwidth = new ArrayList<>();
        List<List<Double>> wide = new ArrayList<>();
        for (int w = 0; w < widths.size(); w++) {
            wide.add(new ArrayList<>());
        }
        for (int rep = -1; rep < reps; rep++) { // rep -1 warms up
            double bw = probe.pass();
            double t1 = timeForward(cpu, tokens, 1, logits, false, prompt);
            List<Double> tw = new ArrayList<>();
            for (int w : widths) {
                tw.add(timeForward(cpu, tokens, w, logits, true, prompt));
            }
            if (rep >= 0) {
                bandwidth.add(bw);
                one.add(t1);
                for (int w = 0; w < widths.size(); w++) {
                    wide.get(w).add(tw.get(w));
                }
            }
        }
        double t1 = min(one);
        double bw = -min(bandwidth.stream().map(b -> -b).toList());
        double weightBps = cpu.weightBytesPerToken() / t1;
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "| %s | %.0f | %.2f | %.1f | %.1f | %.0f%% |",
                f.name().toLowerCase(Locale.ROOT),
                cpu.weightBytesPerToken() / 1e6,
                t1 * 1e3,
                weightBps / 1e9,
                bw / 1e9,
                100 * weightBps / bw));
        for (int w = 0; w < widths.size(); w++) {
            double tw = min(wide.get(w));
            s.append(String.format(Locale.ROOT, " %.2f | %.2fx |", tw * 1e3, tw / t1));
        }
        return s.toString();
    }

    /**
     * Least seconds of {@link #STEPS} forwards of {@code count} tokens each, each rolled back to {@code keep} like a
     * rejected verification (a sliding-window ring only guarantees rollback over the latest forward).
     */
    private static double timeForward(
            CpuBackend cpu, int[] tokens, int count, float[] logits, boolean allRows, int keep) {
        double[] t = new double[STEPS];
        for (int i = 0; i < STEPS; i++) {
            long t0 = System.nanoTime();
            cpu.forward(tokens, count, logits, allRows);
            t[i] = (System.nanoTime() - t0) / 1e9;
            cpu.truncate(keep);
        }
        Arrays.sort(t);
        return t[0];
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }
}
