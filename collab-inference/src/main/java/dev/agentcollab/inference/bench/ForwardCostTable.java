package dev.agentcollab.inference.bench;

import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.cpu.ReadBandwidth;
import dev.agentcollab.inference.cpu.WeightFormat;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.DraftPlan;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The bandwidth and verification-cost tables of {@link SpecDecodeBench}.
 *
 * <p>The first table gives, for each weight storage, the time of a one-token forward (plain decoding) as weight bytes
 * per second and as a share of the machine's read bandwidth ({@link ReadBandwidth}: same threads, same kernel, an
 * array the size of the f32 weights), and the time of a {@code K+1}-token forward (one verification) as a multiple of
 * the one-token forward. Every repeat runs, in turn, {@value #STEPS} probe passes, {@value #STEPS} one-token forwards,
 * {@value #STEPS} forwards of each width and {@value #STEPS} draft-plan replays, so load on a shared machine hits all
 * columns alike; each figure is the best sample of all repeats (least time, most bandwidth): the one the rest of the
 * machine disturbed least. With one thread everything runs on the driving thread and is timed with its CPU time,
 * which does not count the time other processes hold the core; with more threads the clock is the wall clock.
 *
 * <p>The second table, with an acceptance profile, models speculative decoding per K from those measurements: the
 * expected tokens per step {@code E(K) = 1 + P(1) + ... + P(K)} (P(i): the share of steps that accept the first i
 * drafts), the measured cost {@code c(K+1)} of the verification forward, the drafter's cost per draft token {@code d}
 * (a recorded plan of K steps, divided by K), both in one-token forwards, and the speed-up {@code E / (c + K d)}. Its
 * last column checks that the (K+1)-token forward's logits equal, bit for bit, K+1 one-token forwards.
 */
final class ForwardCostTable {
    private static final int STEPS = 8;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private ForwardCostTable() {}

    /** Measured costs of one weight storage, in seconds of the table's clock. */
    private record Costs(
            WeightFormat format,
            long weightBytes,
            double one,
            double bandwidth,
            List<Integer> widths,
            double[] wide,
            boolean[] identical,
            double draftPerToken) {}

    static void print(
            BenchArgs a, Checkpoint target, DrafterCheckpoint drafter, List<WeightFormat> formats, PrintStream out) {
        List<Double> profile = a.profiles().isEmpty() ? List.of() : a.profiles().get(0);
        TreeSet<Integer> widthSet = new TreeSet<>();
        a.ks().forEach(k -> widthSet.add(k + 1));
        for (int k = 1; k <= profile.size(); k++) {
            widthSet.add(k + 1);
        }
        List<Integer> widths = List.copyOf(widthSet);
        int maxWidth = widths.get(widths.size() - 1);
        int prompt = 16;
        BackendOptions opts = BackendOptions.forDrafts(prompt + (STEPS + 1) * maxWidth + 2, maxWidth, a.threads());
        boolean cpuClock = a.threads() == 1;
        long probeBytes;
        String implementation;
        try (CpuBackend f32 = CpuBackend.open(target, Optional.empty(), opts, WeightFormat.F32)) {
            probeBytes = Math.max(256L << 20, f32.weightBytesPerToken()); // as large as the f32 weights, >= 256 MB
            implementation = f32.implementation();
        }
        List<Costs> costs = new ArrayList<>();
        try (ReadBandwidth probe = new ReadBandwidth(a.threads(), probeBytes)) {
            for (WeightFormat f : formats) {
                try (CpuBackend cpu = CpuBackend.open(target, Optional.of(drafter), opts, f)) {
                    costs.add(measure(a, cpu, f, probe, widths, prompt, maxWidth - 1, cpuClock));
                }
            }
        }
        out.printf(
                Locale.ROOT,
                "clock: %s; read bandwidth: %d MB probe, same threads and kernels, the faster of two read patterns; %s%n%n",
                cpuClock ? "CPU time of the one driving thread" : "wall time",
                probeBytes >> 20,
                implementation);
        StringBuilder head = new StringBuilder(
                "| weights | MB per token | 1-token forward (ms) | weight GB/s | read bandwidth GB/s | % of bandwidth |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|---|---|");
        for (int w : widths) {
            head.append(' ')
                    .append(w)
                    .append("-token forward (ms) | ")
                    .append(w)
                    .append(" vs 1 |");
            rule.append("---|---|");
        }
        out.println(head);
        out.println(rule);
        for (Costs c : costs) {
            double weightBps = c.weightBytes / c.one;
            StringBuilder s = new StringBuilder(String.format(
                    Locale.ROOT,
                    "| %s | %.0f | %.2f | %.1f | %.1f | %.0f%% |",
                    c.format.name().toLowerCase(Locale.ROOT),
                    c.weightBytes / 1e6,
                    c.one * 1e3,
                    weightBps / 1e9,
                    c.bandwidth / 1e9,
                    100 * weightBps / c.bandwidth));
            for (int w = 0; w < c.widths.size(); w++) {
                s.append(String.format(Locale.ROOT, " %.2f | %.2fx |", c.wide[w] * 1e3, c.wide[w] / c.one));
            }
            out.println(s);
        }
        out.println();
        if (!profile.isEmpty()) {
            printModel(profile, costs, out);
        }
    }

    private static void printModel(List<Double> profile, List<Costs> costs, PrintStream out) {
        out.println("speculative decoding modelled at acceptance profile " + profile
                + " from the forward costs above (costs in one-token forwards):");
        out.println();
        out.println("| weights | K | expected tokens per step | K+1 forward cost | drafter cost per token "
                + "| modelled speed-up | K+1 logits = K+1 one-token forwards |");
        out.println("|---|---|---|---|---|---|---|");
        for (Costs c : costs) {
            double d = c.draftPerToken / c.one;
            double expected = 1;
            for (int k = 1; k <= profile.size(); k++) {
                expected += profile.get(k - 1);
                int w = c.widths.indexOf(k + 1);
                double verify = c.wide[w] / c.one;
                out.printf(
                        Locale.ROOT,
                        "| %s | %d | %.2f | %.2f | %.3f | %.2fx | %s |%n",
                        c.format.name().toLowerCase(Locale.ROOT),
                        k,
                        expected,
                        verify,
                        d,
                        expected / (verify + k * d),
                        c.identical[w] ? "yes" : "NO");
            }
        }
        out.println();
    }

    private static Costs measure(
            BenchArgs a,
            CpuBackend cpu,
            WeightFormat f,
            ReadBandwidth probe,
            List<Integer> widths,
            int prompt,
            int draftSteps,
            boolean cpuClock) {
        int vocab = cpu.config().vocabSize();
        int maxWidth = widths.get(widths.size() - 1);
        int[] tokens = new int[Math.max(prompt, maxWidth)];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = 3 + (i * 7919) % (vocab - 3);
        }
        float[] logits = new float[maxWidth * vocab];
        cpu.forward(tokens, prompt, logits, false);
        boolean[] identical = new boolean[widths.size()];
        for (int w = 0; w < widths.size(); w++) {
            identical[w] = batchEqualsSingleRows(cpu, tokens, widths.get(w), prompt);
        }
        int reps = Math.max(5, 3 * a.repeats());
        double one = Double.MAX_VALUE;
        double probeTime = Double.MAX_VALUE;
        double draft = Double.MAX_VALUE;
        double[] wide = new double[widths.size()];
        java.util.Arrays.fill(wide, Double.MAX_VALUE);
        int[] draftTokens = new int[Math.max(1, draftSteps)];
        try (DraftPlan plan = draftSteps > 0 ? cpu.recordDraftPlan(draftSteps, SamplingOptions.greedy()) : null) {
            for (int rep = -1; rep < reps; rep++) { // rep -1 warms up and is not counted
                double p = Double.MAX_VALUE;
                for (int i = 0; i < STEPS; i++) {
                    p = Math.min(p, probe.fastest(() -> now(cpuClock)) / 1e9); // the faster read pattern counts
                }
                double t1 = timeForward(cpu, tokens, 1, logits, false, prompt, cpuClock);
                double[] tw = new double[widths.size()];
                for (int w = 0; w < widths.size(); w++) {
                    tw[w] = timeForward(cpu, tokens, widths.get(w), logits, true, prompt, cpuClock);
                }
                double td = Double.MAX_VALUE;
                if (plan != null) {
                    cpu.forward(tokens, 1, logits, false);
                    for (int i = 0; i < STEPS; i++) {
                        long t0 = now(cpuClock);
                        plan.replay(tokens[1], 0, new float[0], draftTokens, new float[0]);
                        td = Math.min(td, (now(cpuClock) - t0) / 1e9 / draftSteps);
                    }
                    cpu.truncate(prompt);
                }
                if (rep >= 0) {
                    probeTime = Math.min(probeTime, p);
                    one = Math.min(one, t1);
                    draft = Math.min(draft, td);
                    for (int w = 0; w < widths.size(); w++) {
                        wide[w] = Math.min(wide[w], tw[w]);
                    }
                }
            }
        }
        return new Costs(f, cpu.weightBytesPerToken(), one, probe.bytes() / probeTime, widths, wide, identical, draft);
    }

    /** Whether a forward of {@code width} tokens gives the same logit bits as that many one-token forwards. */
    private static boolean batchEqualsSingleRows(CpuBackend cpu, int[] tokens, int width, int keep) {
        int vocab = cpu.config().vocabSize();
        float[] batched = new float[width * vocab];
        cpu.forward(tokens, width, batched, true);
        cpu.truncate(keep);
        float[] single = new float[vocab];
        boolean same = true;
        for (int r = 0; r < width; r++) {
            cpu.forward(new int[] {tokens[r]}, 1, single, false);
            same &= java.util.Arrays.equals(java.util.Arrays.copyOfRange(batched, r * vocab, (r + 1) * vocab), single);
        }
        cpu.truncate(keep);
        return same;
    }

    /**
     * Least seconds of {@link #STEPS} forwards of {@code count} tokens each, each rolled back to {@code keep} like a
     * rejected verification (a sliding-window ring only guarantees rollback over the latest forward).
     */
    private static double timeForward(
            CpuBackend cpu, int[] tokens, int count, float[] logits, boolean allRows, int keep, boolean cpuClock) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < STEPS; i++) {
            long t0 = now(cpuClock);
            cpu.forward(tokens, count, logits, allRows);
            best = Math.min(best, (now(cpuClock) - t0) / 1e9);
            cpu.truncate(keep);
        }
        return best;
    }

    private static long now(boolean cpuClock) {
        return cpuClock ? CPU.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
