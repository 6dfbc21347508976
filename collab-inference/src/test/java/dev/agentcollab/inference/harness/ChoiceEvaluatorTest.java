package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.pair.TinyPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChoiceEvaluatorTest {
    @TempDir
    Path dir;

    /** Option continuations: the predicted next token scores high, anything else low. */
    private static ChoiceItem item(String id, int promptLast, String answer, int correctIndex) {
        int hit = ScriptedModel.next(promptLast);
        int[][] options = new int[3][];
        for (int i = 0; i < 3; i++) {
            options[i] = new int[] {i == correctIndex ? hit : (hit + 1 + i) % 256};
        }
        return new ChoiceItem(id, null, null, new int[] {promptLast}, List.of(options), answer);
    }

    @Test
    void likelihoodScoringCountsAccuracyAndConfusion() {
        ScriptedModel model = new ScriptedModel(new FakeTicker(), 1, 0.9, false);
        List<ChoiceItem> items = List.of(
                item("q1", 1, "A", 0), // model picks A, right
                item("q2", 2, "B", 1), // picks B, right
                item("q3", 3, "C", 2), // picks C, right
                item("q4", 4, "A", 1)); // model picks B, truth A: wrong

        ChoiceEvaluation e =
                new ChoiceEvaluator(ChoiceScoring.LOG_LIKELIHOOD).evaluate(model, items, ProgressListener.NONE);

        assertEquals(4, e.items());
        assertEquals(3, e.correct());
        assertEquals(0.75, e.accuracy(), 1e-12);
        assertEquals(List.of("A", "B", "C"), e.labels());
        assertEquals(Map.of("A", 1L, "B", 1L), e.confusion().get("A"));
        assertEquals(Map.of("B", 1L), e.confusion().get("B"));
    }

    @Test
    void likelihoodScoringRefusesNonFiniteOrMiscountedLogProbsInsteadOfChoosingTheFirstOption() {
        ScriptedModel scripted = new ScriptedModel(new FakeTicker(), 1, 0.9, false);
        ChoiceItem item = item("q2", 2, "B", 1);
        for (double[] bad : new double[][] {{Double.NaN}, {Double.NEGATIVE_INFINITY}, {-0.5, -0.5}}) {
            SubmissionModel model = new ForwardingModel(scripted) {
                @Override
                public double[] logProbs(int[] context, int[] targets) {
                    return bad.clone();
                }
            };
            CollabException e =
                    assertThrows(CollabException.class, () -> new ChoiceEvaluator(ChoiceScoring.LOG_LIKELIHOOD)
                            .evaluate(model, List.of(item), ProgressListener.NONE));
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertEquals(
                    bad.length == 1
                            ? "eval item q2 option A: log-prob must be finite and <= 0, but was " + bad[0]
                            : "eval item q2 option A: got 2 log-probs for 1 tokens",
                    e.getMessage());
        }
    }

    @Test
    void generatedLetterScoringReadsTheFirstOptionLetter() {
        ScriptedModel model = new ScriptedModel(new FakeTicker(), 1, 0.9, false) {
            @Override
            public int[] referenceGreedy(int[] prompt, int outputTokens) {
                return encode(decode(prompt).contains("Pick B") ? " B." : " none");
            }
        };
        List<ChoiceItem> items = List.of(
                new ChoiceItem("t1", "Pick B?", List.of("no", "yes"), null, null, "B"),
                new ChoiceItem("t2", "Pick A?", List.of("yes", "no"), null, null, "A"));

        ChoiceEvaluation e =
                new ChoiceEvaluator(ChoiceScoring.GENERATED_LETTER).evaluate(model, items, ProgressListener.NONE);

        assertEquals(1, e.correct());
        assertEquals(1, e.unanswered());
        assertEquals(0.5, e.accuracy(), 1e-12);
    }

    @Test
    void generatedLetterScoringDecodesGreedilyAndLeavesTheSubmissionsSamplingAlone() {
        SplittableRandom random = new SplittableRandom(7);
        RandomPairs.write(dir, random);
        int[] prompt = random.ints(12, 3, TinyPair.VOCAB).toArray();
        SubmissionModelLoader loader = EngineSubmissionModel.loader(64, Ticker.system());
        DecodingSettings sampled = new DecodingSettings(DecodingSettings.PLAIN, 0, 1.5, 0, 1, 0, 1);
        List<String> read = new ArrayList<>();
        try (SubmissionModel engine = loader.open(dir.resolve("model"), Optional.empty(), sampled);
                SubmissionModel untouched = loader.open(dir.resolve("model"), Optional.empty(), sampled)) {
            SubmissionModel model = new ForwardingModel(engine) {
                @Override
                public String decode(int[] tokens) {
                    read.add(Arrays.toString(tokens));
                    return "";
                }
            };
            ChoiceItem item = new ChoiceItem("q", null, null, prompt, List.of(new int[] {5}, new int[] {6}), "A");
            ChoiceEvaluator evaluator = new ChoiceEvaluator(ChoiceScoring.GENERATED_LETTER);
            for (int i = 0; i < 4; i++) {
                evaluator.evaluate(model, List.of(item), ProgressListener.NONE);
            }
            String greedy = Arrays.toString(engine.referenceGreedy(prompt, ChoiceEvaluator.LETTER_TOKENS));
            assertEquals(List.of(greedy, greedy, greedy, greedy), read);
            // the submission's own sampled decoding continues as if no answer had been read
            assertEquals(
                    Arrays.toString(untouched.generate(prompt, 16).tokens()),
                    Arrays.toString(engine.generate(prompt, 16).tokens()));
        }
    }

    @Test
    void generatedLetterScoringReadsOnlyStandaloneUppercaseOptionLettersPreferringAnExplicitAnswer() {
        List<String> ten = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        Map<String, String> read = new java.util.LinkedHashMap<>();
        for (String out : List.of(
                " a) B",
                " I think",
                " A cat",
                " I'm",
                " (B)",
                " B.",
                " B",
                " B \nC",
                "\nB:",
                " x B",
                " K.",
                " b",
                " BC",
                " A1",
                " The answer is (C)",
                " so answer: D",
                " A. No, the answer is E",
                " ANSWERS")) {
            ScriptedModel model = new ScriptedModel(new FakeTicker(), 1, 0.9, false) {
                @Override
                public int[] referenceGreedy(int[] prompt, int outputTokens) {
                    return encode(out);
                }
            };
            ChoiceItem item = new ChoiceItem("t", "q?", ten, null, null, "B");
            read.put(
                    out,
                    new ChoiceEvaluator(ChoiceScoring.GENERATED_LETTER)
                            .evaluate(model, List.of(item), ProgressListener.NONE)
                            .confusion()
                            .get("B")
                            .keySet()
                            .iterator()
                            .next());
        }
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put(" a) B", "B"); // a lowercase label is no option letter
        expected.put(" I think", "?"); // the pronoun, though I is option 9 of 10
        expected.put(" A cat", "?"); // the article
        expected.put(" I'm", "?");
        expected.put(" (B)", "B");
        expected.put(" B.", "B");
        expected.put(" B", "B");
        expected.put(" B \nC", "B");
        expected.put("\nB:", "B");
        expected.put(" x B", "B");
        expected.put(" K.", "?"); // past the ten options
        expected.put(" b", "?");
        expected.put(" BC", "?");
        expected.put(" A1", "?");
        expected.put(" The answer is (C)", "C");
        expected.put(" so answer: D", "D");
        expected.put(" A. No, the answer is E", "E"); // an explicit answer wins over an earlier letter
        expected.put(" ANSWERS", "?");
        assertEquals(expected, read);
    }
}
