package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.ModelWriter;
import dev.agentcollab.inference.model.RandomCheckpoints;
import dev.agentcollab.inference.pair.TinyPair;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine behind the harness: a request longer than the model's context is refused with what to change. */
class EngineSubmissionModelTest {
    private static final int POSITIONS = 48;

    @TempDir
    Path dir;

    private int[] prompt;

    @BeforeEach
    void writeModels() {
        SplittableRandom random = new SplittableRandom(7);
        RandomPairs.write(dir, random);
        prompt = random.ints(12, 3, TinyPair.VOCAB).toArray();
    }

    @Test
    void aRequestPastTheContextNamesThePositionsAndTheOutputLength() {
        SubmissionModelLoader loader = EngineSubmissionModel.loader(POSITIONS, Ticker.system());
        DecodingSettings spec = new DecodingSettings(DecodingSettings.SPECULATIVE, 3, 0, 0, 1, 0, 1);
        for (DecodingSettings d : new DecodingSettings[] {spec.plainBaseline(), spec}) {
            Optional<Path> drafter = d.speculative() ? Optional.of(dir.resolve("drafter")) : Optional.empty();
            try (SubmissionModel model = loader.open(dir.resolve("model"), drafter, d)) {
                assertEquals(30, model.generate(prompt, 30).length(), model.describe());
                CollabException e = assertThrows(CollabException.class, () -> model.generate(prompt, 40));
                assertEquals(ErrorCode.INVALID_REQUEST, e.code());
                assertTrue(e.getMessage().startsWith("the model's context was full after "), e.getMessage());
                assertTrue(
                        e.getMessage()
                                .contains("of 40 tokens: a prompt of 12 tokens and 40 new ones need more than"
                                        + " the 48 positions"),
                        e.getMessage());
                assertTrue(
                        e.hint().orElseThrow().contains("lower --output-len"),
                        e.hint().orElseThrow());
            }
        }
    }

    @Test
    void generatedLetterScoringWithoutATokenizerSaysWhatItNeedsTheTokenizerFor() {
        SubmissionModelLoader loader = EngineSubmissionModel.loader(POSITIONS, Ticker.system());
        DecodingSettings plain = new DecodingSettings(DecodingSettings.SPECULATIVE, 3, 0, 0, 1, 0, 1).plainBaseline();
        try (SubmissionModel model = loader.open(dir.resolve("model"), Optional.empty(), plain)) {
            CollabException e = assertThrows(CollabException.class, () -> model.decode(new int[] {5, 6}));
            assertTrue(
                    e.getMessage().startsWith("--scoring generated-letter reads each generated answer as text"),
                    e.getMessage());
            assertTrue(e.hint().orElseThrow().contains("--scoring log-likelihood"), e.toString());
        }
    }

    @Test
    void scoringFitsWhenTheFedTokensFitAndARefusalNamesTheRecordTheTotalAndMaxSeq() {
        SubmissionModelLoader loader = EngineSubmissionModel.loader(POSITIONS, Ticker.system());
        SplittableRandom random = new SplittableRandom(11);
        // 12 + 37 = 49 tokens, of which the last is only predicted: 48 fed, exactly the positions
        int[] fits = random.ints(37, 3, TinyPair.VOCAB).toArray();
        int[] tooLong = random.ints(38, 3, TinyPair.VOCAB).toArray();
        try (SubmissionModel model =
                loader.open(dir.resolve("model"), Optional.empty(), DecodingSettings.plainGreedy())) {
            assertEquals(37, model.logProbs(prompt, fits).length);
            CollabException e = assertThrows(CollabException.class, () -> model.logProbs(prompt, tooLong));
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertEquals(
                    "a context of 12 tokens and 38 scored ones (50 tokens in all, 49 fed to the model) need more than"
                            + " the 48 positions this model holds (max_position_embeddings, at most --max-seq)",
                    e.getMessage());
            assertTrue(e.hint().orElseThrow().contains("raise --max-seq"), e.toString());

            List<PerplexityRecord> records =
                    List.of(new PerplexityRecord("r0", prompt, fits), new PerplexityRecord("r1", prompt, tooLong));
            CollabException named = assertThrows(CollabException.class, () -> new PerplexityEvaluator()
                    .evaluate(model, records, ProgressListener.NONE));
            assertTrue(
                    named.getMessage().startsWith("perplexity record r1: a context of 12 tokens"), named.getMessage());
            assertEquals(e.hint(), named.hint());

            ChoiceItem item = new ChoiceItem("q7", null, null, prompt, List.of(fits, tooLong), "A");
            CollabException option =
                    assertThrows(CollabException.class, () -> new ChoiceEvaluator(ChoiceScoring.LOG_LIKELIHOOD)
                            .evaluate(model, List.of(item), ProgressListener.NONE));
            assertTrue(
                    option.getMessage().startsWith("eval item q7 option B: a context of 12 tokens"),
                    option.getMessage());
        }
    }

    @Test
    void nanWeightsFailThePerplexityRecordAndTheEvalItemWithACodedError() {
        Checkpoint target = RandomCheckpoints.target(TinyPair.target(), new SplittableRandom(3));
        Map<String, Tensor> tensors = new HashMap<>(target.tensors());
        Tensor norm = tensors.get("norm.weight");
        float[] nan = new float[(int) norm.numel()];
        Arrays.fill(nan, Float.NaN);
        tensors.put(
                norm.name(),
                Tensor.ofFloats(
                        norm.name(),
                        DType.F32,
                        nan,
                        norm.shape().stream().mapToInt(Integer::intValue).toArray()));
        Path nanModel = dir.resolve("nan-model");
        ModelWriter.writeTarget(nanModel, new Checkpoint(target.config(), tensors), DType.F32);
        SubmissionModelLoader loader = EngineSubmissionModel.loader(POSITIONS, Ticker.system());
        try (SubmissionModel model = loader.open(nanModel, Optional.empty(), DecodingSettings.plainGreedy())) {
            CollabException ppl = assertThrows(CollabException.class, () -> new PerplexityEvaluator()
                    .evaluate(
                            model,
                            List.of(new PerplexityRecord("r0", prompt, new int[] {5, 6})),
                            ProgressListener.NONE));
            assertEquals(ErrorCode.INVALID_REQUEST, ppl.code());
            assertEquals(
                    "perplexity record r0: the model's logits at scored token 0 (position 11) are not finite: its"
                            + " log-probability is NaN",
                    ppl.getMessage());
            ChoiceItem item = new ChoiceItem("q1", null, null, prompt, List.of(new int[] {5}, new int[] {6}), "B");
            CollabException choice =
                    assertThrows(CollabException.class, () -> new ChoiceEvaluator(ChoiceScoring.LOG_LIKELIHOOD)
                            .evaluate(model, List.of(item), ProgressListener.NONE));
            assertEquals(ErrorCode.INVALID_REQUEST, choice.code());
            assertTrue(
                    choice.getMessage().startsWith("eval item q1 option A: the model's logits"), choice.getMessage());
        }
    }
}
