package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.inference.cpu.WeightFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs with weights quantised at load time ({@code "weights": "q8_0"} in {@code decoding.json}): lossless only when
 * they pass the quality gate, with greedy output compared against the checkpoint decoded with its own weights.
 */
class QuantisedWeightsHarnessTest {
    @TempDir
    Path work;

    @Test
    void decodingJsonSelectsTheWeightFormat() throws IOException {
        Files.writeString(work.resolve("d.json"), "{\"mode\": \"plain\", \"weights\": \" Q8_0 \"}");
        DecodingSettings q8 = SubmissionLayout.readJson(work.resolve("d.json"), DecodingSettings.class)
                .orElseThrow();
        assertEquals(WeightFormat.Q8_0, q8.weightFormat());
        assertEquals("plain greedy, q8_0 weights", q8.describe());
        assertEquals(WeightFormat.F32, q8.plainBaseline().weightFormat(), "the baseline decodes the checkpoint as is");
        assertEquals(WeightFormat.F32, DecodingSettings.plainGreedy().weightFormat());
        assertEquals("plain greedy", DecodingSettings.plainGreedy().describe());
        assertEquals(WeightFormat.BF16, q8.withWeights(WeightFormat.BF16).weightFormat());
        Files.writeString(work.resolve("bad.json"), "{\"weights\": \"int4\"}");
        CollabException e = assertThrows(
                CollabException.class,
                () -> SubmissionLayout.readJson(work.resolve("bad.json"), DecodingSettings.class));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(
                e.getMessage().contains("weights must be 'f32', 'bf16', 'q8_0' or 'q3_0', but was 'int4'"),
                e.getMessage());
        Files.writeString(
                work.resolve("q3.json"), "{\"mode\": \"speculative\", \"draft_tokens\": 3, \"weights\": \"q3_0\"}");
        DecodingSettings q3 = SubmissionLayout.readJson(work.resolve("q3.json"), DecodingSettings.class)
                .orElseThrow();
        assertEquals(WeightFormat.Q3_0, q3.weightFormat());
        assertTrue(q3.weightFormat().quantised(), "3-bit runs are judged by the quality gate");
        assertEquals("speculative k=3 greedy, q3_0 weights", q3.describe());
        for (String bad : List.of("q3", "q4_0", "", "int3")) {
            Files.writeString(work.resolve("bad.json"), "{\"weights\": \"" + bad + "\"}");
            CollabException refused = assertThrows(
                    CollabException.class,
                    () -> SubmissionLayout.readJson(work.resolve("bad.json"), DecodingSettings.class),
                    bad);
            assertEquals(ErrorCode.INVALID_REQUEST, refused.code(), bad);
            assertTrue(refused.getMessage().contains("weights must be"), refused.getMessage());
        }
    }

    @Test
    void aQuantisedRunIsLossyWhenItsGreedyOutputLeavesTheCheckpointsOwn() throws IOException {
        // the scripted "q8_0" model is self-consistent (speculative equals its own plain decoding) but its last token
        // differs from the checkpoint's f32 decoding, which only a comparison against the f32 weights can see
        List<DecodingSettings> opened = new ArrayList<>();
        FakeTicker ticker = new FakeTicker();
        SubmissionModelLoader loader = (model, drafter, decoding) -> {
            opened.add(decoding);
            return decoding.weightFormat().quantised()
                    ? new ShiftedModel(ticker)
                    : new ScriptedModel(ticker, 1_000_000, 0.9, false);
        };
        HarnessData data = new HarnessData(
                List.of(PromptItem.ofTokens("p0", new int[] {1, 2}), PromptItem.ofTokens("p1", new int[] {3})),
                List.of(new PerplexityRecord("r0", new int[] {5}, new int[] {ScriptedModel.next(5)})),
                List.of(),
                Optional.of(new ReferenceScores(1.2, Optional.empty())));
        BenchmarkHarness harness = new BenchmarkHarness(
                HarnessConfig.custom()
                        .outputTokens(4)
                        .warmupRequests(0)
                        .identityCheck(2, 4)
                        .baseline(false) // no timed baseline: every model opened is a quality check's
                        .build(),
                loader,
                ticker,
                InstantSource.system(),
                ProgressListener.NONE);

        HarnessSummary q8 = harness.run(SubmissionLayout.read(submission("q8", "q8_0")), data);
        assertEquals(Optional.of(false), q8.greedyIdentity());
        assertTrue(q8.pplPass(), "perplexity alone passes");
        assertTrue(q8.lossy());
        assertEquals(List.of("greedy output differs from the target's plain greedy decoding"), q8.reasons());
        assertTrue(q8.decoding().endsWith(", q8_0 weights"), q8.decoding());
        assertEquals(
                List.of(WeightFormat.Q8_0, WeightFormat.F32),
                opened.stream().map(DecodingSettings::weightFormat).toList(),
                "the identity reference is the checkpoint with its own weights");

        opened.clear();
        HarnessSummary f32 = harness.run(SubmissionLayout.read(submission("f32", "f32")), data);
        assertEquals(Optional.of(true), f32.greedyIdentity());
        assertTrue(f32.lossless(), f32.reasons()::toString);
        assertEquals(1, opened.size(), "an unquantised run compares with itself: " + opened);
    }

    private Path submission(String name, String weights) throws IOException {
        Path dir = work.resolve(name);
        Files.createDirectories(dir.resolve("model"));
        Files.writeString(dir.resolve("model/config.json"), "{}");
        writeJson(dir.resolve("decoding.json"), Map.of("mode", "plain", "weights", weights));
        return dir;
    }

    private static void writeJson(Path file, Object value) {
        try {
            Json.mapper().writeValue(file.toFile(), value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A model that decodes the scripted sequence with its last token moved, consistently in both decodings. */
    private static final class ShiftedModel extends ScriptedModel {
        ShiftedModel(FakeTicker ticker) {
            super(ticker, 1_000_000, 0.9, false);
        }

        @Override
        public Generation generate(int[] prompt, int outputTokens) {
            Generation g = super.generate(prompt, outputTokens);
            return new Generation(shift(g.tokens()), g.draftSteps(), g.draftedTokens(), g.acceptedTokens());
        }

        @Override
        public int[] referenceGreedy(int[] prompt, int outputTokens) {
            return shift(super.referenceGreedy(prompt, outputTokens));
        }

        private static int[] shift(int[] tokens) {
            int[] out = Arrays.copyOf(tokens, tokens.length);
            out[out.length - 1] = (out[out.length - 1] + 1) % VOCAB;
            return out;
        }
    }
}
