package dev.agentcollab.app.demo;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.inference.harness.BenchmarkHarness;
import dev.agentcollab.inference.harness.ChartPoint;
import dev.agentcollab.inference.harness.EngineSubmissionModel;
import dev.agentcollab.inference.harness.HarnessConfig;
import dev.agentcollab.inference.harness.HarnessData;
import dev.agentcollab.inference.harness.HarnessMain;
import dev.agentcollab.inference.harness.HarnessSummary;
import dev.agentcollab.inference.harness.ProgressListener;
import dev.agentcollab.inference.harness.SubmissionInfo;
import dev.agentcollab.inference.harness.SubmissionLayout;
import dev.agentcollab.inference.harness.SummaryTable;
import dev.agentcollab.inference.harness.TerminalProgressBar;
import dev.agentcollab.inference.harness.Ticker;
import dev.agentcollab.inference.harness.TpsPerplexityChart;
import dev.agentcollab.inference.model.ModelWriter;
import dev.agentcollab.inference.pair.AcceptingPair;
import dev.agentcollab.inference.pair.TinyPair;
import dev.agentcollab.inference.safetensors.DType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An end-to-end demonstration on a tiny model with the Gemma 4 shape rules (per-layer embeddings, KV
 * sharing, sliding and global layers) and an MTP drafter, small enough for a CPU in seconds:
 *
 * <ol>
 *   <li>writes a submission ({@code model/}, {@code drafter/}, {@code decoding.json} = speculative k=3 greedy,
 *       {@code submission.json}) under {@code workDir/submission};
 *   <li>writes harness data ({@link DemoData}) under {@code workDir/data}, measuring the reference scores with the
 *       plain target;
 *   <li>runs the harness and writes {@code summary.json}, {@code result.md}, {@code summary.txt} and
 *       {@code chart.png} into {@code workDir/state}.
 * </ol>
 *
 * The weights are constructed ({@link #pair()}): the drafter genuinely predicts the target (about 2.9 tokens per
 * verification). The model fits in the CPU's cache, so a 4-token verification costs about four 1-token forwards and
 * speculative decoding runs at about 0.7x plain decoding here; it pays off on models bound by memory bandwidth.
 * Quality numbers say nothing about real models; the pipeline is the real one.
 */
public final class DemoBenchmark {
    /** Tokens generated per benchmark request in the demo (the tiny model's context is 512 positions). */
    public static final int OUTPUT_TOKENS = 32;

    /** Seed of the demo's model pair ({@link #pair()}). */
    public static final long PAIR_SEED = TinyPair.SEED;

    private static final SubmissionInfo SPEC_INFO = new SubmissionInfo(
            "demo-mtp-k3",
            "tiny Gemma-4-shaped target + MTP drafter that predicts it, speculative k=3",
            "Demo on constructed weights: the drafter follows the target's skip-path function with Gemma 4 MTP-like"
                    + " acceptance; quality numbers say nothing about real models.");

    /** The submission whose weights are quantised to Q8_0 at load time; it passes the quality gate. */
    public static final String Q8_NAME = "demo-q8-mtp-k3";

    /** The submission whose weights are quantised to 3-bit levels at load time; its perplexity fails the gate. */
    public static final String Q3_NAME = "demo-q3-mtp-k3";

    /** How many submissions {@link #prepareSuite} writes (and the demo benchmarks, promotes and announces). */
    public static final int SUBMISSIONS = 4;

    private DemoBenchmark() {}

    /**
     * Runs the demo: one lossless submission (the target with its MTP drafter, speculative k=3 greedy).
     *
     * @param workDir an empty or new directory for the submission, data and state
     * @param seed the seed of the data (the model pair has its own, {@link #PAIR_SEED})
     * @param progress receives progress (e.g. {@link TerminalProgressBar#onStderr()} or {@link ProgressListener#NONE})
     * @return the harness summary (also in {@code workDir/state/summary.json})
     * @throws CollabException {@link ErrorCode#INTERNAL} when the files cannot be written
     */
    public static HarnessSummary run(Path workDir, long seed, ProgressListener progress) {
        SplittableRandom random = new SplittableRandom(seed);
        AcceptingPair pair = pair();
        Path submission = workDir.resolve("submission");
        writeSubmission(submission, pair, "speculative", "f32", SPEC_INFO);
        BenchmarkHarness harness = harness(progress);
        HarnessData data = referenceData(harness, submission.resolve("model"), workDir.resolve("data"), random);
        HarnessSummary summary = harness.run(SubmissionLayout.read(submission), data);
        HarnessMain.writeOutputs(workDir.resolve("state"), summary, "score");
        return summary;
    }

    /**
     * Writes four submissions of the same tiny target and their shared data, without benchmarking them: plain
     * greedy decoding and speculative decoding with the MTP drafter (both lossless), then speculative decoding with
     * the weights quantised at load time to Q8_0 ({@code "weights": "q8_0"}, which passes the quality gate) and to
     * 3-bit levels ({@code "weights": "q3_0"}, whose perplexity fails it). The checkpoints are the same f32 files;
     * the engine quantises them. The reference scores in {@code workDir/data} are measured with the plain target. Use
     * it to benchmark the submissions elsewhere, e.g. as jobs; {@link #runSuite} benchmarks them in this process.
     *
     * @param workDir an empty or new directory; gets {@code <name>/submission} per submission and {@code data}
     * @param seed the seed of the data (the model pair has its own, {@link #PAIR_SEED})
     * @param progress receives the reference measurement's progress
     * @return the submission folders: plain, speculative, Q8_0, 3-bit
     */
    public static List<Path> prepareSuite(Path workDir, long seed, ProgressListener progress) {
        return prepare(workDir, seed, harness(progress)).submissions();
    }

    /**
     * Runs the four submissions of {@link #prepareSuite} against the same data and reference. Each gets
     * {@code workDir/<name>/state}; {@code workDir/chart.png} and {@code workDir/summary.txt} compare them.
     *
     * @param workDir an empty or new directory
     * @param seed the seed of the data (the model pair has its own, {@link #PAIR_SEED})
     * @param progress receives progress
     * @return the four summaries: plain, speculative, Q8_0, 3-bit
     */
    public static List<HarnessSummary> runSuite(Path workDir, long seed, ProgressListener progress) {
        BenchmarkHarness harness = harness(progress);
        Suite suite = prepare(workDir, seed, harness);
        List<HarnessSummary> out = new java.util.ArrayList<>();
        for (Path dir : suite.submissions()) {
            HarnessSummary s = harness.run(SubmissionLayout.read(dir), suite.data());
            HarnessMain.writeOutputs(dir.resolveSibling("state"), s, "score");
            out.add(s);
        }
        TpsPerplexityChart.write(
                workDir.resolve("chart.png"),
                "demo: tokens/s vs perplexity",
                out.stream().map(ChartPoint::of).toList(),
                java.util.OptionalDouble.of(out.get(0).pplCap()));
        try {
            java.nio.file.Files.writeString(workDir.resolve("summary.txt"), SummaryTable.render(out));
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INTERNAL, "cannot write " + workDir.resolve("summary.txt"))
                    .withCause(e);
        }
        return List.copyOf(out);
    }

    private record Suite(List<Path> submissions, HarnessData data) {}

    private static Suite prepare(Path workDir, long seed, BenchmarkHarness harness) {
        SplittableRandom random = new SplittableRandom(seed);
        AcceptingPair pair = pair();
        Path plain = workDir.resolve("demo-plain/submission");
        Path spec = workDir.resolve("demo-mtp-k3/submission");
        Path q8 = workDir.resolve(Q8_NAME + "/submission");
        Path q3 = workDir.resolve(Q3_NAME + "/submission");
        writeSubmission(plain, pair, "plain", "f32", new SubmissionInfo("demo-plain", "plain greedy decoding", ""));
        writeSubmission(spec, pair, "speculative", "f32", SPEC_INFO);
        writeSubmission(
                q8,
                pair,
                "speculative",
                "q8_0",
                new SubmissionInfo(
                        Q8_NAME,
                        "Q8_0 weights (int8, one scale per 32) + MTP drafter, speculative k=3",
                        "Weights quantised to Q8_0 at load time and multiplied by the int8 kernels."));
        writeSubmission(
                q3,
                pair,
                "speculative",
                "q3_0",
                new SubmissionInfo(
                        Q3_NAME,
                        "3-bit block weights (levels -3..3, one scale per 32) + MTP drafter, speculative k=3",
                        "Weights quantised to 3-bit levels at load time, held and multiplied as Q8_0 blocks."));
        HarnessData data = referenceData(harness, plain.resolve("model"), workDir.resolve("data"), random);
        return new Suite(List.of(plain, spec, q8, q3), data);
    }

    private static BenchmarkHarness harness(ProgressListener progress) {
        HarnessConfig config = HarnessConfig.custom()
                .outputTokens(OUTPUT_TOKENS)
                .warmupRequests(1)
                .identityCheck(2, 24)
                .build();
        return new BenchmarkHarness(
                config,
                EngineSubmissionModel.loader(512, Ticker.system()),
                Ticker.system(),
                InstantSource.system(),
                progress);
    }

    private static HarnessData referenceData(
            BenchmarkHarness harness, Path referenceModel, Path dataDir, SplittableRandom random) {
        HarnessData data = DemoData.generate(referenceModel, random);
        data = data.withReference(harness.measureReference(referenceModel, data));
        data.write(dataDir);
        return data;
    }

    /**
     * The demo's model pair, {@link TinyPair#build()}: the drafter really predicts the target (about 0.7 of first
     * draft tokens accepted, falling with the position). The pair's seed is fixed and independent of the demo's data
     * seed, so every demo runs the same, measured pair.
     *
     * @return the pair
     */
    public static AcceptingPair pair() {
        return TinyPair.build();
    }

    private static void writeSubmission(
            Path dir, AcceptingPair pair, String mode, String weights, SubmissionInfo info) {
        ModelWriter.writeTarget(dir.resolve("model"), pair.target(), DType.F32);
        DemoTokenizer.write(dir.resolve("model/tokenizer.json"));
        ModelWriter.writeDrafter(dir.resolve("drafter"), pair.drafter(), DType.F32);
        try {
            Json.mapper()
                    .writeValue(
                            dir.resolve("decoding.json").toFile(),
                            Map.of(
                                    "mode",
                                    mode,
                                    "draft_tokens",
                                    3,
                                    "temperature",
                                    0,
                                    "seed",
                                    1,
                                    "threads",
                                    1,
                                    "weights",
                                    weights));
            Json.mapper().writeValue(dir.resolve("submission.json").toFile(), info);
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INTERNAL, "cannot write the demo submission to " + dir)
                    .withCause(e);
        }
    }
}
