package dev.agentcollab.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.inference.harness.HarnessMain;
import dev.agentcollab.inference.harness.HarnessSummary;
import dev.agentcollab.inference.harness.ProgressListener;
import dev.agentcollab.inference.harness.SummaryJson;
import dev.agentcollab.inference.harness.Ticker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DemoHarnessEndToEndTest {

    @Test
    void demoRunsTheWholeHarnessOnATinyGeneratedModel(@TempDir Path work) throws Exception {
        HarnessSummary s = DemoBenchmark.run(work, 42, ProgressListener.NONE);

        assertEquals(HarnessSummary.COMPLETED, s.status());
        assertEquals(6, s.numPrompts());
        assertEquals(6L * DemoBenchmark.OUTPUT_TOKENS, s.completionTokens());
        assertTrue(s.tps() > 0);
        assertEquals(s.pplReference(), s.ppl(), 1e-9, "same target weights: same perplexity");
        assertTrue(s.pplPass());
        assertEquals(Optional.of(true), s.greedyIdentity(), "speculative greedy must equal plain greedy");
        assertEquals(s.accuracyReference(), s.accuracy());
        assertTrue(s.lossless(), () -> s.reasons().toString());
        assertTrue(s.acceptanceRate().isPresent());
        assertEquals(s, SummaryJson.read(work.resolve("state")));
        assertTrue(Files.readString(work.resolve("state/result.md")).contains("status: agent-run"));
        assertEquals(960, ImageIO.read(work.resolve("state/chart.png").toFile()).getWidth());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void suiteJudgesRealQ8AndThreeBitWeightsByTheGateAndChartsAllFour(@TempDir Path work) throws Exception {
        List<HarnessSummary> suite = DemoBenchmark.runSuite(work, 5, ProgressListener.NONE);

        assertEquals(
                List.of("demo-plain", "demo-mtp-k3", DemoBenchmark.Q8_NAME, DemoBenchmark.Q3_NAME),
                suite.stream().map(HarnessSummary::submission).toList());
        assertTrue(suite.get(0).lossless());
        assertTrue(suite.get(0).acceptanceRate().isEmpty(), "plain decoding drafts nothing");
        assertTrue(suite.get(1).lossless());
        assertEquals(Optional.of(true), suite.get(1).greedyIdentity(), "speculative greedy must equal plain greedy");
        assertTrue(
                suite.get(1).meanAcceptanceLength().orElseThrow() > 2.0,
                () -> "the demo's drafter predicts its target (k=3): " + suite.get(1));
        HarnessSummary q8 = suite.get(2);
        assertTrue(q8.model().contains("-q8_0-"), () -> "the engine ran int8 weights: " + q8.model());
        assertTrue(q8.decoding().endsWith(", q8_0 weights"), q8.decoding());
        assertTrue(q8.ppl() != q8.pplReference(), () -> "the int8 weights are not the checkpoint's: " + q8);
        assertTrue(q8.pplPass(), () -> "Q8_0 stays within the perplexity cap: " + q8);
        assertEquals(q8.reasons().isEmpty(), q8.lossless(), q8::toString);
        HarnessSummary q3 = suite.get(3);
        assertTrue(q3.model().contains("-q3_0-"), () -> "the engine ran 3-bit levels: " + q3.model());
        assertTrue(q3.decoding().endsWith(", q3_0 weights"), q3.decoding());
        assertFalse(q3.pplPass(), () -> "3-bit weights must cost perplexity: " + q3);
        assertTrue(q3.lossy());
        assertTrue(
                q3.reasons().stream().anyMatch(r -> r.startsWith("perplexity ") && r.contains(" above cap ")),
                q3.reasons()::toString);
        assertTrue(q3.ppl() > q8.ppl(), "3 bits cost more than 8");
        assertTrue(Files.isRegularFile(work.resolve(DemoBenchmark.Q3_NAME + "/state/summary.json")));
        assertEquals(960, ImageIO.read(work.resolve("chart.png").toFile()).getWidth());
        List<String> table = Files.readAllLines(work.resolve("summary.txt"));
        assertEquals(6, table.size(), String.join("\n", table));
        assertTrue(
                table.stream().anyMatch(l -> l.contains(DemoBenchmark.Q8_NAME) && l.contains("| pass |")),
                String.join("\n", table));
        assertTrue(
                table.stream()
                        .anyMatch(l ->
                                l.contains(DemoBenchmark.Q3_NAME) && l.contains("| FAIL |") && l.contains("lossy")),
                String.join("\n", table));
    }

    @Test
    void mainFollowsTheJobsContract(@TempDir Path work) throws Exception {
        DemoBenchmark.run(work.resolve("demo"), 7, ProgressListener.NONE);
        Path state = work.resolve("state");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = HarnessMain.run(
                List.of(
                        "--submission-dir",
                        work.resolve("demo/submission").toString(),
                        "--state-dir",
                        state.toString(),
                        "--private-dir",
                        work.resolve("demo/data").toString(),
                        "--reference-model",
                        work.resolve("demo/submission/model").toString(),
                        "--scoring",
                        "generated-letter",
                        "--output-len",
                        "16",
                        "--warmup",
                        "0",
                        "--identity-prompts",
                        "1"),
                Map.of(),
                new PrintStream(out, true),
                new PrintStream(err, true),
                Ticker.system(),
                InstantSource.system());

        assertEquals(0, status, err::toString);
        JsonNode summary = Json.mapper().readTree(state.resolve("summary.json").toFile());
        assertEquals("completed", summary.get("status").asText());
        assertEquals(16, summary.get("output_len").asInt());
        assertEquals(summary.get("tps").asDouble(), summary.get("score").asDouble(), 0);
        assertEquals(
                summary.get("accuracy").asDouble(),
                summary.get("accuracy_reference").asDouble(),
                0);
        assertEquals(10, summary.get("accuracy_items").asInt());
        assertTrue(out.toString().contains("demo-mtp-k3"));
        assertTrue(err.toString().contains("throughput"), "progress bars go to stderr");
    }

    @Test
    void runsAsAChildProcessTheWayTheLocalJobRunnerStartsIt(@TempDir Path work) throws Exception {
        DemoBenchmark.run(work.resolve("harness"), 11, ProgressListener.NONE);
        List<String> command = new java.util.ArrayList<>(HarnessMain.javaInterpreter());
        command.addAll(List.of(
                work.resolve("harness/data").toString(),
                "--submission-dir",
                work.resolve("harness/submission").toString(),
                "--state-dir",
                work.resolve("state").toString(),
                "--output-len",
                "8",
                "--warmup",
                "0",
                "--quiet"));

        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertEquals(0, p.waitFor(), log);
        assertEquals(8, SummaryJson.read(work.resolve("state")).outputLen());
    }

    @Test
    void mainReportsBadSubmissionsInSummaryJson(@TempDir Path work) throws Exception {
        int status = HarnessMain.run(
                List.of(
                        "--submission-dir",
                        work.resolve("nothing").toString(),
                        "--state-dir",
                        work.toString(),
                        "--quiet"),
                Map.of(),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()),
                Ticker.system(),
                InstantSource.system());

        assertEquals(1, status);
        JsonNode summary = Json.mapper().readTree(work.resolve("summary.json").toFile());
        assertEquals("error", summary.get("status").asText());
        assertTrue(summary.get("message").asText().startsWith("NOT_FOUND"));
        assertEquals(
                2,
                HarnessMain.run(
                        List.of("--state-dir"),
                        Map.of(),
                        System.out,
                        new PrintStream(new ByteArrayOutputStream()),
                        Ticker.system(),
                        InstantSource.system()));
    }
}
