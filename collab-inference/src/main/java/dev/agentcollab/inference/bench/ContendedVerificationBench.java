package dev.agentcollab.inference.bench;

import dev.agentcollab.api.result.Verification;
import dev.agentcollab.core.service.result.ResultsConfig;
import dev.agentcollab.core.service.verify.VerdictRules;
import dev.agentcollab.inference.harness.DecodingSettings;
import dev.agentcollab.inference.harness.EngineSubmissionModel;
import dev.agentcollab.inference.harness.JitSettle;
import dev.agentcollab.inference.harness.ProgressListener;
import dev.agentcollab.inference.harness.SubmissionModel;
import dev.agentcollab.inference.harness.SubmissionModelLoader;
import dev.agentcollab.inference.harness.ThroughputTrials;
import dev.agentcollab.inference.harness.Ticker;
import dev.agentcollab.inference.model.DrafterConfig;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.ModelWriter;
import dev.agentcollab.inference.model.RandomCheckpoints;
import dev.agentcollab.inference.pair.TinyPair;
import dev.agentcollab.inference.safetensors.DType;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * How the verifier's same-job speed-up behaves on a busy machine, measured on the real CPU engine. Each round times a
 * speculative submission and its plain-decoding baseline (interleaved request by request, as the harness does) once
 * quietly, which is the claim, and once while spinning threads share the machine, which is the verification re-run;
 * then it judges the honest claim and a claim inflated 2x against the busy re-run with the verifier's rules
 * ({@link VerdictRules}). The table prints, per round, both sides' tokens/s and speed-ups and the relative moves
 * between them, so a noisy machine still shows whether the ratio holds while the absolute speed falls.
 *
 * <p>This is a measurement of the machine as much as of the code: the ratio holds only where the load slows both
 * sides alike (see docs/harness.md, "What is measured").
 */
public final class ContendedVerificationBench {
    private ContendedVerificationBench() {}

    /**
     * The bench's settings.
     *
     * @param rounds quiet/busy rounds, at least 1
     * @param trials timed trials per side and timing, at least 1
     * @param warmup unmeasured request pairs before each timing, continued until the JIT has settled ({@link
     *     JitSettle#runtime()})
     * @param hidden the target's hidden size (the MLP is 4x as wide)
     * @param outputTokens tokens per request
     * @param draftTokens the speculative draft length K
     * @param spinners threads that spin during the busy timing
     * @param seed weights and prompts seed
     */
    public record Options(
            int rounds,
            int trials,
            int warmup,
            int hidden,
            int outputTokens,
            int draftTokens,
            int spinners,
            long seed) {
        /** Validates. */
        public Options {
            if (rounds < 1 || trials < 1 || warmup < 0 || hidden < 8 || outputTokens < 1 || spinners < 0) {
                throw new IllegalArgumentException("rounds, trials, hidden, tokens must be positive and warmup,"
                        + " spinners >= 0, but were " + rounds + ", " + trials + ", " + hidden + ", " + outputTokens
                        + ", " + warmup + ", " + spinners);
            }
            if (draftTokens < 1 || draftTokens > 16) {
                throw new IllegalArgumentException("draft tokens must be in [1, 16], but was " + draftTokens);
            }
        }
    }

    /**
     * One round's two timings and the verdicts on the busy one.
     *
     * @param quiet the claim's timing
     * @param busy the re-run's timing
     * @param honest the verdict on the quiet claim
     * @param inflated the verdict on a claim of twice the quiet score and speed-up
     */
    public record Round(
            ThroughputTrials quiet, ThroughputTrials busy, VerdictRules.Verdict honest, VerdictRules.Verdict inflated) {
        /**
         * The busy speed-up's move relative to the quiet one, as the verifier computes it.
         *
         * @return {@code (busy - quiet) / quiet}
         */
        public double speedupMove() {
            double q = quiet.speedup().orElseThrow();
            return (busy.speedup().orElseThrow() - q) / q;
        }

        /**
         * The busy score's move relative to the quiet one.
         *
         * @return {@code (busy - quiet) / quiet}
         */
        public double tpsMove() {
            return (busy.tps() - quiet.tps()) / quiet.tps();
        }
    }

