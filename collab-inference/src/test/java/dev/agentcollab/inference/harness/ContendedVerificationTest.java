package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.result.Verification;
import dev.agentcollab.core.service.result.ResultsConfig;
import dev.agentcollab.core.service.verify.VerdictRules;
import dev.agentcollab.inference.pair.TinyPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier on a busy machine, on a clock the test controls: a speculative submission and its plain-decoding
 * baseline run on the real CPU engine (real drafts, real acceptance counters), and each request advances a fake clock
 * by a cost computed from its forwards times the machine's load at that moment. The claim is timed on a quiet machine;
 * the verification re-run on a machine whose load drifts from 2x to 4.5x with per-request jitter and pre-emptions.
 * Because the harness interleaves the two sides request by request and takes the median of per-trial ratios, the
 * honest claim stays valid while the absolute tokens/s fall, and a claim inflated 2x is caught. A load that slows one
 * side only moves the ratio, and the verdict then says so.
 *
 * <p>Whether a real machine's load slows both sides alike is a property of the machine, not of this code: it is
 * measured by {@code collab bench contended-verification} (docs/harness.md, "What is measured").
 */
class ContendedVerificationTest {
    private static final int TRIALS = 9;
    private static final int WARMUP = 2;
    private static final int OUTPUT_TOKENS = 32;
    private static final int DRAFT = 3;
    private static final int PROMPTS = 6;
    /** Requests per timing: both sides' warm-up and trials. */
    private static final int REQUESTS = 2 * (WARMUP + TRIALS * PROMPTS);

    @TempDir
    Path dir;

    private final List<int[]> prompts = new ArrayList<>();
    private final ResultsConfig config =
            ResultsConfig.custom().scoreField("score").build();

