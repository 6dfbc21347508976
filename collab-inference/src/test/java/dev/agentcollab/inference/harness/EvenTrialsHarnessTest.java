package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With an even number of trials the score is the true median, the same median as tps_spread's. */
class EvenTrialsHarnessTest {
    @TempDir
    Path work;

    @Test
    void theScoreOfTwoTrialsIsTheirMean() throws IOException {
        FakeTicker ticker = new FakeTicker();
        // the first trial takes 1 ms a token (1000 tokens/s), the second 4 ms (250 tokens/s)
        SubmissionModelLoader loader = (model, drafter, decoding) -> new ScriptedModel(ticker, 1_000_000, 0.9, false) {
            @Override
            public Generation generate(int[] prompt, int outputTokens) {
                Generation g = super.generate(prompt, outputTokens);
                ticker.advance(generateCalls == 2 ? 3_000_000L * outputTokens : 0);
                return g;
            }
        };
        HarnessData data = new HarnessData(
                List.of(PromptItem.ofTokens("p0", new int[] {1, 2})),
                List.of(new PerplexityRecord("r0", new int[] {5}, new int[] {ScriptedModel.next(5)})),
                List.of(),
                Optional.of(new ReferenceScores(1.2, Optional.empty())));
        BenchmarkHarness harness = new BenchmarkHarness(
                HarnessConfig.custom()
                        .outputTokens(10)
                        .warmupRequests(0)
                        .trials(2)
                        .identityCheck(0, 4)
                        .baseline(false)
                        .build(),
                loader,
                ticker,
                InstantSource.system(),
                ProgressListener.NONE);
        Path dir = work.resolve("sub");
        Files.createDirectories(dir.resolve("model"));
        Files.writeString(dir.resolve("model/config.json"), "{}");
        Json.mapper().writeValue(dir.resolve("decoding.json").toFile(), Map.of("mode", "plain"));

        HarnessSummary s = harness.run(SubmissionLayout.read(dir), data);

        assertEquals(2, s.tpsTrials().size());
        assertEquals(1000.0, s.tpsTrials().get(0), 1e-9);
        assertEquals(250.0, s.tpsTrials().get(1), 1e-9);
        assertEquals(625.0, s.tps(), 1e-9, "the median of 1000 and 250");
        assertEquals(750.0 / 625.0, s.tpsSpread(), 1e-9, "(max - min) over the same median");
        assertEquals(
                625.0,
                (double) ResultFile.fromSummary(s, "score", "").frontmatter().get("score"),
                1e-9);
    }
}
