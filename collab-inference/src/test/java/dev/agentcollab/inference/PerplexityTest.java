package dev.agentcollab.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import dev.agentcollab.inference.spi.BackendOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PerplexityTest {

    @Test
    void zeroWeightModelIsUniformSoPerplexityEqualsTheVocabularySize() {
        // all-zero weights: the residual stream stays 0, every logit is 0, p = 1/96 for every token
        Checkpoint random = TinyModels.targetCheckpoint(1);
        Map<String, Tensor> zeros = new HashMap<>();
        random.tensors()
                .forEach((name, t) -> zeros.put(
                        name,
                        Tensor.ofFloats(
                                name,
                                DType.F32,
                                new float[(int) t.numel()],
                                t.shape().stream().mapToInt(Integer::intValue).toArray())));
        try (CpuBackend b = CpuBackend.open(
                new Checkpoint(random.config(), zeros), Optional.empty(), new BackendOptions(64, 4, 1))) {
            TokenScores s = new DefaultGenerator(b).score(new int[] {2, 5, 9}, new int[] {7, 8, 9, 10, 11, 12, 13});
            assertEquals(7, s.logProbs().size());
            for (double lp : s.logProbs()) {
                assertEquals(-Math.log(96), lp, 1e-6);
            }
            assertEquals(96.0, s.perplexity(), 1e-4);
        }
    }

    @Test
    void nanWeightsAreRefusedWithACodedErrorInsteadOfAnUncheckedOne() {
        Checkpoint random = TinyModels.targetCheckpoint(1);
        Map<String, Tensor> nan = new HashMap<>(random.tensors());
        Tensor norm = random.tensors().get("layers.0.input_layernorm.weight");
        float[] values = new float[(int) norm.numel()];
        java.util.Arrays.fill(values, Float.NaN);
        nan.put(
                norm.name(),
                Tensor.ofFloats(
                        norm.name(),
                        DType.F32,
                        values,
                        norm.shape().stream().mapToInt(Integer::intValue).toArray()));
        try (CpuBackend b =
                CpuBackend.open(new Checkpoint(random.config(), nan), Optional.empty(), new BackendOptions(64, 4, 1))) {
            DefaultGenerator g = new DefaultGenerator(b);
            CollabException e =
                    assertThrows(CollabException.class, () -> g.score(new int[] {2, 5, 9}, new int[] {7, 8}));
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertEquals(
                    "the model's logits at scored token 0 (position 2) are not finite: its log-probability is NaN",
                    e.getMessage());
        }
    }

    @Test
    void perplexityIsTokenWeightedOverRecords() {
        TokenScores a = new TokenScores(List.of(-1.0, -2.0, -3.0));
        TokenScores b = new TokenScores(List.of(-0.5));
        assertEquals(Math.exp(2.0), a.perplexity(), 1e-12);
        assertEquals(Math.exp(6.5 / 4), TokenScores.perplexity(List.of(a, b)), 1e-12);
    }

    @Test
    void teacherForcedScoresEqualTheLogProbsReportedByGeneration() {
        try (CpuBackend b = TinyModels.backend(50, 2)) {
            int[] prompt = TinyModels.prompt(6, 7);
            DefaultGenerator g = new DefaultGenerator(b);
            GenerationResult r =
                    g.generate(prompt, GenerationOptions.greedy(30).withLogProbs(true), new SplittableRandom(0));
            TokenScores s = g.score(prompt, r.tokenArray());
            assertEquals(r.logProbs(), s.logProbs());
            double nll = -r.logProbs().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(Math.exp(nll / 30), s.perplexity(), 1e-9);
        }
    }

    @Test
    void scoringNeedsPositionsForTheContextAndAllButTheLastScoredToken() {
        try (CpuBackend b = TinyModels.backend(50, 2)) { // 160 positions
            DefaultGenerator g = new DefaultGenerator(b);
            int[] context = TinyModels.prompt(6, 10);
            // 10 + 151 = 161 tokens; the last is only predicted, so 160 are fed: exactly the positions
            assertEquals(
                    151, g.score(context, TinyModels.prompt(7, 151)).logProbs().size());
            CollabException e = assertThrows(CollabException.class, () -> g.score(context, TinyModels.prompt(7, 152)));
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertEquals(
                    "a context of 10 tokens and 152 scored ones (162 in all, 161 fed to the model) do not fit"
                            + " maxSequenceLength 160",
                    e.getMessage());
        }
    }
}