    @BeforeEach
    void writeModels() {
        SplittableRandom random = new SplittableRandom(5);
        RandomPairs.write(dir, random);
        for (int p = 0; p < PROMPTS; p++) {
            prompts.add(random.ints(12, 3, TinyPair.VOCAB).toArray());
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void anHonestClaimStaysValidUnderADriftingLoadAndAnInflatedOneIsCaught() {
        Timings t = timeQuietThenBusy(Load.BOTH_SIDES);
        String report = t.report();
        System.out.println(report);
        assertTrue(t.busy.tps() < 0.5 * t.quiet.tps(), "the load really slows the re-run: " + report);
        assertTrue(
                Math.abs(t.busy.speedup().orElseThrow() / t.quiet.speedup().orElseThrow() - 1) < 0.10,
                "the same-job ratio cancels a load that slows both sides: " + report);
        VerdictRules.Verdict honest = t.verdict(1);
        assertEquals(Verification.VALID, honest.state(), report);
        assertFalse(honest.scoreJudged(), "absolute tokens/s are reported, not judged");
        assertEquals(Verification.INVALID, t.verdict(2).state(), report);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aLoadThatSlowsOnlyTheBaselineMovesTheRatioAndTheVerdictSaysSo() {
        Timings t = timeQuietThenBusy(Load.BASELINE_ONLY);
        String report = t.report();
        System.out.println(report);
        assertTrue(
                t.busy.speedup().orElseThrow() > 1.4 * t.quiet.speedup().orElseThrow(),
                "a baseline slowed 1.6x alone inflates the ratio: " + report);
        VerdictRules.Verdict honest = t.verdict(1);
        assertEquals(Verification.INVALID, honest.state(), report);
        assertTrue(honest.reason(config, t.quiet.tps()).contains("speedup"), honest.reason(config, t.quiet.tps()));
    }

    private Timings timeQuietThenBusy(Load load) {
        SubmissionModelLoader loader = EngineSubmissionModel.loader();
        DecodingSettings oneThread = new DecodingSettings(DecodingSettings.SPECULATIVE, DRAFT, 0, 0, 1, 0, 1);
        try (SubmissionModel spec = loader.open(dir.resolve("model"), Optional.of(dir.resolve("drafter")), oneThread);
                SubmissionModel plain =
                        loader.open(dir.resolve("model"), Optional.empty(), oneThread.plainBaseline())) {
            Machine machine = new Machine(new SplittableRandom(11));
            ThroughputTrials quiet = time(machine, spec, plain);
            machine.load = load;
            machine.requests = 0;
            ThroughputTrials busy = time(machine, spec, plain);
            return new Timings(quiet, busy);
        }
    }

    private ThroughputTrials time(Machine machine, SubmissionModel spec, SubmissionModel plain) {
        return ThroughputTrials.run(
                OUTPUT_TOKENS,
                WARMUP,
                TRIALS,
                machine.clock,
                new CostedModel(spec, machine, false),
                prompts,
                Optional.of(new CostedModel(plain, machine, true)),
                prompts,
                ProgressListener.NONE);
    }

    /** The claim's timing, the re-run's, and the verdicts on claims of a multiple of the quiet numbers. */
    private final class Timings {
        final ThroughputTrials quiet;
        final ThroughputTrials busy;

        Timings(ThroughputTrials quiet, ThroughputTrials busy) {
            this.quiet = quiet;
            this.busy = busy;
        }

        VerdictRules.Verdict verdict(double inflation) {
            Map<String, Object> summary =
                    Map.of("score", busy.tps(), "speedup", busy.speedup().orElseThrow());
            VerdictRules.Claim claim = new VerdictRules.Claim(
                    inflation * quiet.tps(),
                    OptionalDouble.of(inflation * quiet.speedup().orElseThrow()));
            return VerdictRules.verdict(claim, summary, config).orElseThrow();
        }

        String report() {
            return String.format(
                    Locale.ROOT,
                    "quiet %.1f tok/s, speed-up %.3f (trials %s); busy %.1f tok/s, speed-up %.3f (trials %s)",
                    quiet.tps(),
                    quiet.speedup().orElseThrow(),
                    quiet.tpsTrials(),
                    busy.tps(),
                    busy.speedup().orElseThrow(),
                    busy.tpsTrials());
        }
    }

    /** What the busy timing's load does. */
    private enum Load {
        QUIET,
        BOTH_SIDES,
        BASELINE_ONLY
    }

    /** The fake clock and the load on it. */
    private static final class Machine {
        final FakeTicker clock = new FakeTicker();
        final SplittableRandom random;
        Load load = Load.QUIET;
        int requests;

        Machine(SplittableRandom random) {
            this.random = random;
        }

        /** How much slower than quiet the next request of one side runs. */
        double slowdown(boolean baseline) {
            double progress = Math.min(1, requests++ / (double) REQUESTS);
            return switch (load) {
                case QUIET -> random.nextDouble(0.97, 1.03);
                case BOTH_SIDES ->
                    (2 + 2.5 * progress) // the spinning threads take the cores
                            * random.nextDouble(0.8, 1.25) // the scheduler's slices
                            * (random.nextDouble() < 0.1 ? 1.6 : 1); // a pre-emption
                case BASELINE_ONLY -> baseline ? 1.6 : 1;
            };
        }
    }

    /**
     * A submission whose requests advance the machine's clock by their forwards' cost: a target forward over {@code r}
     * positions costs 1 ms + 0.3 ms per extra position (a memory-bound forward reads the weights once), a drafter step
     * 0.15 ms.
     */
    private static final class CostedModel extends ForwardingModel {
        private final Machine machine;
        private final boolean baseline;

        CostedModel(SubmissionModel delegate, Machine machine, boolean baseline) {
            super(delegate);
            this.machine = machine;
            this.baseline = baseline;
        }

        @Override
        public Generation generate(int[] prompt, int outputTokens) {
            Generation g = delegate.generate(prompt, outputTokens);
            double ms = forward(prompt.length);
            if (g.draftSteps() == 0) {
                ms += (outputTokens - 1) * forward(1);
            } else {
                ms += g.draftSteps() * forward(DRAFT + 1) + g.draftedTokens() * 0.15;
            }
            machine.clock.advance(Math.round(ms * 1e6 * machine.slowdown(baseline)));
            return g;
        }

        private static double forward(int positions) {
            return 1 + 0.3 * (positions - 1);
        }

        @Override
        public void close() {}
    }
}
