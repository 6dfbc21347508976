package dev.agentcollab.inference.harness;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Measures tokens/s the way the challenge does: warm-up requests first (not measured), then every prompt in
 * turn, one request at a time, each generating exactly {@code outputTokens} tokens regardless of end-of-sequence;
 * the score is all completion tokens divided by the wall time of the measured run.
 *
 * <p>Stateless apart from its settings; thread safe, but the model it drives is not.
 */
public final class ThroughputBenchmark {
    private final int outputTokens;
    private final int warmupRequests;
    private final Ticker ticker;
    private final JitSettle settle;

    /**
     * Creates a benchmark whose warm-up is exactly {@code warmupRequests} requests.
     *
     * @param outputTokens tokens generated per request (the challenge uses 512), at least 1
     * @param warmupRequests unmeasured requests before the run (the challenge uses 4), at least 0
     * @param ticker the time source for the wall time
     */
    public ThroughputBenchmark(int outputTokens, int warmupRequests, Ticker ticker) {
        this(outputTokens, warmupRequests, ticker, JitSettle.NONE);
    }

    /**
     * Creates a benchmark whose warm-up goes on past {@code warmupRequests} requests until the JIT has settled.
     *
     * @param outputTokens tokens generated per request (the challenge uses 512), at least 1
     * @param warmupRequests unmeasured requests before the run (the challenge uses 4), at least 0
     * @param ticker the time source for the wall time
     * @param settle when warm-up stops after those requests
     */
    public ThroughputBenchmark(int outputTokens, int warmupRequests, Ticker ticker, JitSettle settle) {
        if (outputTokens < 1) {
            throw new IllegalArgumentException("outputTokens must be >= 1, but was " + outputTokens);
        }
        if (warmupRequests < 0) {
            throw new IllegalArgumentException("warmupRequests must be >= 0, but was " + warmupRequests);
        }
        this.outputTokens = outputTokens;
        this.warmupRequests = warmupRequests;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.settle = Objects.requireNonNull(settle, "settle");
    }

    /**
     * Runs the benchmark.
     *
     * @param model the submission
     * @param prompts the prompt set (token ids), at least one
     * @param progress receives one unit per measured request
     * @return the measurement
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} when the prompt set is empty or the model returns
     *     a different number of tokens than requested
     */
    public ThroughputResult run(SubmissionModel model, List<int[]> prompts, ProgressListener progress) {
        if (prompts.isEmpty()) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "the throughput prompt set is empty");
        }
        settle.warmUp(warmupRequests, i -> model.generate(prompts.get(i % prompts.size()), outputTokens));
        progress.start("throughput", prompts.size());
        long promptTokens = 0;
        long completion = 0;
        long steps = 0;
        long drafted = 0;
        long accepted = 0;
        long start = ticker.nanos();
        for (int i = 0; i < prompts.size(); i++) {
            SubmissionModel.Generation g = model.generate(prompts.get(i), outputTokens);
            if (g.length() != outputTokens) {
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST,
                        "request " + i + " produced " + g.length() + " tokens, expected exactly " + outputTokens,
                        "the submission must ignore end-of-sequence tokens during the benchmark");
            }
            promptTokens += prompts.get(i).length;
            completion += g.length();
            steps += g.draftSteps();
            drafted += g.draftedTokens();
            accepted += g.acceptedTokens();
            long elapsed = Math.max(1, ticker.nanos() - start);
            progress.advance(i + 1, String.format(Locale.ROOT, "%.1f tok/s", completion * 1e9 / elapsed));
        }
        long wall = Math.max(1, ticker.nanos() - start);
        progress.finish();
        return new ThroughputResult(prompts.size(), promptTokens, completion, wall, steps, drafted, accepted);
    }
}
