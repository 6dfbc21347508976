package dev.agentcollab.inference.bench;

import dev.agentcollab.inference.cpu.WeightFormat;
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
 * @param bf16 whether the CPU backend stores weights as bf16 in the speculative table
 * @param formats weight storages of the forward-cost table (empty: no such table)
 * @param specTable whether to print the speculative decoding table
 * @param profiles per-position acceptance profiles for steered rows, each {@code P(positions 0..i all accepted)}
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
        List<WeightFormat> formats,
        boolean specTable,
        List<List<Double>> profiles) {
    /** Gemma 4 E4B's MTP assistant, per-position acceptance at K=7 (the challenge's published profile). */
    static final List<Double> GEMMA4_PROFILE = List.of(0.69, 0.53, 0.43, 0.34, 0.27, 0.22, 0.17);

    BenchArgs {
        ks = List.copyOf(ks);
        agreements = List.copyOf(agreements);
        formats = List.copyOf(formats);
        profiles = profiles.stream().map(List::copyOf).toList();
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
        List<WeightFormat> formats = List.of(WeightFormat.F32, WeightFormat.BF16);
        boolean specTable = true;
        List<List<Double>> profiles = List.of(GEMMA4_PROFILE);
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
                case "--formats" ->
                    formats = v.equals("none")
                            ? List.of()
                            : Arrays.stream(v.split(","))
                                    .map(x -> WeightFormat.valueOf(x.toUpperCase(java.util.Locale.ROOT)))
                                    .toList();
                case "--spec" -> specTable = Boolean.parseBoolean(v);
                case "--profile" ->
                    profiles = v.equals("none")
                            ? List.of()
                            : List.of(Arrays.stream(v.split("/"))
                                    .map(Double::valueOf)
                                    .toList());
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
                formats,
                specTable,
                profiles);
    }
}
