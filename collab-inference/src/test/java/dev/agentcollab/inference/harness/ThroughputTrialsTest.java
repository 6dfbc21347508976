package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The trials' arithmetic on a fake clock: median score, spread, paired baseline and speed-up. */
class ThroughputTrialsTest {
    private static final List<int[]> PROMPTS = List.of(new int[] {1, 2}, new int[] {3}, new int[] {4, 5, 6});

    @Test
    void aBaselineTwiceAsSlowGivesASpeedupOfTwoAndEachSideCountsOnlyItsOwnRequests() {
        FakeTicker ticker = new FakeTicker();
        ScriptedModel fast = new ScriptedModel(ticker, 1_000_000, 0.9, false);
        ScriptedModel slow = new ScriptedModel(ticker, 2_000_000, 0.9, false);
        ThroughputTrials t = ThroughputTrials.run(
                10, 2, 3, ticker, fast, PROMPTS, Optional.of(slow), PROMPTS, ProgressListener.NONE);
        assertEquals(3, t.submission().size());
        assertEquals(3, t.baseline().size());
        assertEquals(1000.0, t.tps(), 1e-9, "10 tokens per 10 ms, the baseline's time not counted");
        assertEquals(500.0, t.baselineTps().orElseThrow(), 1e-9);
        assertEquals(2.0, t.speedup().orElseThrow(), 1e-12);
        assertEquals(0.0, t.spread(), 1e-12);
        assertEquals(List.of(1000.0, 1000.0, 1000.0), t.tpsTrials());
        assertEquals(2 + 3 * 3, fast.generateCalls, "warm-up once, then every prompt per trial");
        assertEquals(2 + 3 * 3, slow.generateCalls);
    }

    @Test
    void withoutABaselineThereIsNoSpeedupAndTheMedianTrialIsTheScore() {
        FakeTicker ticker = new FakeTicker();
        ThroughputTrials t = new ThroughputTrials(List.of(result(100), result(300), result(200)), List.of());
        assertEquals(200.0, t.tps(), 1e-6);
        assertEquals(200.0, t.medianTrial().tps(), 1e-6);
        assertEquals(1.0, t.spread(), 1e-6, "(300 - 100) / 200, to whole nanoseconds");
        assertTrue(t.speedup().isEmpty() && t.baselineTps().isEmpty());
        ThroughputTrials single = ThroughputTrials.run(
                4,
                0,
                1,
                ticker,
                new ScriptedModel(ticker, 1000, 0.9, false),
                PROMPTS,
                Optional.empty(),
                List.of(),
                ProgressListener.NONE);
        assertEquals(1, single.submission().size());
        assertThrows(
                IllegalArgumentException.class,
                () -> new ThroughputTrials(List.of(result(1)), List.of(result(1), result(2))));
    }

    /** A trial of 100 tokens at the given tokens/s. */
    private static ThroughputResult result(double tps) {
        return new ThroughputResult(1, 1, 100, (long) (100 / tps * 1e9), 0, 0, 0);
    }
}