    /**
     * Runs the rounds on a random model written to a temporary folder, printing the table.
     *
     * @param o the settings
     * @param out where the table goes
     * @return the rounds
     */
    public static List<Round> run(Options o, PrintStream out) {
        Path dir;
        try {
            dir = Files.createTempDirectory("contended-verification");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return run(o, dir, out);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static List<Round> run(Options o, Path dir, PrintStream out) {
        ModelConfig shape = TinyPair.target().toBuilder()
                .hiddenSize(o.hidden())
                .intermediateSize(4 * o.hidden())
                .build();
        SplittableRandom random = new SplittableRandom(o.seed());
        DrafterConfig drafter = new DrafterConfig(TinyPair.drafter().text(), o.hidden(), true, 16, 4);
        ModelWriter.writeTarget(dir.resolve("model"), RandomCheckpoints.target(shape, random), DType.F32);
        ModelWriter.writeDrafter(dir.resolve("drafter"), RandomCheckpoints.drafter(drafter, random), DType.F32);
        DecodingSettings oneThread = new DecodingSettings(DecodingSettings.SPECULATIVE, o.draftTokens(), 0, 0, 1, 0, 1);
        List<int[]> prompts = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            prompts.add(random.ints(12, 3, shape.vocabSize()).toArray());
        }
        out.printf(
                Locale.ROOT,
                "contended verification: hidden %d, MLP %d, %d layers, speculative k=%d vs plain, one worker thread"
                        + " each; %d trials x %d requests x %d tokens per side; busy = %d spinning threads; %d"
                        + " processors, load average %.2f%n%n",
                shape.hiddenSize(),
                shape.intermediateSize(),
                shape.numLayers(),
                o.draftTokens(),
                o.trials(),
                prompts.size(),
                o.outputTokens(),
                o.spinners(),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.println("| round | quiet tok/s | busy tok/s | tok/s move | quiet speed-up | busy speed-up | speed-up move"
                + " | fastest-trial speed-ups (quiet / busy) | honest claim | 2x claim |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        ResultsConfig config = ResultsConfig.custom().scoreField("score").build();
        SubmissionModelLoader loader = EngineSubmissionModel.loader();
        List<Round> rounds = new ArrayList<>();
        try (SubmissionModel model = loader.open(dir.resolve("model"), Optional.of(dir.resolve("drafter")), oneThread);
                SubmissionModel baseline =
                        loader.open(dir.resolve("model"), Optional.empty(), oneThread.plainBaseline())) {
            for (int r = 1; r <= o.rounds(); r++) {
                ThroughputTrials quiet = time(o, model, baseline, prompts);
                ThroughputTrials busy = whileSpinning(o.spinners(), () -> time(o, model, baseline, prompts));
                Map<String, Object> summary =
                        Map.of("score", busy.tps(), "speedup", busy.speedup().orElseThrow());
                double claimed = quiet.speedup().orElseThrow();
                Round round = new Round(
                        quiet,
                        busy,
                        verdict(quiet.tps(), claimed, summary, config),
                        verdict(2 * quiet.tps(), 2 * claimed, summary, config));
                rounds.add(round);
                out.printf(
                        Locale.ROOT,
                        "| %d | %.1f | %.1f | %+.1f %% | %.3f | %.3f | %+.1f %% | %.3f / %.3f | %s | %s |%n",
                        r,
                        quiet.tps(),
                        busy.tps(),
                        100 * round.tpsMove(),
                        claimed,
                        busy.speedup().orElseThrow(),
                        100 * round.speedupMove(),
                        fastestTrialSpeedup(quiet),
                        fastestTrialSpeedup(busy),
                        round.honest().state(),
                        round.inflated().state());
                out.flush();
            }
        }
        long valid = rounds.stream()
                .filter(x -> Verification.VALID.equals(x.honest().state()))
                .count();
        long caught = rounds.stream()
                .filter(x -> Verification.INVALID.equals(x.inflated().state()))
                .count();
        double worst = rounds.stream()
                .mapToDouble(x -> Math.abs(x.speedupMove()))
                .max()
                .orElseThrow();
        out.printf(
                Locale.ROOT,
                "%nhonest claims valid: %d of %d; 2x claims caught: %d of %d; largest speed-up move %.1f %%"
                        + " (tolerance %.0f %%)%n",
                valid,
                rounds.size(),
                caught,
                rounds.size(),
                100 * worst,
                100 * ResultsConfig.DEFAULT_RATIO_TOL);
        return rounds;
    }

    /** The ratio of the two sides' fastest trials: a minimum-time estimate, printed beside the verifier's median. */
    static double fastestTrialSpeedup(ThroughputTrials t) {
        double sub =
                t.tpsTrials().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double base = t.baselineTrials().stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElseThrow();
        return sub / base;
    }

    private static VerdictRules.Verdict verdict(
            double score, double speedup, Map<String, Object> summary, ResultsConfig config) {
        return VerdictRules.verdict(new VerdictRules.Claim(score, OptionalDouble.of(speedup)), summary, config)
                .orElseThrow();
    }

    private static ThroughputTrials time(
            Options o, SubmissionModel model, SubmissionModel baseline, List<int[]> prompts) {
        return ThroughputTrials.run(
                o.outputTokens(),
                o.warmup(),
                JitSettle.runtime(),
                o.trials(),
                Ticker.system(),
                model,
                prompts,
                Optional.of(baseline),
                prompts,
                ProgressListener.NONE);
    }

    /** Runs {@code timing} while {@code spinners} threads keep the processors busy. */
    static <T> T whileSpinning(int spinners, java.util.function.Supplier<T> timing) {
        AtomicBoolean busy = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, spinners));
        try {
            for (int i = 0; i < spinners; i++) {
                pool.submit(() -> spin(busy));
            }
            return timing.get();
        } finally {
            busy.set(false);
            pool.shutdown();
            try {
                if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the spinning threads did not stop within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void spin(AtomicBoolean busy) {
        double x = 1;
        while (busy.get()) {
            for (int i = 0; i < 100_000; i++) {
                x = Math.sin(x) + 1.0001;
            }
        }
        if (x == 42) {
            System.out.println(x); // keeps the loop from being optimised away
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
