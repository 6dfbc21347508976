package dev.agentcollab.inference.bench;

import dev.agentcollab.inference.cpu.WeightFormat;
import java.util.List;

/**
 * Command-line options of {@link SpecDecodeBench}, parsed by {@link SpecDecodeBenchCommand}.
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
        List<WeightFormat> formats,
        boolean specTable,
        List<List<Double>> profiles,
        List<String> pairs) {
    /** The largest draft length K (as a submission's {@code draft_tokens}). */
    static final int MAX_K = 64;

    BenchArgs {
        ks = List.copyOf(ks);
        pairs = List.copyOf(pairs);
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
            throw new IllegalArgumentException(
                    "invalid bench arguments: hidden >= 64, layers >= 2, vocab >= 64, tokens >= 2,"
                            + " prompts, prompt length, repeats and threads >= 1, at least one K");
        }
        for (int k : ks) {
            if (k < 1 || k > MAX_K) {
                throw new IllegalArgumentException("--k: each K must be in [1, " + MAX_K + "], but was " + k);
            }
        }
        for (double agreement : agreements) {
            if (!(agreement >= 0 && agreement <= 1)) {
                throw new IllegalArgumentException("--agreement: each rate must be in [0, 1], but was " + agreement);
            }
        }
        for (List<Double> profile : profiles) {
            checkProfile(profile);
        }
    }

    /**
     * Checks a per-position acceptance profile: 1 to {@value #MAX_K} values in (0, 1], non-increasing (each is the
     * probability that every position up to it is accepted).
     */
    private static void checkProfile(List<Double> profile) {
        if (profile.isEmpty() || profile.size() > MAX_K) {
            throw new IllegalArgumentException("--profile: 1 to " + MAX_K + " values, but was " + profile.size());
        }
        double prev = 1.0;
        for (double p : profile) {
            if (!(p > 0 && p <= prev)) {
                throw new IllegalArgumentException("--profile: values must be in (0, 1] and non-increasing"
                        + " (P(positions 0..i all accepted)), but were " + profile);
            }
            prev = p;
        }
    }

    static BenchArgs parse(String[] args) {
        return SpecDecodeBenchCommand.parse(args);
    }
}
