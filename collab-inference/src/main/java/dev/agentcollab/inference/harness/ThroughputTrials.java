package dev.agentcollab.inference.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Several timed throughput trials of a submission, optionally interleaved request by request with plain decoding
 * of the reference model (the baseline), so both see the same machine load. The score is the median trial; the
 * speed-up is the median of the per-trial ratios, which stays put when a shared machine slows both sides alike.
 *
 * @param submission the submission's trials, in run order
 * @param baseline the baseline's trials, in run order (empty without a baseline)
 */
public record ThroughputTrials(List<ThroughputResult> submission, List<ThroughputResult> baseline) {

    /** Validates and copies. */
    public ThroughputTrials {
        submission = List.copyOf(submission);
        baseline = List.copyOf(baseline);
        if (submission.isEmpty()) {
            throw new IllegalArgumentException("at least one trial is required");
        }
        if (!baseline.isEmpty() && baseline.size() != submission.size()) {
            throw new IllegalArgumentException("baseline trials must pair with submission trials");
        }
    }

    /**
     * Runs the trials: the warm-up requests once per model before the first trial, then per trial every prompt in
     * turn. With a baseline, each prompt is a pair of requests, baseline and submission back to back (which one goes
     * first alternates from prompt to prompt), so both sides of a pair see the same machine load, and each side's
     * wall time is the sum of its own requests' times.
     *
     * @param outputTokens tokens per request
     * @param warmupRequests unmeasured requests before each model's first trial
     * @param trials number of timed trials, at least 1
     * @param ticker the time source
     * @param model the submission
     * @param prompts its prompts
     * @param baselineModel plain decoding of the reference model, if measured
     * @param baselinePrompts the baseline's prompts (the same texts, encoded for it; as many as {@code prompts})
     * @param progress receives each trial's progress
     * @return the trials
     */
    public static ThroughputTrials run(
            int outputTokens,
            int warmupRequests,
            int trials,
            Ticker ticker,
            SubmissionModel model,
            List<int[]> prompts,
            Optional<SubmissionModel> baselineModel,
            List<int[]> baselinePrompts,
            ProgressListener progress) {
        return run(
                outputTokens,
                warmupRequests,
                JitSettle.NONE,
                trials,
                ticker,
                model,
                prompts,
                baselineModel,
                baselinePrompts,
                progress);
    }

