package dev.agentcollab.inference.bench;

import dev.agentcollab.inference.DefaultGenerator;
import dev.agentcollab.inference.GenerationOptions;
import dev.agentcollab.inference.GenerationResult;
import dev.agentcollab.inference.Generator;
import dev.agentcollab.inference.cli.Commands;
import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.cpu.WeightFormat;
import dev.agentcollab.inference.model.DrafterConfig;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.RandomCheckpoints;
import dev.agentcollab.inference.pair.AcceptanceProfile;
import dev.agentcollab.inference.pair.AcceptingPair;
import dev.agentcollab.inference.pair.AcceptingPairs;
import dev.agentcollab.inference.spec.AcceptanceStats;
import dev.agentcollab.inference.spec.SpeculativeGenerator;
import dev.agentcollab.inference.spec.SpeculativeOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Prints a Markdown table of decode tokens/s for plain greedy decoding versus speculative decoding on a random
 * Gemma-4-shaped model (CPU backend), with the drafter steered to agree with the target at several rates
 * ({@link SteeredBackend}) and unsteered (a random drafter: near-zero acceptance, the worst case). Every speculative
 * row also checks that its tokens equal plain greedy decoding. With {@code --threads 1} a column also gives tokens per
 * CPU-second of the driving thread (whole call, prefill included), which a busy machine disturbs far less than wall
 * time. Rows steered to a per-position acceptance profile (by default Gemma 4's MTP assistant) report the best K.
 * Before that table, {@link ForwardCostTable} prints, per weight storage, plain decoding's weight bytes per second as a
 * share of the measured read bandwidth and the cost of a (K+1)-token verification forward against a one-token one.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp <classes> dev.agentcollab.inference.bench.SpecDecodeBench
 * [--hidden 512] [--layers 8] [--vocab 8192] [--tokens 128] [--prompts 3] [--threads N] [--k 2,4,6]
 * [--agreement 0.6,0.8,0.95] [--repeats 3] [--bf16] [--formats f32,bf16|none] [--spec true|false]
 * [--profile 0.69/0.53/...|none] [--pairs gemma4-mtp,high-0.9]}. With {@code --pairs}, rows of
 * constructed pairs whose drafter really predicts its target ({@link AcceptingPairs}) follow the steered rows: the
 * pair's own plain greedy row, then speculative rows with real acceptance, speed-ups against that plain row. Configurations are interleaved per repeat and the median repeat is
 * reported, which keeps the table usable on a loaded machine.
 */
public final class SpecDecodeBench {
    private SpecDecodeBench() {}

    /**
     * Runs the benchmark; a thin delegate to {@code collab bench spec-decode}.
     *
     * @param args options as in the class comment
     */
    public static void main(String[] args) {
        System.exit(Commands.execute(new SpecDecodeBenchCommand(), args, System.out, System.err));
    }

