package dev.agentcollab.inference.bench;

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
 * @param bf16 whether the CPU backend stores weights as bf16
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
        boolean bf16) {
    BenchArgs {
        ks = List.copyOf(ks);
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
            throw new IllegalArgumentException(
                    "invalid bench arguments: hidden >= 64, layers >= 2, vocab >= 64, tokens >= 2,"
                            + " prompts, prompt length, repeats and threads >= 1, at least one K");
        }
    }

    static BenchArgs parse(String[] args) {
        return SpecDecodeBenchCommand.parse(args);
    }
}
