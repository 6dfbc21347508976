package dev.agentcollab.inference.pair;

import dev.agentcollab.inference.DefaultGenerator;
import dev.agentcollab.inference.GenerationOptions;
import dev.agentcollab.inference.GenerationResult;
import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.spec.AcceptanceStats;
import dev.agentcollab.inference.spec.SpeculativeGenerator;
import dev.agentcollab.inference.spec.SpeculativeOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Measures a target/drafter pair's acceptance per draft position with real drafter forwards (greedy speculative
 * decoding on the CPU backend), and checks that every speculative output equals plain greedy decoding.
 */
public final class AcceptanceMeter {
    /** Ids below this are treated as special tokens and never used in prompts. */
    public static final int FIRST_REGULAR_ID = 4;

    private AcceptanceMeter() {}

    /**
     * One measurement.
     *
     * @param perPosition acceptance at each draft position, over all rounds
     * @param drafts verification rounds counted
     * @param meanAcceptedLength 1 + accepted tokens per round
     * @param identical whether every speculative output equalled plain greedy decoding
     */
    public record Measurement(List<Double> perPosition, long drafts, double meanAcceptedLength, boolean identical) {
        /** Copies the list. */
        public Measurement {
            perPosition = List.copyOf(perPosition);
        }

        /**
         * The per-position rates as {@code 0.69 / 0.53 / ...}.
         *
         * @return the formatted rates
         */
        public String formatted() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < perPosition.size(); i++) {
                b.append(i == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.2f", perPosition.get(i)));
            }
            return b.toString();
        }
    }

    /**
     * Runs plain and speculative greedy decoding on random prompts and counts acceptance.
     *
     * @param target the target
     * @param drafter its drafter
     * @param k draft tokens per round
     * @param prompts number of prompts
     * @param tokens new tokens per prompt
     * @param seed seed of the random prompts (8 to 15 regular tokens each)
     * @return the measurement
     */
    public static Measurement measure(
            Checkpoint target, DrafterCheckpoint drafter, int k, int prompts, int tokens, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> promptList = new ArrayList<>();
        for (int p = 0; p < prompts; p++) {
            promptList.add(
                    randomTokens(random, 8 + random.nextInt(8), target.config().vocabSize()));
        }
        return measure(target, drafter, k, promptList, tokens);
    }

    /**
     * Runs plain and speculative greedy decoding on given prompts and counts acceptance.
     *
     * @param target the target
     * @param drafter its drafter
     * @param k draft tokens per round
     * @param promptList the prompts
     * @param tokens new tokens per prompt
     * @return the measurement
     */
    public static Measurement measure(
            Checkpoint target, DrafterCheckpoint drafter, int k, List<int[]> promptList, int tokens) {
        int longest = promptList.stream().mapToInt(p -> p.length).max().orElse(1);
        BackendOptions opts = BackendOptions.forDrafts(longest + tokens + k + 2, k, 1);
        long drafts = 0;
        long accepted = 0;
        long[] perPos = new long[k];
        boolean identical = true;
        GenerationOptions gen = GenerationOptions.greedy(tokens);
        try (CpuBackend cpu = CpuBackend.open(target, Optional.of(drafter), opts);
                SpeculativeGenerator spec = new SpeculativeGenerator(cpu, SpeculativeOptions.of(k))) {
            DefaultGenerator plain = new DefaultGenerator(cpu);
            for (int[] p : promptList) {
                GenerationResult ref = plain.generate(p, gen, new SplittableRandom(0));
                GenerationResult r = spec.generate(p, gen, new SplittableRandom(0));
                identical &= Arrays.equals(ref.tokenArray(), r.tokenArray());
                AcceptanceStats s = r.acceptance().orElseThrow();
                drafts += s.drafts();
                accepted += s.acceptedTokens();
                for (int i = 0; i < Math.min(k, s.acceptedPerPosition().size()); i++) {
                    perPos[i] += s.acceptedPerPosition().get(i);
                }
            }
        }
        List<Double> rates = new ArrayList<>();
        for (long a : perPos) {
            rates.add(drafts == 0 ? 0.0 : (double) a / drafts);
        }
        double mal = drafts == 0 ? 1.0 : 1.0 + (double) accepted / drafts;
        return new Measurement(rates, drafts, mal, identical);
    }

    static int[] randomTokens(SplittableRandom random, int n, int vocab) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = FIRST_REGULAR_ID + random.nextInt(vocab - FIRST_REGULAR_ID);
        }
        return out;
    }
}
