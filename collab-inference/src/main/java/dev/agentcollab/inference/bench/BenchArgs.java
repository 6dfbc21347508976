package dev.agentcollab.inference.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Command-line options of {@link SpecDecodeBench}.
 *
 * @param hidden target hidden size
 * @param layers target layers
 * @param vocab vocabulary size
 * @param tokens tokens generated per prompt
 * @param prompts number of prompts
 * @param promptLength prompt length
 * @param repeats timed runs per prompt
 * @param threads CPU worker threads
 * @param ks draft lengths K
 * @param agreements drafter agreement rates for steered runs
 * @param seed random seed for weights and prompts
 * @param bf16 whether the CPU backend stores weights as bf16
 * @param pairs acceptance profiles ({@code gemma4-mtp}, {@code low-0.3}, {@code high-0.9}) of constructed pairs whose
 *     rows follow the steered ones (real drafter predictions, each against plain decoding of its own target)
 */
record BenchArgs(
        int hidden,
        int layers,
        int vocab,
        int tokens,
        int prompts,
        int promptLength,
        int repeats,
        int threads,
        List<Integer> ks,
        List<Double> agreements,
        long seed,
        boolean bf16,
        List<String> pairs) {
    BenchArgs {
        ks = List.copyOf(ks);
        pairs = List.copyOf(pairs);
        agreements = List.copyOf(agreements);
        if (hidden < 64
                || layers < 2
                || vocab < 64
                || tokens < 2
                || prompts < 1
                || promptLength < 1
                || repeats < 1
                || threads < 1
                || ks.isEmpty()) {
            throw new IllegalArgumentException("invalid bench arguments");
        }
    }

    static BenchArgs parse(String[] args) {
        int hidden = 512;
        int layers = 8;
        int vocab = 8192;
        int tokens = 128;
        int prompts = 3;
        int promptLength = 16;
        int repeats = 3;
        int threads = Runtime.getRuntime().availableProcessors();
        List<Integer> ks = List.of(2, 4, 6);
        List<Double> agreements = List.of(0.6, 0.8, 0.95);
        long seed = 42;
        boolean bf16 = false;
        List<String> pairs = List.of();
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--bf16")) {
                bf16 = true;
                i--;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + args[i]);
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--hidden" -> hidden = Integer.parseInt(v);
                case "--layers" -> layers = Integer.parseInt(v);
                case "--vocab" -> vocab = Integer.parseInt(v);
                case "--tokens" -> tokens = Integer.parseInt(v);
                case "--prompts" -> prompts = Integer.parseInt(v);
                case "--prompt-length" -> promptLength = Integer.parseInt(v);
                case "--repeats" -> repeats = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--k" ->
                    ks = Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
                case "--agreement" ->
                    agreements =
                            Arrays.stream(v.split(",")).map(Double::valueOf).toList();
                case "--seed" -> seed = Long.parseLong(v);
                case "--pairs" -> pairs = Arrays.asList(v.split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new BenchArgs(
                hidden,
                layers,
                vocab,
                tokens,
                prompts,
                promptLength,
                repeats,
                threads,
                ks,
                agreements,
                seed,
                bf16,
                pairs);
    }
}
