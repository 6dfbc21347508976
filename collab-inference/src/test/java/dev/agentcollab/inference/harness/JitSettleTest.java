package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Warm-up that goes on until the JIT has settled, on a fake clock and a fake compilation counter: each round advances
 * the clock by 10 ms, and the counter moves in the rounds a test says a compilation finished.
 */
class JitSettleTest {
    private static final long ROUND_NANOS = 10_000_000L;

    /** A fake JIT and clock; {@link #round} is one warm-up round. */
    private static final class FakeJit {
        final AtomicLong nanos = new AtomicLong();
        final AtomicLong compileMillis = new AtomicLong();
        final int compilingRounds;
        int rounds;

        FakeJit(int compilingRounds) {
            this.compilingRounds = compilingRounds;
        }

        JitSettle settle(Duration quiet, Duration cap) {
            return new JitSettle(quiet, cap, compileMillis::get, nanos::get);
        }

        void round() {
            rounds++;
            nanos.addAndGet(ROUND_NANOS);
            if (rounds <= compilingRounds) {
                compileMillis.addAndGet(7); // a compilation finished during this round
            }
        }
    }

    @Test
    void warmUpGoesOnUntilNoCompilationHasFinishedForTheQuietWindow() {
        FakeJit jit = new FakeJit(30);
        int rounds = jit.settle(Duration.ofMillis(100), Duration.ofSeconds(20)).warmUp(4, i -> jit.round());
        assertEquals(40, rounds, "the last compilation finished in round 30, then 10 rounds of 10 ms were quiet");
        assertEquals(40, jit.rounds);
    }

    @Test
    void aJitThatHasAlreadySettledAddsNoRoundsToTheRequestedOnes() {
        FakeJit jit = new FakeJit(0);
        assertEquals(
                12, jit.settle(Duration.ofMillis(100), Duration.ofSeconds(20)).warmUp(12, i -> jit.round()));
        FakeJit early = new FakeJit(1);
        assertEquals(
                12,
                early.settle(Duration.ofMillis(100), Duration.ofSeconds(20)).warmUp(12, i -> early.round()),
                "the only compilation finished in round 1, 110 ms before the requested rounds ended");
    }

    @Test
    void theCapEndsWarmUpWhenTheJitNeverSettles() {
        FakeJit jit = new FakeJit(Integer.MAX_VALUE);
        assertEquals(
                50, jit.settle(Duration.ofMillis(100), Duration.ofMillis(500)).warmUp(4, i -> jit.round()));
    }

    @Test
    void noRequestedRoundsOrNoSettlingMeansExactlyTheRequestedRounds() {
        FakeJit none = new FakeJit(Integer.MAX_VALUE);
        assertEquals(
                0, none.settle(Duration.ofMillis(100), Duration.ofSeconds(20)).warmUp(0, i -> none.round()));
        FakeJit off = new FakeJit(Integer.MAX_VALUE);
        assertEquals(4, off.settle(Duration.ofMillis(100), Duration.ZERO).warmUp(4, i -> off.round()));
        List<Integer> rounds = new ArrayList<>();
        assertEquals(3, JitSettle.NONE.warmUp(3, rounds::add));
        assertEquals(List.of(0, 1, 2), rounds, "each round gets its index");
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new JitSettle(Duration.ofMillis(-1), Duration.ZERO, () -> 0, () -> 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new JitSettle(Duration.ZERO, Duration.ofMillis(-1), () -> 0, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> JitSettle.NONE.warmUp(-1, i -> {}));
    }

    @Test
    void theTrialsWarmBothSidesUntilTheJitSettles() {
        FakeTicker ticker = new FakeTicker();
        ScriptedModel sub = new ScriptedModel(ticker, 1_000_000, 0.9, false);
        ScriptedModel base = new ScriptedModel(ticker, 2_000_000, 0.9, false);
        FakeJit jit = new FakeJit(6);
        ThroughputTrials.run(
                10,
                2,
                jit.settle(Duration.ofMillis(50), Duration.ofSeconds(20)),
                1,
                ticker,
                new RoundPerRequest(sub, jit),
                List.of(new int[] {1}),
                Optional.of(base),
                List.of(new int[] {1}),
                ProgressListener.NONE);
        assertEquals(11 + 1, sub.generateCalls, "6 compiling rounds and 5 quiet ones of warm-up, then one trial");
        assertEquals(11 + 1, base.generateCalls);

        FakeJit single = new FakeJit(3);
        ScriptedModel alone = new ScriptedModel(ticker, 1_000_000, 0.9, false);
        new ThroughputBenchmark(10, 1, ticker, single.settle(Duration.ofMillis(20), Duration.ofSeconds(20)))
                .run(new RoundPerRequest(alone, single), List.of(new int[] {1}, new int[] {2}), ProgressListener.NONE);
        assertEquals(5 + 2, alone.generateCalls, "3 compiling rounds and 2 quiet ones, then both prompts");
    }

    /** A model whose every request is one round of the fake JIT (its clock and compilations move with it). */
    private static final class RoundPerRequest extends ForwardingModel {
        private final FakeJit jit;

        RoundPerRequest(SubmissionModel model, FakeJit jit) {
            super(model);
            this.jit = jit;
        }

        @Override
        public Generation generate(int[] prompt, int outputTokens) {
            jit.round();
            return delegate.generate(prompt, outputTokens);
        }
    }
}
