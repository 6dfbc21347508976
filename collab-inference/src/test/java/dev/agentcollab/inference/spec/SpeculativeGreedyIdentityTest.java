package dev.agentcollab.inference.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.DefaultGenerator;
import dev.agentcollab.inference.FinishReason;
import dev.agentcollab.inference.GenerationOptions;
import dev.agentcollab.inference.GenerationResult;
import dev.agentcollab.inference.TinyModels;
import dev.agentcollab.inference.cpu.CpuBackend;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpeculativeGreedyIdentityTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 11})
    void speculativeGreedyEqualsPlainGreedyForManySeeds(int k) {
        for (long seed = 0; seed < 6; seed++) {
            try (CpuBackend b = TinyModels.backend(100 + seed, 2);
                    SpeculativeGenerator spec = new SpeculativeGenerator(b, SpeculativeOptions.of(k))) {
                int[] prompt = TinyModels.prompt(seed, 3 + (int) (seed % 9));
                GenerationOptions opts = GenerationOptions.greedy(40).withLogProbs(true);
                GenerationResult plain = new DefaultGenerator(b).generate(prompt, opts, new SplittableRandom(1));
                GenerationResult fast = spec.generate(prompt, opts, new SplittableRandom(1));
                assertEquals(plain.tokens(), fast.tokens(), "seed " + seed + " K " + k);
                assertEquals(plain.logProbs(), fast.logProbs(), "log-probs seed " + seed + " K " + k);
                assertEquals(FinishReason.MAX_TOKENS, fast.finishReason());
                AcceptanceStats stats = fast.acceptance().orElseThrow();
                assertTrue(stats.drafts() >= 1 && stats.drafts() <= fast.targetForwards());
                assertTrue(fast.targetForwards() <= plain.targetForwards());
            }
        }
    }

    @Test
    void eagerAndRecordedPlansGiveTheSameOutputAndStatistics() {
        try (CpuBackend b = TinyModels.backend(7, 2);
                SpeculativeGenerator recorded = new SpeculativeGenerator(b, new SpeculativeOptions(4, true));
                SpeculativeGenerator eager = new SpeculativeGenerator(b, new SpeculativeOptions(4, false))) {
            int[] prompt = TinyModels.prompt(3, 6);
            GenerationResult r = recorded.generate(prompt, GenerationOptions.greedy(50), new SplittableRandom(0));
            GenerationResult e = eager.generate(prompt, GenerationOptions.greedy(50), new SplittableRandom(0));
            assertEquals(e.tokens(), r.tokens());
            assertEquals(e.acceptance(), r.acceptance());
        }
    }

    @Test
    void stopTokensAndContextLimitMatchPlainDecoding() {
        try (CpuBackend b = TinyModels.backend(21, 1);
                SpeculativeGenerator spec = new SpeculativeGenerator(b, SpeculativeOptions.of(5))) {
            int[] prompt = TinyModels.prompt(5, 4);
            GenerationResult plain =
                    new DefaultGenerator(b).generate(prompt, GenerationOptions.greedy(60), new SplittableRandom(0));
            // stop on the 10th plain token: both must stop right there, the stop token included
            int stop = plain.tokens().get(9);
            GenerationOptions withStop = GenerationOptions.greedy(60).withStopTokens(List.of(stop));
            GenerationResult p2 = new DefaultGenerator(b).generate(prompt, withStop, new SplittableRandom(0));
            GenerationResult s2 = spec.generate(prompt, withStop, new SplittableRandom(0));
            assertEquals(p2.tokens(), s2.tokens());
            assertEquals(FinishReason.STOP_TOKEN, s2.finishReason());
            // the 160-position cache ends generation early for both
            GenerationResult p3 =
                    new DefaultGenerator(b).generate(prompt, GenerationOptions.greedy(400), new SplittableRandom(0));
            GenerationResult s3 = spec.generate(prompt, GenerationOptions.greedy(400), new SplittableRandom(0));
            assertEquals(FinishReason.CONTEXT_FULL, p3.finishReason());
            assertEquals(p3.finishReason(), s3.finishReason());
            assertEquals(p3.tokens(), s3.tokens());
        }
    }
}
