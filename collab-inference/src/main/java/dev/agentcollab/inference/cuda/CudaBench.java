package dev.agentcollab.inference.cuda;

import dev.agentcollab.inference.DefaultGenerator;
import dev.agentcollab.inference.GenerationOptions;
import dev.agentcollab.inference.GenerationResult;
import dev.agentcollab.inference.bench.SteeredBackend;
import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.cpu.WeightFormat;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.DrafterConfig;
import dev.agentcollab.inference.model.LayerType;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.RandomCheckpoints;
import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spec.SpeculativeGenerator;
import dev.agentcollab.inference.spec.SpeculativeOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.InferenceBackend;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * GPU benchmark of the CUDA backend on a random Gemma-4-shaped model: (1) plain greedy versus speculative greedy decode
 * tokens/s, with target forwards launched eagerly and replayed as CUDA graphs, checking that speculative output
 * equals plain output: once with the random drafter (which almost never agrees, so it measures the overhead) and once
 * with its proposals steered to Gemma 4's MTP acceptance profile ({@link SteeredBackend}; the drafter still runs);
 * (2) one K-step draft replayed as ONE CUDA graph launch versus the same kernels launched eagerly (microseconds per
 * replay, draft tokens/s); (3) unless {@code --cpu-tokens 0}, the GPU's logits and greedy tokens
 * against the pure-Java {@code CpuBackend} on the same weights (largest logit difference relative to the largest
 * logit, greedy tokens in common, plain decode tokens/s on both). The GPU rounds the random f32 weights to bf16, so
 * the CPU stores them as bf16 too ({@code WeightFormat.BF16}): on a deep random model the rounding alone moves the
 * logits far more than the two backends' arithmetic does. Prints Markdown; exits with
 * status 2 and the probe's reason when no usable GPU is present.
 *
 * <p>Run on a GPU machine: {@code java -cp <classes + jcuda jars> dev.agentcollab.inference.cuda.CudaBench
 * [--hidden 1024] [--layers 12] [--vocab 32768] [--k 6] [--replays 200] [--tokens 128] [--seed 1] [--warmup 1]
 * [--cpu-tokens 32]}.
 * {@code --warmup 1} runs each decoding once and the draft plan 10 times before what is measured; {@code --warmup 0}
 * measures first runs (for a functional check, e.g. on the fakecuda emulator, where timings mean nothing).
 */
public final class CudaBench {
    private CudaBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args {@code --name value} options as in the class comment
     */
    public static void main(String[] args) {
        CudaAvailability availability = CudaAvailability.get();
        if (!availability.available()) {
            System.err.println(availability + " - the CUDA bench needs a GPU");
            System.exit(2);
        }
        run(parse(args), System.out);
    }

