package dev.agentcollab.inference.harness;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the whole evaluation of one submission: throughput, greedy identity, perplexity and multiple-choice
 * accuracy, judged against reference scores, into one {@link HarnessSummary}.
 *
 * <p>Thread safe as long as the loader is; each run opens and closes its own model.
 */
public final class BenchmarkHarness {
    private final HarnessConfig config;
    private final SubmissionModelLoader loader;
    private final Ticker ticker;
    private final InstantSource clock;
    private final ProgressListener progress;
    private final JitSettle settle;

    /**
     * Creates a harness whose warm-up is exactly the configured number of requests.
     *
     * @param config the settings
     * @param loader opens models
     * @param ticker the monotonic time source for tokens/s
     * @param clock the wall clock for the summary's timestamps
     * @param progress receives stage progress
     */
    public BenchmarkHarness(
            HarnessConfig config,
            SubmissionModelLoader loader,
            Ticker ticker,
            InstantSource clock,
            ProgressListener progress) {
        this(config, loader, ticker, clock, progress, JitSettle.NONE);
    }

    /**
     * Creates a harness whose throughput warm-up goes on past the configured requests until the JIT has settled
     * ({@link JitSettle#runtime()} on the command line).
     *
     * @param config the settings
     * @param loader opens models
     * @param ticker the monotonic time source for tokens/s
     * @param clock the wall clock for the summary's timestamps
     * @param progress receives stage progress
     * @param settle when the throughput warm-up stops
     */
    public BenchmarkHarness(
            HarnessConfig config,
            SubmissionModelLoader loader,
            Ticker ticker,
            InstantSource clock,
            ProgressListener progress,
            JitSettle settle) {
        this.config = Objects.requireNonNull(config, "config");
        this.settle = Objects.requireNonNull(settle, "settle");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Measures the reference model (plain greedy, no drafter) on the data's perplexity records and eval set.
     *
     * @param referenceModelDir the reference target model directory
     * @param data the harness data
     * @return the reference scores
     */
    public ReferenceScores measureReference(Path referenceModelDir, HarnessData data) {
        try (SubmissionModel model = loader.open(referenceModelDir, Optional.empty(), DecodingSettings.plainGreedy())) {
            double ppl = new PerplexityEvaluator()
                    .evaluate(model, data.perplexity(), progress)
                    .perplexity();
            Optional<Double> accuracy = data.eval().isEmpty()
                    ? Optional.empty()
                    : Optional.of(new ChoiceEvaluator(config.scoring())
                            .evaluate(model, data.eval(), progress)
                            .accuracy());
            return new ReferenceScores(ppl, accuracy);
        }
    }

    /**
     * Evaluates a submission.
     *
     * @param submission the submission directory layout
     * @param data the harness data; must carry reference scores
     * @return the summary
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} when the data has no reference scores
     */
    public HarnessSummary run(SubmissionLayout submission, HarnessData data) {
        return run(submission, data, Optional.empty());
    }

    /**
     * Evaluates a submission; with {@link HarnessConfig#baseline()} the baseline is plain greedy decoding of
     * {@code referenceModelDir} (or, without one, of the submission's own target), timed in the same job.
     *
     * @param submission the submission directory layout
     * @param data the harness data; must carry reference scores
     * @param referenceModelDir the reference target model, if known
     * @return the summary
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} when the data has no reference scores
     */
    public HarnessSummary run(SubmissionLayout submission, HarnessData data, Optional<Path> referenceModelDir) {
        ReferenceScores reference = data.reference()
                .orElseThrow(() -> CollabException.of(
                        ErrorCode.INVALID_REQUEST,
                        "no reference scores",
                        "add reference.json to the harness data or pass --reference-model"));
        Instant started = clock.instant();
        DecodingSettings decoding = submission.decoding();
        try (SubmissionModel model = loader.open(submission.modelDir(), submission.drafterDir(), decoding)) {
            List<int[]> prompts = tokenize(data.prompts(), model);
            ThroughputTrials trials = timeTrials(submission, data, referenceModelDir, model, prompts);
            // the score is the true median of the trials (the mean of the two middle ones for an even count), as
            // tps_spread and baseline_tps; the counters come from the median trial (the lower middle one)
            ThroughputResult speed = trials.medianTrial();
            Optional<Boolean> identical = decoding.greedy() && config.identityPrompts() > 0
                    ? Optional.of(greedyIdentical(submission, model, prompts))
                    : Optional.empty();
            PerplexityResult ppl = new PerplexityEvaluator().evaluate(model, data.perplexity(), progress);
            Optional<ChoiceEvaluation> choice = data.eval().isEmpty()
                    ? Optional.empty()
                    : Optional.of(new ChoiceEvaluator(config.scoring()).evaluate(model, data.eval(), progress));
            QualityGate gate = new QualityGate(
                    new PerplexityGate(reference.ppl(), config.pplTolerance()),
                    reference.accuracy(),
                    config.accuracyTolerance());
            Optional<Double> accuracy = choice.map(ChoiceEvaluation::accuracy);
            QualityVerdict verdict = gate.judge(ppl.perplexity(), accuracy, identical);
            boolean drafted = speed.draftSteps() > 0;
            return new HarnessSummary(
                    HarnessSummary.COMPLETED,
                    submission.info().name(),
                    submission.info().method(),
                    model.describe(),
                    decoding.describe(),
                    trials.tps(),
                    speed.totalTps(),
                    speed.completionTokens(),
                    speed.promptTokens(),
                    speed.requests(),
                    config.outputTokens(),
                    speed.wallSeconds(),
                    drafted ? Optional.of(speed.acceptanceRate()) : Optional.empty(),
                    drafted ? Optional.of(speed.meanAcceptanceLength()) : Optional.empty(),
                    ppl.perplexity(),
                    ppl.tokens(),
                    reference.ppl(),
                    gate.perplexity().cap(),
                    verdict.pplPass(),
                    accuracy,
                    reference.accuracy(),
                    config.accuracyTolerance(),
                    choice.map(ChoiceEvaluation::items).orElse(0),
                    identical,
                    verdict.lossy(),
                    verdict.lossless(),
                    verdict.reasons(),
                    choice.map(ChoiceEvaluation::confusion).orElse(java.util.Map.of()),
                    started,
                    clock.instant(),
                    trials.tpsTrials(),
                    trials.spread(),
                    trials.baselineTps(),
                    trials.baselineTrials(),
                    trials.speedup());
        }
    }

    private ThroughputTrials timeTrials(
            SubmissionLayout submission,
            HarnessData data,
            Optional<Path> referenceModelDir,
            SubmissionModel model,
            List<int[]> prompts) {
        if (!config.baseline()) {
            return ThroughputTrials.run(
                    config.outputTokens(),
                    config.warmupRequests(),
                    settle,
                    config.trials(),
                    ticker,
                    model,
                    prompts,
                    Optional.empty(),
                    List.of(),
                    progress);
        }
        Path baselineDir = referenceModelDir.orElse(submission.modelDir());
        DecodingSettings plain = submission.decoding().plainBaseline();
        try (SubmissionModel baseline = loader.open(baselineDir, Optional.empty(), plain)) {
            List<int[]> baselinePrompts = tokenize(data.prompts(), baseline);
            return ThroughputTrials.run(
                    config.outputTokens(),
                    config.warmupRequests(),
                    settle,
                    config.trials(),
                    ticker,
                    model,
                    prompts,
                    Optional.of(baseline),
                    baselinePrompts,
                    progress);
        }
    }

    /**
     * The prompts' token ids for a model, each checked before anything is timed; a prompt it cannot encode or decode
     * fails the run naming the prompt by its id (the file and line when it has none) and its place in the set.
     */
    private static List<int[]> tokenize(List<PromptItem> items, SubmissionModel model) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            PromptItem p = items.get(i);
            try {
                int[] tokens = p.tokens(model);
                model.checkPrompt(tokens);
                out.add(tokens);
            } catch (CollabException e) {
                throw new CollabException(
                        e.code(),
                        "prompt " + p.id() + " (item " + (i + 1) + " of " + items.size() + "): " + e.getMessage(),
                        e.hint().orElse(null),
                        null,
                        e);
            }
        }
        return out;
    }

    /**
     * Whether the first identity prompts decode to the target's plain greedy output. When the weight format changed
     * the checkpoint's weights at load time (quantised, or f32 weights rounded to bf16) the target is the checkpoint
     * as submitted, decoded with its weights as stored, so such a run counts as lossless only when the change altered
     * no greedy token. A bf16 checkpoint held as bf16 is unchanged and compared with its own plain decoding.
     */
    private boolean greedyIdentical(SubmissionLayout submission, SubmissionModel model, List<int[]> prompts) {
        if (!submission.decoding().weightFormat().quantised() && model.weightsAsStored()) {
            return greedyIdentical(model, model, prompts);
        }
        try (SubmissionModel own = loader.open(
                submission.modelDir(), Optional.empty(), submission.decoding().plainBaseline())) {
            return greedyIdentical(model, own, prompts);
        }
    }

    private boolean greedyIdentical(SubmissionModel model, SubmissionModel reference, List<int[]> prompts) {
        int n = Math.min(config.identityPrompts(), prompts.size());
        progress.start("identity", n);
        boolean same = true;
        for (int i = 0; i < n && same; i++) {
            int[] ours = model.generate(prompts.get(i), config.identityTokens()).tokens();
            int[] plain = reference.referenceGreedy(prompts.get(i), config.identityTokens());
            same = Arrays.equals(ours, plain);
            progress.advance(i + 1, same ? "identical" : "DIFFERENT");
        }
        progress.finish();
        return same;
    }
}
