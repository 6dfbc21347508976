package dev.agentcollab.inference.harness;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * How long warm-up goes on: the requested warm-up rounds, then more rounds until the JIT compiler has finished no
 * compilation for {@link #quiet} (or until {@link #cap} has passed since warm-up began), so the timed trials measure
 * compiled code rather than how far compilation got.
 *
 * <p>A fixed number of warm-up requests is no such guarantee when requests are short: on the demo's small model a
 * request takes a few milliseconds, four of them finish while C2 is still compiling the kernels in the background,
 * and the timed requests then run code that is not compiled yet. Measured with the harness on the demo's plain
 * submission (fresh JVM per run, 6 prompts x 32 tokens, 5 trials, three runs each): 5.9-8.0 thousand tok/s after the
 * 4 requested warm-up requests, 14.4-21.5 with settling; earlier, 1 500 warm-up requests gave 15.1-16.5. A large
 * model's requests outlast its compilation, so its warm-up stops after the requested rounds.
 *
 * @param quiet how long no compilation must have finished before the trials start
 * @param cap the most time warm-up runs past the requested rounds; {@link Duration#ZERO} turns settling off
 * @param compileMillis the JIT's accumulated compilation time in milliseconds ({@link CompilationMXBean}); it only
 *     has to change when a compilation finishes
 * @param nanoTime the monotonic clock the quiet window and the cap are measured on (the JIT works in real time, so
 *     this is not the harness's injectable {@link Ticker})
 */
public record JitSettle(Duration quiet, Duration cap, LongSupplier compileMillis, LongSupplier nanoTime) {
    /** No settling: exactly the requested warm-up rounds. */
    public static final JitSettle NONE = new JitSettle(Duration.ZERO, Duration.ZERO, () -> 0, () -> 0);

    /** Validates. */
    public JitSettle {
        Objects.requireNonNull(quiet, "quiet");
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(compileMillis, "compileMillis");
        Objects.requireNonNull(nanoTime, "nanoTime");
        if (quiet.isNegative() || cap.isNegative()) {
            throw new IllegalArgumentException("quiet and cap must be >= 0, but were " + quiet + " and " + cap);
        }
    }

    /**
     * Settling on this JVM's JIT: quiet for 250 ms, at most 20 s. Where the JVM does not report compilation time,
     * {@link #NONE}.
     *
     * @return the settling the harness uses
     */
    public static JitSettle runtime() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return NONE;
        }
        return new JitSettle(
                Duration.ofMillis(250), Duration.ofSeconds(20), jit::getTotalCompilationTime, System::nanoTime);
    }

    /**
     * Runs {@code requested} warm-up rounds, then, unless {@code requested} is 0 or settling is off, further rounds
     * until no compilation has finished for {@link #quiet} or {@link #cap} has passed since the first round began.
     *
     * @param requested warm-up rounds asked for, at least 0
     * @param round one warm-up round (a request of each model measured), given its index from 0
     * @return how many rounds ran
     */
    public int warmUp(int requested, IntConsumer round) {
        if (requested < 0) {
            throw new IllegalArgumentException("requested must be >= 0, but was " + requested);
        }
        long start = nanoTime.getAsLong();
        long lastChange = start;
        long seen = compileMillis.getAsLong();
        int rounds = 0;
        while (rounds < requested || settling(requested, start, lastChange, nanoTime.getAsLong())) {
            round.accept(rounds++);
            long now = compileMillis.getAsLong();
            if (now != seen) {
                seen = now;
                lastChange = nanoTime.getAsLong();
            }
        }
        return rounds;
    }

    /** Whether warm-up goes on after the requested rounds. */
    private boolean settling(int requested, long start, long lastChange, long now) {
        return requested > 0 && !cap.isZero() && now - lastChange < quiet.toNanos() && now - start < cap.toNanos();
    }
}