    static void run(Map<String, Integer> a, PrintStream out) {
        ModelConfig target = targetConfig(a);
        DrafterConfig drafter = drafterConfig(target);
        SplittableRandom seeds = new SplittableRandom(a.get("seed"));
        Checkpoint targetCk = RandomCheckpoints.target(target, seeds.split());
        DrafterCheckpoint drafterCk = RandomCheckpoints.drafter(drafter, seeds.split());
        int k = a.get("k");
        int tokens = a.get("tokens");
        int[] prompt = new int[32];
        SplittableRandom pr = new SplittableRandom(a.get("seed") + 7);
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = pr.nextInt(target.vocabSize());
        }
        BackendOptions opts = BackendOptions.forDrafts(prompt.length + tokens + k + 2, k, 1);
        out.println(
                "| target forwards | decoding | tokens/s | target forwards | mean acceptance length | same tokens |");
        out.println("|---|---|---|---|---|---|");
        List<String> drafts = new ArrayList<>();
        for (boolean graphs : new boolean[] {false, true}) {
            try (CudaBackend gpu = CudaBackend.open(targetCk, Optional.of(drafterCk), opts, graphs)) {
                if (graphs) {
                    drafts.add(String.format(
                            Locale.ROOT,
                            "device: %s; model: hidden %d, layers %d, vocab %d;"
                                    + " drafter hidden %d, %d layers; K=%d",
                            gpu.device().describe(),
                            target.hiddenSize(),
                            target.numLayers(),
                            target.vocabSize(),
                            drafter.text().hiddenSize(),
                            drafter.text().numLayers(),
                            k));
                }
                decodeRows(gpu, prompt, k, tokens, a.get("warmup") > 0, graphs ? "CUDA graphs" : "eager launches", out);
                if (graphs) {
                    out.println();
                    out.println(drafts.get(0));
                    out.println();
                    draftTable(gpu, prompt, k, a.get("replays"), a.get("warmup") > 0 ? 10 : 0, out);
                    if (a.get("cpu-tokens") > 0) {
                        cpuTable(gpu, targetCk, prompt, a.get("cpu-tokens"), out);
                    }
                }
            }
        }
    }

    /**
     * The GPU against the CPU reference on the same weights: the prompt's last-position logits (largest difference
     * over the largest |logit|), then {@code tokens} greedy tokens on each (how many agree from the start, and decode
     * speed).
     */
    private static void cpuTable(CudaBackend gpu, Checkpoint targetCk, int[] prompt, int tokens, PrintStream out) {
        int vocab = gpu.config().vocabSize();
        float[] g = new float[vocab];
        float[] c = new float[vocab];
        GenerationOptions greedy = GenerationOptions.greedy(tokens);
        int threads = Runtime.getRuntime().availableProcessors();
        BackendOptions o = gpu.options();
        BackendOptions cpuOptions = new BackendOptions(o.maxSequenceLength(), o.maxBatch(), threads, o.kvLayout());
        try (CpuBackend cpu = CpuBackend.open(targetCk, Optional.empty(), cpuOptions, WeightFormat.BF16)) {
            gpu.truncate(0);
            prefill(gpu, prompt, g);
            prefill(cpu, prompt, c);
            float diff = 0;
            float max = 0;
            for (int i = 0; i < vocab; i++) {
                diff = Math.max(diff, Math.abs(g[i] - c[i]));
                max = Math.max(max, Math.abs(c[i]));
            }
            GenerationResult onGpu = new DefaultGenerator(gpu).generate(prompt, greedy, new SplittableRandom(0));
            GenerationResult onCpu = new DefaultGenerator(cpu).generate(prompt, greedy, new SplittableRandom(0));
            int same = 0;
            while (same < Math.min(onGpu.tokens().size(), onCpu.tokens().size())
                    && onGpu.tokens().get(same).equals(onCpu.tokens().get(same))) {
                same++;
            }
            out.println("| GPU vs CPU (both with the bf16-rounded weights) | value |");
            out.println("|---|---|");
            out.printf(
                    Locale.ROOT,
                    "| max abs logit difference after the %d-token prompt | %.3g (%.2g of max abs logit %.3g) |%n",
                    prompt.length,
                    diff,
                    max == 0 ? 0 : diff / max,
                    max);
            out.printf(Locale.ROOT, "| greedy tokens in common from the start | %d of %d |%n", same, tokens);
            out.printf(
                    Locale.ROOT,
                    "| plain greedy tokens/s, GPU (graphs) / CPU (%d threads) | %.1f / %.1f = %.1fx |%n",
                    threads,
                    onGpu.tokensPerSecond(),
                    onCpu.tokensPerSecond(),
                    onGpu.tokensPerSecond() / onCpu.tokensPerSecond());
            out.println();
        }
    }

    private static void prefill(InferenceBackend backend, int[] prompt, float[] logits) {
        int chunk = backend.options().maxBatch();
        for (int p = 0; p < prompt.length; p += chunk) {
            int n = Math.min(chunk, prompt.length - p);
            backend.forward(Arrays.copyOfRange(prompt, p, p + n), n, logits, false);
        }
    }

    private static void draftTable(CudaBackend gpu, int[] prompt, int k, int replays, int warmups, PrintStream out) {
        gpu.truncate(0);
        prefill(gpu, prompt, new float[gpu.config().vocabSize()]);
        int chunk = gpu.options().maxBatch();
        out.println("| draft loop | µs per replay | draft tokens/s | kernels per replay |");
        out.println("|---|---|---|---|");
        int[] graphTokens = new int[k];
        int[] eagerTokens = new int[k];
        for (boolean useGraph : new boolean[] {false, true}) {
            try (CudaDraftPlan plan = gpu.plan(k, SamplingOptions.greedy(), useGraph)) {
                int[] drafts = useGraph ? graphTokens : eagerTokens;
                for (int i = 0; i < warmups; i++) {
                    plan.replay(
                            prompt[prompt.length - 1], (prompt.length - 1) % chunk, new float[0], drafts, new float[0]);
                }
                long start = System.nanoTime();
                for (int i = 0; i < replays; i++) {
                    plan.replay(
                            prompt[prompt.length - 1], (prompt.length - 1) % chunk, new float[0], drafts, new float[0]);
                }
                double micros = (System.nanoTime() - start) / 1e3 / replays;
                out.printf(
                        Locale.ROOT,
                        "| %s | %.1f | %.0f | %s |%n",
                        useGraph ? "one CUDA graph" : "eager launches",
                        micros,
                        k * 1e6 / micros,
                        useGraph ? plan.graphNodes() + " graph nodes, 1 launch" : "-");
            }
        }
        out.println();
        out.println(
                Arrays.equals(graphTokens, eagerTokens)
                        ? "graph and eager drafts are identical"
                        : "MISMATCH: graph drafts differ from eager drafts");
        out.println();
    }

    private static void decodeRows(
            CudaBackend gpu, int[] prompt, int k, int tokens, boolean warmup, String mode, PrintStream out) {
        GenerationOptions greedy = GenerationOptions.greedy(tokens);
        DefaultGenerator plain = new DefaultGenerator(gpu);
        if (warmup) {
            plain.generate(prompt, greedy, new SplittableRandom(0));
        }
        GenerationResult p = plain.generate(prompt, greedy, new SplittableRandom(0));
        GenerationResult s;
        try (SpeculativeGenerator spec = new SpeculativeGenerator(gpu, SpeculativeOptions.of(k))) {
            if (warmup) {
                spec.generate(prompt, greedy, new SplittableRandom(0));
            }
            s = spec.generate(prompt, greedy, new SplittableRandom(0));
        }
        out.printf(
                Locale.ROOT,
                "| %s | plain greedy | %.1f | %d | - | - |%n",
                mode,
                p.tokensPerSecond(),
                p.targetForwards());
        specRow(out, mode, "speculative K=" + k, p, s);
        int[] reference = new int[prompt.length + p.tokens().size()];
        System.arraycopy(prompt, 0, reference, 0, prompt.length);
        System.arraycopy(p.tokenArray(), 0, reference, prompt.length, p.tokens().size());
        SteeredBackend steered =
                SteeredBackend.withProfile(gpu, SteeredBackend.GEMMA4_MTP_PROFILE, new SplittableRandom(k));
        steered.reference(reference);
        GenerationResult m;
        try (SpeculativeGenerator spec = new SpeculativeGenerator(steered, SpeculativeOptions.of(k))) {
            if (warmup) {
                spec.generate(prompt, greedy, new SplittableRandom(0));
            }
            m = spec.generate(prompt, greedy, new SplittableRandom(0));
        }
        specRow(out, mode, "speculative K=" + k + ", drafts steered to Gemma 4's MTP profile", p, m);
    }

    private static void specRow(
            PrintStream out, String mode, String decoding, GenerationResult plain, GenerationResult spec) {
        out.printf(
                Locale.ROOT,
                "| %s | %s | %.1f | %d | %s | %s |%n",
                mode,
                decoding,
                spec.tokensPerSecond(),
                spec.targetForwards(),
                spec.acceptance()
                        .map(x -> String.format(Locale.ROOT, "%.2f", x.meanAcceptanceLength()))
                        .orElse("-"),
                plain.tokens().equals(spec.tokens()) ? "yes" : "NO");
    }

    private static ModelConfig targetConfig(Map<String, Integer> a) {
        int layers = a.get("layers");
        List<LayerType> types = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            types.add(l % 6 == 5 || l == layers - 1 ? LayerType.GLOBAL : LayerType.SLIDING);
        }
        int hidden = a.get("hidden");
        return ModelConfig.builder()
                .vocabSize(a.get("vocab"))
                .hiddenSize(hidden)
                .intermediateSize(4 * hidden)
                .heads(8, 2)
                .headDims(256, 512)
                .layerTypes(types)
                .slidingWindow(512)
                .numKvSharedLayers(layers / 3)
                .perLayerInputs(64, a.get("vocab"))
                .build();
    }

    private static DrafterConfig drafterConfig(ModelConfig target) {
        ModelConfig text = target.toBuilder()
                .hiddenSize(256)
                .intermediateSize(2048)
                .heads(4, 2)
                .layerTypes(List.of(LayerType.SLIDING, LayerType.SLIDING, LayerType.SLIDING, LayerType.GLOBAL))
                .numKvSharedLayers(4)
                .perLayerInputs(0, 0)
                .finalLogitSoftcap(0)
                .build();
        int centroids = Math.max(1, target.vocabSize() / 128);
        return new DrafterConfig(text, target.hiddenSize(), true, centroids, Math.min(32, centroids));
    }

    static Map<String, Integer> parse(String[] args) {
        Map<String, Integer> a = new LinkedHashMap<>();
        a.put("hidden", 1024);
        a.put("layers", 12);
        a.put("vocab", 32_768);
        a.put("k", 6);
        a.put("replays", 200);
        a.put("tokens", 128);
        a.put("seed", 1);
        a.put("warmup", 1);
        a.put("cpu-tokens", 32);
        for (int i = 0; i + 1 < args.length; i += 2) {
            String name = args[i].replaceFirst("^--", "");
            if (!a.containsKey(name)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + a.keySet());
            }
            a.put(name, Integer.parseInt(args[i + 1]));
        }
        if (a.get("cpu-tokens") > a.get("tokens")) {
            // the backends' caches are sized for --tokens
            throw new IllegalArgumentException(
                    "--cpu-tokens " + a.get("cpu-tokens") + " exceeds --tokens " + a.get("tokens"));
        }
        return a;
    }
}
