package dev.agentcollab.inference.cpu;

import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.RandomCheckpoints;
import dev.agentcollab.inference.spi.BackendOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Developer tool, not library code: times every matrix product of the bench's forward ({@code SpecDecodeBench}'s
 * random target: hidden 768, 10 layers, vocabulary 32 768 by default) on one thread with the thread's CPU time, in the
 * forward's own order over the backend's own matrices (so each matrix streams from memory as in a forward), for 1 and
 * for 5 activation rows, and prints per matrix shape the time of one forward's calls and the 5-row time as a multiple
 * of the 1-row time. Each shape is timed as the worker pool hands it out: as one run of all its rows (one thread), and
 * in the row ranges two workers take ({@code WorkerPool}'s chunks of an eighth of the rows, each its own call, all on
 * this thread). Best of the repeats per shape; every repeat times each kernel variant ({@code -Dprobe.variants}, e.g.
 * {@code stripeBytes=0,default}) with 1 and with 5 rows in turn, so load on a shared machine hits all of them alike.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector [-Dprobe.variants=default,stream=false,stripeBytes=N] -cp ... \
 *     dev.agentcollab.inference.cpu.ForwardShapesProbe [hidden 768] [layers 10] [vocab 32768] [repeats 8] \
 *     [formats f32,bf16,q8_0]
 * </pre>
 */
final class ForwardShapesProbe {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final int[] BATCHES = {1, 5};

    private ForwardShapesProbe() {}

    /** One matrix product of the forward: its shape's label and the matrix. */
    private record Call(String shape, Matrix m) {}

    public static void main(String[] args) {
        int hidden = args.length > 0 ? Integer.parseInt(args[0]) : 768;
        int layers = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int vocab = args.length > 2 ? Integer.parseInt(args[2]) : 32_768;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        String formats = args.length > 4 ? args[4] : "f32,bf16,q8_0";
        ModelConfig cfg = benchTarget(hidden, layers, vocab);
        var ck = RandomCheckpoints.target(cfg, new SplittableRandom(1));
        Kernels k = Kernels.best();
        System.out.printf(
                Locale.ROOT,
                "kernels %s (stream %s), hidden %d, %d layers, vocab %d, one thread, CPU time, best of %d%n",
                k.name(),
                System.getProperty(VectorKernels.STREAM_PROPERTY, "stripes"),
                hidden,
                layers,
                vocab,
                reps);
        for (String name : formats.split(",")) {
            WeightFormat f = WeightFormat.valueOf(name.toUpperCase(Locale.ROOT));
            try (CpuBackend cpu = CpuBackend.open(ck, Optional.empty(), new BackendOptions(64, 8, 1), f)) {
                probe(cpu.target(), f, k, reps);
            }
        }
    }

    /** A kernel set to time, and its label in the table. */
    private record Variant(String label, Kernels kernels) {}

    /**
     * The kernel sets named by {@code -Dprobe.variants} (comma-separated: {@code default}, {@code stream=false},
     * {@code stripeBytes=N}: the default kernels with {@code VectorKernels}' blocks of at most N bytes, 0 for whole runs),
     * timed in turn within every repeat.
     */
    private static List<Variant> variants(Kernels best) {
        List<Variant> vs = new ArrayList<>();
        for (String v : System.getProperty("probe.variants", "default").split(",")) {
            if (v.equals("default") || !(best instanceof VectorKernels)) {
                vs.add(new Variant(v, best));
            } else if (v.equals("stream=false")) {
                vs.add(new Variant(v, new VectorKernels(true, VectorKernels.Stream.FALSE)));
            } else if (v.startsWith("stripeBytes=")) {
                int bytes = VectorKernels.stripeBytes(v.substring("stripeBytes=".length()));
                vs.add(new Variant(v, new VectorKernels(true, VectorKernels.Stream.STRIPES, bytes)));
            } else {
                throw new IllegalArgumentException("unknown variant " + v);
            }
        }
        return vs;
    }