    static void run(BenchArgs a, PrintStream out) {
        ModelConfig target = targetConfig(a);
        DrafterConfig drafter = drafterConfig(a, target);
        SplittableRandom seeds = new SplittableRandom(a.seed());
        var targetCk = RandomCheckpoints.target(target, seeds.split());
        var drafterCk = RandomCheckpoints.drafter(drafter, seeds.split());
        if (!a.formats().isEmpty()) {
            out.printf(
                    Locale.ROOT,
                    "forward cost: hidden %d, %d layers, vocab %d, %d threads (best of interleaved repeats)%n%n",
                    target.hiddenSize(),
                    target.numLayers(),
                    target.vocabSize(),
                    a.threads());
            ForwardCostTable.print(a, targetCk, drafterCk, a.formats(), out);
        }
        if (!a.specTable()) {
            return;
        }
        int maxK = a.ks().stream().mapToInt(Integer::intValue).max().orElse(4);
        BackendOptions opts = BackendOptions.forDrafts(positions(a), maxK, a.threads());
        try (CpuBackend cpu = CpuBackend.open(
                targetCk, Optional.of(drafterCk), opts, a.bf16() ? WeightFormat.BF16 : WeightFormat.F32)) {
            List<int[]> prompts = new ArrayList<>();
            for (int p = 0; p < a.prompts(); p++) {
                prompts.add(prompt(new SplittableRandom(a.seed() + 31L * p), a.promptLength(), target.vocabSize()));
            }
            GenerationOptions gen = GenerationOptions.greedy(a.tokens());
            DefaultGenerator plain = new DefaultGenerator(cpu);
            List<int[]> references = new ArrayList<>();
            for (int[] p : prompts) {
                plain.generate(p, gen, new SplittableRandom(0)); // warm-up
                references.add(concat(
                        p, plain.generate(p, gen, new SplittableRandom(0)).tokenArray()));
            }
            out.printf(
                    Locale.ROOT,
                    "model: hidden %d, layers %d %s, vocab %d, heads %d/%d, PLE %d, KV-shared %d; "
                            + "drafter hidden %d, %d layers, %d clusters top-%d; backend %s; %d prompts x %d tokens%n%n",
                    target.hiddenSize(),
                    target.numLayers(),
                    target.layerTypes(),
                    target.vocabSize(),
                    target.numHeads(),
                    target.numKvHeads(),
                    target.hiddenSizePerLayerInput(),
                    target.numKvSharedLayers(),
                    drafter.text().hiddenSize(),
                    drafter.text().numLayers(),
                    drafter.numCentroids(),
                    drafter.centroidTopK(),
                    cpu.name(),
                    prompts.size(),
                    a.tokens());
            out.println(
                    "| decoding | K | drafter agreement | tokens/s (median) | speedup | tokens per CPU-s (1 thread) "
                            + "| mean accepted length "
                            + "| acceptance rate | per-position acceptance | target forwards | = plain greedy |");
            out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            List<Config> configs = new ArrayList<>();
            configs.add(new Config("plain greedy", "-", "-", plain, null));
            List<AutoCloseable> owned = new ArrayList<>();
            for (int k : a.ks()) {
                for (double agreement : a.agreements()) {
                    SteeredBackend steered = new SteeredBackend(cpu, agreement, new SplittableRandom(a.seed() + k));
                    SpeculativeGenerator g = new SpeculativeGenerator(steered, SpeculativeOptions.of(k));
                    owned.add(g);
                    configs.add(new Config("speculative", String.valueOf(k), pct(agreement), g, steered));
                }
                for (List<Double> profile : a.profiles()) {
                    SteeredBackend steered =
                            SteeredBackend.withProfile(cpu, profile, new SplittableRandom(a.seed() + k));
                    SpeculativeGenerator g = new SpeculativeGenerator(steered, SpeculativeOptions.of(k));
                    owned.add(g);
                    configs.add(new Config("speculative", String.valueOf(k), profileLabel(profile), g, steered));
                }
                SpeculativeGenerator g = new SpeculativeGenerator(cpu, SpeculativeOptions.of(k));
                owned.add(g);
                configs.add(new Config("speculative", String.valueOf(k), "unsteered", g, null));
            }
            measure(configs, prompts, references, gen, a.repeats());
            Row baseRow = configs.get(0).median();
            for (Config c : configs) {
                out.println(c.median()
                        .format(c.mode, c.k, c.agreement, baseRow.tokensPerSecond, baseRow, a.threads() == 1));
            }
            for (String name : a.pairs()) {
                pairRows(a, target, drafter, AcceptanceProfile.named(name), prompts, gen, out);
            }
            for (List<Double> profile : a.profiles()) {
                String label = profileLabel(profile);
                configs.stream()
                        .filter(c -> c.agreement.equals(label))
                        .max(java.util.Comparator.comparingDouble(c -> c.median().tokensPerSecond))
                        .ifPresent(best -> out.printf(
                                Locale.ROOT,
                                "%nbest K for %s: K=%s, %.2fx plain greedy, output %s plain greedy%n",
                                label,
                                best.k,
                                best.median().tokensPerSecond / baseRow.tokensPerSecond,
                                best.median().identical ? "equal to" : "DIFFERENT from"));
            }
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Warm-up, then configurations interleaved per repeat so that load changes on the machine hit all alike. */
    private static void measure(
            List<Config> configs, List<int[]> prompts, List<int[]> references, GenerationOptions gen, int repeats) {
        for (Config c : configs) {
            c.runAll(prompts, references, gen, new Row());
        }
        for (int rep = 0; rep < repeats; rep++) {
            for (Config c : configs) {
                Row r = new Row();
                c.runAll(prompts, references, gen, r);
                c.rows.add(r.finish());
            }
        }
    }

    /**
     * Rows of a constructed pair ({@link AcceptingPairs}) of the bench's shapes: plain greedy decoding of the pair's
     * target, then speculative decoding with its drafter for each K, unsteered: the acceptance is the drafter's own.
     */
    private static void pairRows(
            BenchArgs a,
            ModelConfig targetShape,
            DrafterConfig drafterShape,
            AcceptanceProfile profile,
            List<int[]> prompts,
            GenerationOptions gen,
            PrintStream out) {
        AcceptingPair pair = AcceptingPairs.build(targetShape, drafterShape, profile, a.seed());
        int maxK = a.ks().stream().mapToInt(Integer::intValue).max().orElse(4);
        BackendOptions opts = BackendOptions.forDrafts(positions(a), maxK, a.threads());
        List<int[]> regular = new ArrayList<>();
        for (int[] p : prompts) {
            int[] q = p.clone();
            for (int i = 0; i < q.length; i++) {
                q[i] = Math.max(q[i], 4); // the pair's ids below 4 are special
            }
            regular.add(q);
        }
        try (CpuBackend cpu = CpuBackend.open(
                pair.target(), Optional.of(pair.drafter()), opts, a.bf16() ? WeightFormat.BF16 : WeightFormat.F32)) {
            DefaultGenerator plain = new DefaultGenerator(cpu);
            List<int[]> references = new ArrayList<>();
            for (int[] p : regular) {
                references.add(concat(
                        p, plain.generate(p, gen, new SplittableRandom(0)).tokenArray()));
            }
            String label = "real pair " + profile.name();
            List<Config> configs = new ArrayList<>();
            configs.add(new Config("plain greedy (" + profile.name() + " target)", "-", "-", plain, null));
            List<SpeculativeGenerator> owned = new ArrayList<>();
            for (int k : a.ks()) {
                SpeculativeGenerator g = new SpeculativeGenerator(cpu, SpeculativeOptions.of(k));
                owned.add(g);
                configs.add(new Config("speculative", String.valueOf(k), label, g, null));
            }
            measure(configs, regular, references, gen, a.repeats());
            Row baseRow = configs.get(0).median();
            for (Config c : configs) {
                out.println(c.median()
                        .format(c.mode, c.k, c.agreement, baseRow.tokensPerSecond, baseRow, a.threads() == 1));
            }
            owned.forEach(SpeculativeGenerator::close);
        }
    }

    /** One table line: a generator, optionally steered, and its timed repeats. */
    private static final class Config {
        final String mode;
        final String k;
        final String agreement;
        final Generator generator;
        final SteeredBackend steered;
        final List<Row> rows = new ArrayList<>();

        Config(String mode, String k, String agreement, Generator generator, SteeredBackend steered) {
            this.mode = mode;
            this.k = k;
            this.agreement = agreement;
            this.generator = generator;
            this.steered = steered;
        }

        void runAll(List<int[]> prompts, List<int[]> refs, GenerationOptions gen, Row row) {
            for (int i = 0; i < prompts.size(); i++) {
                if (steered != null) {
                    steered.reference(refs.get(i));
                }
                long cpu0 = CPU.getCurrentThreadCpuTime();
                GenerationResult r = generator.generate(prompts.get(i), gen, new SplittableRandom(0));
                row.cpuNanos += CPU.getCurrentThreadCpuTime() - cpu0;
                row.add(r, prompts.get(i), refs.get(i));
            }
        }

        Row median() {
            List<Row> sorted = new ArrayList<>(rows);
            sorted.sort(java.util.Comparator.comparingDouble(r -> r.tokensPerSecond));
            return sorted.get(sorted.size() / 2);
        }
    }

    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** Accumulates one table row. */
    private static final class Row {
        long cpuNanos;
        long tokens;
        long nanos;
        long forwards;
        boolean identical = true;
        long drafts;
        long drafted;
        long accepted;
        long[] perPos = new long[0];
        double tokensPerSecond;

        void add(GenerationResult r, int[] prompt, int[] ref) {
            tokens += r.generatedTokens() - 1;
            nanos += r.generateDuration().toNanos();
            forwards += r.targetForwards();
            int[] out = r.tokenArray();
            for (int i = 0; i < out.length; i++) {
                identical &= out[i] == ref[prompt.length + i];
            }
            r.acceptance().ifPresent(s -> merge(s));
        }

        void merge(AcceptanceStats s) {
            drafts += s.drafts();
            drafted += s.draftedTokens();
            accepted += s.acceptedTokens();
            if (perPos.length < s.acceptedPerPosition().size()) {
                perPos = java.util.Arrays.copyOf(perPos, s.acceptedPerPosition().size());
            }
            for (int i = 0; i < s.acceptedPerPosition().size(); i++) {
                perPos[i] += s.acceptedPerPosition().get(i);
            }
        }

        Row finish() {
            tokensPerSecond = nanos == 0 ? 0 : tokens * 1e9 / nanos;
            return this;
        }

        String format(String mode, String k, String agreement, double baseTps, Row base, boolean oneThread) {
            String cpu = "-";
            if (oneThread && cpuNanos > 0 && base.cpuNanos > 0) {
                double perCpuSecond = tokens * 1e9 / cpuNanos;
                cpu = String.format(
                        Locale.ROOT, "%.1f (%.2fx)", perCpuSecond, perCpuSecond / (base.tokens * 1e9 / base.cpuNanos));
            }
            String mal = drafts == 0 ? "-" : String.format(Locale.ROOT, "%.2f", 1.0 + (double) accepted / drafts);
            String rate = drafted == 0 ? "-" : pct((double) accepted / drafted);
            StringBuilder pos = new StringBuilder();
            for (int i = 0; i < perPos.length && drafts > 0; i++) {
                pos.append(i == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.2f", (double) perPos[i] / drafts));
            }
            return String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %.1f | %.2fx | %s | %s | %s | %s | %d | %s |",
                    mode,
                    k,
                    agreement,
                    tokensPerSecond,
                    tokensPerSecond / baseTps,
                    cpu,
                    mal,
                    rate,
                    pos.length() == 0 ? "-" : pos,
                    forwards,
                    identical ? "yes" : "NO");
        }
    }

    /**
     * The bench's default target shape (hidden 512, 8 layers, vocabulary 8192, PLE 64).
     *
     * @return the config
     */
    public static ModelConfig defaultTarget() {
        return targetConfig(BenchArgs.parse(new String[0]));
    }

    /**
     * The bench's default drafter shape for {@link #defaultTarget()} (hidden 128, 2 layers, 64 clusters, top 8).
     *
     * @return the config
     */
    public static DrafterConfig defaultDrafter() {
        BenchArgs a = BenchArgs.parse(new String[0]);
        return drafterConfig(a, targetConfig(a));
    }

    static ModelConfig targetConfig(BenchArgs a) {
        int heads = Math.max(2, a.hidden() / 64);
        return ModelConfig.builder()
                .vocabSize(a.vocab())
                .hiddenSize(a.hidden())
                .intermediateSize(4 * a.hidden())
                .heads(heads, Math.max(1, heads / 4))
                .headDims(64, 128)
                .pattern(a.layers(), 5)
                .slidingWindow(128)
                .numKvSharedLayers(Math.max(0, a.layers() / 4))
                .perLayerInputs(64, a.vocab())
                .maxPositionEmbeddings(4096)
                .specialTokens(2, List.of(1))
                .build();
    }

    /** The drafter's cluster count for a vocabulary (64 from 4096 tokens, else 8); it must divide the vocabulary. */
    static int drafterClusters(int vocab) {
        return vocab >= 4096 ? 64 : 8;
    }

    /** Positions a sequence needs: the prompt, the generated tokens, the largest K and 2 more. */
    static int positions(BenchArgs a) {
        int maxK = a.ks().stream().mapToInt(Integer::intValue).max().orElse(1);
        return a.promptLength() + a.tokens() + maxK + 2;
    }

    static DrafterConfig drafterConfig(BenchArgs a, ModelConfig target) {
        int clusters = drafterClusters(a.vocab());
        ModelConfig text = ModelConfig.builder()
                .vocabSize(a.vocab())
                .hiddenSize(Math.max(64, a.hidden() / 4))
                .intermediateSize(Math.max(128, a.hidden()))
                .heads(Math.max(target.numKvHeads(), 2), target.numKvHeads())
                .headDims(64, 128)
                .pattern(2, 1)
                .slidingWindow(128)
                .numKvSharedLayers(2)
                .finalLogitSoftcap(0)
                .maxPositionEmbeddings(4096)
                .specialTokens(2, List.of(1))
                .build();
        return new DrafterConfig(text, target.hiddenSize(), true, clusters, Math.max(1, clusters / 8));
    }

    private static int[] prompt(SplittableRandom r, int n, int vocab) {
        int[] p = new int[n];
        p[0] = 2;
        for (int i = 1; i < n; i++) {
            p[i] = 3 + r.nextInt(vocab - 3);
        }
        return p;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static String profileLabel(List<Double> profile) {
        StringBuilder b = new StringBuilder(
                profile.equals(SteeredBackend.GEMMA4_MTP_PROFILE) ? "Gemma 4 MTP profile " : "profile ");
        for (int i = 0; i < profile.size(); i++) {
            b.append(i == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.2f", profile.get(i)));
        }
        return b.toString();
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }
}