    /**
     * {@link #run(int, int, int, Ticker, SubmissionModel, List, Optional, List, ProgressListener)} with warm-up that
     * goes on past {@code warmupRequests} rounds until the JIT has settled ({@link JitSettle}); a round is one
     * request of each model measured.
     *
     * @param outputTokens tokens per request
     * @param warmupRequests warm-up rounds before the first trial (one request per model and round)
     * @param settle when warm-up stops after those rounds
     * @param trials number of timed trials, at least 1
     * @param ticker the time source
     * @param model the submission
     * @param prompts its prompts
     * @param baselineModel plain decoding of the reference model, if measured
     * @param baselinePrompts the baseline's prompts (the same texts, encoded for it; as many as {@code prompts})
     * @param progress receives each trial's progress
     * @return the trials
     */
    public static ThroughputTrials run(
            int outputTokens,
            int warmupRequests,
            JitSettle settle,
            int trials,
            Ticker ticker,
            SubmissionModel model,
            List<int[]> prompts,
            Optional<SubmissionModel> baselineModel,
            List<int[]> baselinePrompts,
            ProgressListener progress) {
        Objects.requireNonNull(settle, "settle");
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be >= 1, but was " + trials);
        }
        Objects.requireNonNull(baselineModel, "baselineModel");
        List<ThroughputResult> ours = new ArrayList<>();
        List<ThroughputResult> base = new ArrayList<>();
        if (baselineModel.isEmpty()) {
            for (int t = 0; t < trials; t++) {
                int warmup = t == 0 ? warmupRequests : 0;
                ours.add(new ThroughputBenchmark(outputTokens, warmup, ticker, settle).run(model, prompts, progress));
            }
            return new ThroughputTrials(ours, base);
        }
        if (baselinePrompts.size() != prompts.size() || prompts.isEmpty()) {
            throw new IllegalArgumentException("the baseline needs one prompt per submission prompt");
        }
        SubmissionModel plain = baselineModel.get();
        settle.warmUp(warmupRequests, round -> {
            int i = round % prompts.size();
            plain.generate(baselinePrompts.get(i), outputTokens);
            model.generate(prompts.get(i), outputTokens);
        });
        for (int t = 0; t < trials; t++) {
            Side sub = new Side();
            Side bl = new Side();
            progress.start("throughput vs baseline", prompts.size());
            for (int i = 0; i < prompts.size(); i++) {
                if ((i + t) % 2 == 0) {
                    bl.request(plain, baselinePrompts.get(i), outputTokens, ticker, i);
                    sub.request(model, prompts.get(i), outputTokens, ticker, i);
                } else {
                    sub.request(model, prompts.get(i), outputTokens, ticker, i);
                    bl.request(plain, baselinePrompts.get(i), outputTokens, ticker, i);
                }
                progress.advance(
                        i + 1, String.format(java.util.Locale.ROOT, "%.1f vs %.1f tok/s", sub.tps(), bl.tps()));
            }
            progress.finish();
            ours.add(sub.result());
            base.add(bl.result());
        }
        return new ThroughputTrials(ours, base);
    }

    /** One side's counters over a paired trial. */
    private static final class Side {
        int requests;
        long promptTokens;
        long completion;
        long wall;
        long steps;
        long drafted;
        long accepted;

        void request(SubmissionModel m, int[] prompt, int outputTokens, Ticker ticker, int index) {
            long start = ticker.nanos();
            SubmissionModel.Generation g = m.generate(prompt, outputTokens);
            wall += Math.max(1, ticker.nanos() - start);
            if (g.length() != outputTokens) {
                throw dev.agentcollab.api.error.CollabException.of(
                        dev.agentcollab.api.error.ErrorCode.INVALID_REQUEST,
                        "request " + index + " produced " + g.length() + " tokens, expected exactly " + outputTokens,
                        "the submission must ignore end-of-sequence tokens during the benchmark");
            }
            requests++;
            promptTokens += prompt.length;
            completion += g.length();
            steps += g.draftSteps();
            drafted += g.draftedTokens();
            accepted += g.acceptedTokens();
        }

        double tps() {
            return wall == 0 ? 0 : completion * 1e9 / wall;
        }

        ThroughputResult result() {
            return new ThroughputResult(requests, promptTokens, completion, wall, steps, drafted, accepted);
        }
    }

    /**
     * The submission's trial with the median tokens/s (the lower middle one for an even count): the trial whose
     * counters (total tokens/s, wall time, token counts, acceptance) a summary reports. Its tokens/s is not the score
     * for an even count; {@link #tps()} is.
     *
     * @return the median trial
     */
    public ThroughputResult medianTrial() {
        List<ThroughputResult> sorted = new ArrayList<>(submission);
        sorted.sort((a, b) -> Double.compare(a.tps(), b.tps()));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /**
     * The score: the median of the submission's trials.
     *
     * @return tokens/s
     */
    public double tps() {
        return median(tps(submission));
    }

    /**
     * Each submission trial's tokens/s, in run order.
     *
     * @return tokens/s per trial
     */
    public List<Double> tpsTrials() {
        return Arrays.stream(tps(submission)).boxed().toList();
    }

    /**
     * The dispersion of the submission's trials: {@code (max - min) / median}.
     *
     * @return the relative spread, 0 for one trial
     */
    public double spread() {
        double[] v = tps(submission);
        return (Arrays.stream(v).max().orElseThrow() - Arrays.stream(v).min().orElseThrow()) / median(v);
    }

    /**
     * The baseline's median tokens/s.
     *
     * @return tokens/s, or empty without a baseline
     */
    public Optional<Double> baselineTps() {
        return baseline.isEmpty() ? Optional.empty() : Optional.of(median(tps(baseline)));
    }

    /**
     * Each baseline trial's tokens/s, in run order.
     *
     * @return tokens/s per trial (empty without a baseline)
     */
    public List<Double> baselineTrials() {
        return Arrays.stream(tps(baseline)).boxed().toList();
    }

    /**
     * The speed-up over the baseline: the median of each trial's submission ÷ baseline tokens/s.
     *
     * @return the ratio, or empty without a baseline
     */
    public Optional<Double> speedup() {
        if (baseline.isEmpty()) {
            return Optional.empty();
        }
        double[] ratios = new double[submission.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = submission.get(i).tps() / baseline.get(i).tps();
        }
        return Optional.of(median(ratios));
    }

    private static double[] tps(List<ThroughputResult> results) {
        return results.stream().mapToDouble(ThroughputResult::tps).toArray();
    }

    /** The median (mean of the two middle values for an even count). */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
