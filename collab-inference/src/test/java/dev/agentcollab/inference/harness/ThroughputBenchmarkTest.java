package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputBenchmarkTest {

    @Test
    void tpsIsCompletionTokensOverMeasuredWallTime() {
        FakeTicker ticker = new FakeTicker();
        ScriptedModel model = new ScriptedModel(ticker, 2_000_000L, 0.5, false); // 2 ms per token
        List<int[]> prompts = List.of(new int[] {1, 2, 3}, new int[] {4, 5}, new int[] {6});

        ThroughputResult r = new ThroughputBenchmark(100, 2, ticker).run(model, prompts, ProgressListener.NONE);

        assertEquals(5, model.generateCalls); // 2 warm-ups + 3 measured
        assertEquals(3, r.requests());
        assertEquals(300, r.completionTokens());
        assertEquals(6, r.promptTokens());
        assertEquals(600_000_000L, r.wallNanos()); // warm-ups excluded
        assertEquals(500.0, r.tps(), 1e-9);
        assertEquals(510.0, r.totalTps(), 1e-9);
        assertEquals(0.5, r.acceptanceRate(), 1e-12);
        assertEquals(1 + 150.0 / 150.0, r.meanAcceptanceLength(), 1e-12);
    }

    @Test
    void rejectsShortGenerationsAndEmptyPromptSets() {
        FakeTicker ticker = new FakeTicker();
        SubmissionModel shortModel = new ScriptedModel(ticker, 1, 0.5, false) {
            @Override
            public Generation generate(int[] prompt, int outputTokens) {
                return Generation.plain(new int[outputTokens - 1]);
            }
        };
        ThroughputBenchmark bench = new ThroughputBenchmark(8, 0, ticker);

        CollabException e = assertThrows(
                CollabException.class,
                () -> bench.run(shortModel, List.<int[]>of(new int[] {1}), ProgressListener.NONE));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertThrows(CollabException.class, () -> bench.run(shortModel, List.of(), ProgressListener.NONE));
    }

    @Test
    void progressBarRendersCountsAndLiveRate() {
        FakeTicker ticker = new FakeTicker();
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        TerminalProgressBar bar = new TerminalProgressBar(new java.io.PrintStream(sink, true), ticker, 0);
        ScriptedModel model = new ScriptedModel(ticker, 1_000_000L, 0.5, false);

        new ThroughputBenchmark(10, 0, ticker).run(model, List.of(new int[] {1}, new int[] {2}), bar);

        assertEquals("throughput   [############################] 2/2 100% 1000.0 tok/s", bar.lastLine());
        assertEquals(
                "x            [#######.....................] 1/4  25% 0:03 left",
                TerminalProgressBar.render("x", 1, 4, "", 1_000_000_000L));
    }
}