    private static void probe(CpuTarget t, WeightFormat f, Kernels chosen, int reps) {
        List<Call> calls = calls(t);
        List<Variant> variants = variants(chosen);
        int maxCols = calls.stream().mapToInt(c -> c.m().cols).max().orElseThrow();
        int maxRows = calls.stream().mapToInt(c -> c.m().rows).max().orElseThrow();
        SplittableRandom rnd = new SplittableRandom(3);
        float[] x = new float[8 * maxCols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] out = new float[8 * maxRows];
        int nv = variants.size();
        // shape -> [variant][split][batch] flattened, best ms per forward
        Map<String, double[]> best = new LinkedHashMap<>();
        Map<String, Integer> count = new LinkedHashMap<>();
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (Call c : calls) {
            best.computeIfAbsent(c.shape(), s -> new double[nv * 4]);
            count.merge(c.shape(), 1, Integer::sum);
            bytes.merge(c.shape(), StoredType.matrix(f).bytes(c.m().rows, c.m().cols), Long::sum);
        }
        best.values().forEach(b -> java.util.Arrays.fill(b, Double.MAX_VALUE));
        for (int rep = -2; rep < reps; rep++) {
            for (int v = 0; v < nv; v++) {
                Kernels k = variants.get(v).kernels();
                for (int split = 0; split < 2; split++) {
                    for (int bi = 0; bi < BATCHES.length; bi++) {
                        Map<String, Double> sum = new LinkedHashMap<>();
                        for (Call c : calls) {
                            Matrix m = c.m();
                            int grain = split == 0 ? m.rows : Math.max(1, m.rows / 8);
                            long t0 = CPU.getCurrentThreadCpuTime();
                            for (int s = 0; s < m.rows; s += grain) {
                                int e = Math.min(m.rows, s + grain);
                                m.dotsRows(k, s, e, x, 0, BATCHES[bi], out, s, m.rows);
                            }
                            sum.merge(c.shape(), (CPU.getCurrentThreadCpuTime() - t0) / 1e6, Double::sum);
                        }
                        if (rep >= 0) {
                            int slot = v * 4 + split * 2 + bi;
                            for (var e : sum.entrySet()) {
                                double[] b = best.get(e.getKey());
                                b[slot] = Math.min(b[slot], e.getValue());
                            }
                        }
                    }
                }
            }
        }
        for (int split = 0; split < 2; split++) {
            System.out.println();
            System.out.println(f.name().toLowerCase(Locale.ROOT) + ", "
                    + (split == 0 ? "one run per matrix (one thread)" : "the row ranges of two workers (eighths)")
                    + ":");
            System.out.println();
            StringBuilder head = new StringBuilder("| shape (rows x cols) | calls | MB |");
            StringBuilder rule = new StringBuilder("|---|---:|---:|");
            for (Variant v : variants) {
                head.append(" ").append(v.label()).append(": 1 row ms | GB/s | 5 rows ms | 5 vs 1 |");
                rule.append("---:|---:|---:|---:|");
            }
            System.out.println(head);
            System.out.println(rule);
            double[] total = new double[nv * 4];
            long totalBytes = 0;
            for (var e : best.entrySet()) {
                double[] b = e.getValue();
                long mb = bytes.get(e.getKey());
                totalBytes += mb;
                for (int i = 0; i < total.length; i++) {
                    total[i] += b[i];
                }
                System.out.println(row(e.getKey(), count.get(e.getKey()), mb, b, nv, split));
            }
            System.out.println(row("**all (sum of the best per shape)**", calls.size(), totalBytes, total, nv, split));
        }
    }

    private static String row(String shape, int calls, long bytes, double[] b, int variants, int split) {
        StringBuilder s =
                new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %.1f |", shape, calls, bytes / 1e6));
        for (int v = 0; v < variants; v++) {
            double one = b[v * 4 + split * 2];
            double five = b[v * 4 + split * 2 + 1];
            s.append(String.format(
                    Locale.ROOT, " %.3f | %.1f | %.3f | %.2fx |", one, bytes / one / 1e6, five, five / one));
        }
        return s.toString();
    }

    /** The forward's matrix products in {@link CpuTarget#forward}'s order, labelled by role and shape. */
    private static List<Call> calls(CpuTarget t) {
        List<Call> calls = new ArrayList<>();
        if (t.pleProjection != null) {
            calls.add(call("PLE projection", t.pleProjection));
        }
        for (CpuLayerWeights w : t.layers) {
            calls.add(call("q", w.qProj()));
            if (w.kProj() != null) {
                calls.add(call("k, v", w.kProj()));
                calls.add(call("k, v", w.vProj()));
            }
            calls.add(call("o", w.oProj()));
            calls.add(call("gate, up", w.gate()));
            calls.add(call("gate, up", w.up()));
            calls.add(call("down", w.down()));
            if (w.pleGate() != null) {
                calls.add(call("layer PLE gate", w.pleGate()));
                calls.add(call("layer PLE projection", w.pleProjection()));
            }
        }
        calls.add(call("LM head", t.lmHead));
        return calls;
    }

    private static Call call(String role, Matrix m) {
        return new Call(role + " " + m.rows + " x " + m.cols, m);
    }

    /** {@code SpecDecodeBench}'s target shape for these sizes. */
    private static ModelConfig benchTarget(int hidden, int layers, int vocab) {
        int heads = Math.max(2, hidden / 64);
        return ModelConfig.builder()
                .vocabSize(vocab)
                .hiddenSize(hidden)
                .intermediateSize(4 * hidden)
                .heads(heads, Math.max(1, heads / 4))
                .headDims(64, 128)
                .pattern(layers, 5)
                .slidingWindow(128)
                .numKvSharedLayers(Math.max(0, layers / 4))
                .perLayerInputs(64, vocab)
                .maxPositionEmbeddings(4096)
                .specialTokens(2, List.of(1))
                .build();
    }
}
