package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QualityGateTest {

    @Test
    void perplexityGateIsReferencePlusTolerance() {
        PerplexityGate gate = PerplexityGate.plusFivePercent(2.30);

        assertEquals(2.415, gate.cap(), 1e-12);
        assertTrue(gate.passes(2.30));
        assertTrue(gate.passes(2.415));
        assertFalse(gate.passes(2.4151));
        assertFalse(gate.passes(Double.NaN));
    }

    @Test
    void perplexityIsTokenWeightedOverRecords() {
        FakeTicker ticker = new FakeTicker();
        ScriptedModel model = new ScriptedModel(ticker, 1, 0.5, false);
        int a = ScriptedModel.next(9);
        int b = ScriptedModel.next(a);
        // record 1: two predicted tokens (p = 0.5 each); record 2: one miss (p = 0.5 / 255)
        List<PerplexityRecord> records = List.of(
                new PerplexityRecord("r1", new int[] {9}, new int[] {a, b}),
                new PerplexityRecord("r2", new int[] {9}, new int[] {(a + 1) % 256}));

        PerplexityResult r = new PerplexityEvaluator().evaluate(model, records, ProgressListener.NONE);

        double nll = 3 * Math.log(2) + Math.log(255);
        assertEquals(3, r.tokens());
        assertEquals(nll, r.totalNll(), 1e-9);
        assertEquals(Math.exp(nll / 3), r.perplexity(), 1e-9);
    }

    @Test
    void perplexityRefusesAnInfiniteLogProbWithACodedError() {
        ScriptedModel scripted = new ScriptedModel(new FakeTicker(), 1, 0.9, false);
        SubmissionModel model = new ForwardingModel(scripted) {
            @Override
            public double[] logProbs(int[] context, int[] targets) {
                double[] lp = scripted.logProbs(context, targets);
                lp[0] = Double.NEGATIVE_INFINITY;
                return lp;
            }
        };
        CollabException e = assertThrows(CollabException.class, () -> new PerplexityEvaluator()
                .evaluate(
                        model,
                        List.of(new PerplexityRecord("r1", new int[] {1}, new int[] {2, 3})),
                        ProgressListener.NONE));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("record r1: log-prob must be finite and <= 0, but was -Infinity", e.getMessage());
    }

    @Test
    void accuracyDropFlagsLossyEvenWhenPerplexityPasses() {
        QualityGate gate = new QualityGate(PerplexityGate.plusFivePercent(2.0), Optional.of(0.60), 0.02);

        QualityVerdict ok = gate.judge(2.05, Optional.of(0.59), Optional.of(true));
        QualityVerdict lossy = gate.judge(2.05, Optional.of(0.55), Optional.of(true));
        QualityVerdict overCap = gate.judge(2.2, Optional.of(0.60), Optional.empty());
        QualityVerdict diverged = gate.judge(2.0, Optional.of(0.60), Optional.of(false));

        assertTrue(ok.lossless());
        assertTrue(lossy.pplPass());
        assertTrue(lossy.lossy());
        assertEquals(Optional.of(false), lossy.accuracyPass());
        assertEquals(1, lossy.reasons().size());
        assertFalse(overCap.pplPass());
        assertTrue(overCap.lossy());
        assertTrue(diverged.lossy());
        assertTrue(gate.judge(2.0, Optional.empty(), Optional.empty()).lossless());
    }
}
