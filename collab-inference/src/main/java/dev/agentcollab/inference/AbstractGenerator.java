package dev.agentcollab.inference;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.sampling.Sampler;
import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spi.InferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * What every generator over an {@link InferenceBackend} shares: prompt validation, chunked prefill, token choice,
 * teacher-forced scoring. Subclasses implement the decode loop. Not thread safe.
 */
public abstract class AbstractGenerator implements Generator {
    /** The backend driven by this generator. */
    protected final InferenceBackend backend;
    /** Monotonic nanosecond clock for durations. */
    protected final LongSupplier nanoTime;
    /** Vocabulary size. */
    protected final int vocab;
    /** Sampler with scratch buffers. */
    protected final Sampler sampler;
    /** Logits of up to {@code maxBatch} rows. */
    protected final float[] logits;
    /** Probability scratch of one row. */
    protected final float[] probs;

    /**
     * Creates the shared state.
     *
     * @param backend the backend (not closed by the generator)
     * @param nanoTime monotonic clock, e.g. {@code System::nanoTime}
     */
    protected AbstractGenerator(InferenceBackend backend, LongSupplier nanoTime) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.vocab = backend.config().vocabSize();
        this.sampler = new Sampler(vocab);
        this.logits = new float[backend.options().maxBatch() * vocab];
        this.probs = new float[vocab];
    }

    /**
     * Validates a prompt against the vocabulary and cache size.
     *
     * @param prompt the prompt
     * @param extra positions needed beyond the prompt
     */
    protected void checkPrompt(int[] prompt, int extra) {
        if (prompt == null || prompt.length == 0) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "prompt must contain at least one token");
        }
        for (int t : prompt) {
            if (t < 0 || t >= vocab) {
                throw CollabException.of(ErrorCode.INVALID_REQUEST, "token id out of vocabulary: " + t);
            }
        }
        if (prompt.length + extra > backend.options().maxSequenceLength()) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "prompt of " + prompt.length + " tokens does not fit maxSequenceLength "
                            + backend.options().maxSequenceLength());
        }
    }

    /**
     * Resets the backend and runs the prompt in {@code maxBatch} chunks; the last row's logits end in
     * {@code logits[0..vocab)}.
     *
     * @param prompt the prompt
     * @return the row of the last prompt token in the last forward (for the drafter's hidden state)
     */
    protected int prefill(int[] prompt) {
        backend.truncate(0);
        int max = backend.options().maxBatch();
        int[] chunk = new int[max];
        int row = 0;
        for (int start = 0; start < prompt.length; start += max) {
            int n = Math.min(max, prompt.length - start);
            System.arraycopy(prompt, start, chunk, 0, n);
            backend.forward(chunk, n, logits, false);
            row = n - 1;
        }
        return row;
    }

    /**
     * Chooses a token from one logits row.
     *
     * @param row logits
     * @param off row start
     * @param s sampling options
     * @param random randomness (unused when greedy)
     * @return the token
     */
    protected int pick(float[] row, int off, SamplingOptions s, RandomGenerator random) {
        if (s.isGreedy()) {
            return Sampler.argmax(row, off, vocab);
        }
        sampler.distribution(row, off, s, probs, 0);
        return sampler.sample(probs, 0, random.nextDouble());
    }

    @Override
    public TokenScores score(int[] context, int[] continuation) {
        checkPrompt(context, 0);
        // the last continuation token is only predicted, never fed: context + continuation - 1 positions
        int fed = context.length + Math.max(0, continuation.length - 1);
        if (fed > backend.options().maxSequenceLength()) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "a context of " + context.length + " tokens and " + continuation.length + " scored ones ("
                            + (context.length + continuation.length) + " in all, " + fed
                            + " fed to the model) do not fit maxSequenceLength "
                            + backend.options().maxSequenceLength());
        }
        int[] all = new int[context.length + continuation.length];
        System.arraycopy(context, 0, all, 0, context.length);
        System.arraycopy(continuation, 0, all, context.length, continuation.length);
        for (int t : continuation) {
            if (t < 0 || t >= vocab) {
                throw CollabException.of(ErrorCode.INVALID_REQUEST, "token id out of vocabulary: " + t);
            }
        }
        backend.truncate(0);
        int max = backend.options().maxBatch();
        int[] chunk = new int[max];
        List<Double> out = new ArrayList<>(continuation.length);
        // row for position i predicts all[i + 1]; only positions >= context.length - 1 are scored
        int last = all.length - 1;
        for (int start = 0; start < last; start += max) {
            int n = Math.min(max, last - start);
            System.arraycopy(all, start, chunk, 0, n);
            boolean needed = start + n - 1 >= context.length - 1;
            backend.forward(chunk, n, logits, needed);
            if (!needed) {
                continue;
            }
            for (int r = 0; r < n; r++) {
                int pos = start + r;
                if (pos >= context.length - 1) {
                    double lp = sampler.logProb(logits, r * vocab, all[pos + 1]);
                    if (!(lp > Double.NEGATIVE_INFINITY)) {
                        // NaN or infinite logits (e.g. NaN weights): no probability to score with
                        throw CollabException.of(
                                ErrorCode.INVALID_REQUEST,
                                "the model's logits at scored token " + (pos + 1 - context.length) + " (position " + pos
                                        + ") are not finite: its log-probability is " + lp,
                                "check the checkpoint's weights for NaN or infinite values");
                    }
                    out.add(lp);
                }
            }
        }
        return new TokenScores(out);
    }

    /**
     * Tracks emitted tokens, stop tokens and the length limit.
     *
     * @param options the call's options
     * @return a new output buffer
     */
    protected static Output output(GenerationOptions options) {
        return new Output(options);
    }

    /** Emitted tokens with their log-probs; stops at a stop token or the length limit. */
    protected static final class Output {
        private final GenerationOptions options;
        private final List<Integer> tokens = new ArrayList<>();
        private final List<Double> logProbs = new ArrayList<>();
        private FinishReason finish;

        Output(GenerationOptions options) {
            this.options = options;
        }

        /**
         * Emits a token unless finished.
         *
         * @param token the token
         * @param logProb its log-prob (ignored unless requested)
         * @return {@code true} while more tokens may follow
         */
        public boolean emit(int token, double logProb) {
            if (finish != null) {
                return false;
            }
            tokens.add(token);
            if (options.returnLogProbs()) {
                logProbs.add(logProb);
            }
            if (options.stopTokenIds().contains(token)) {
                finish = FinishReason.STOP_TOKEN;
            } else if (tokens.size() >= options.maxNewTokens()) {
                finish = FinishReason.MAX_TOKENS;
            }
            return finish == null;
        }

        /**
         * Ends generation early (the cache is full).
         *
         * @param reason why
         */
        public void stop(FinishReason reason) {
            if (finish == null) {
                finish = reason;
            }
        }

        /**
         * The final result.
         *
         * @param promptTokens prompt length
         * @param promptNanos prefill time
         * @param generateNanos decode time
         * @param forwards target forwards after the prefill
         * @param acceptance speculative statistics, if any
         * @return the result
         */
        public GenerationResult result(
                int promptTokens,
                long promptNanos,
                long generateNanos,
                int forwards,
                java.util.Optional<dev.agentcollab.inference.spec.AcceptanceStats> acceptance) {
            return new GenerationResult(
                    tokens,
                    logProbs,
                    finish,
                    promptTokens,
                    java.time.Duration.ofNanos(promptNanos),
                    java.time.Duration.ofNanos(generateNanos),
                    forwards,
                    acceptance);
        }

        /**
         * Tokens still allowed.
         *
         * @return {@code maxNewTokens - emitted}
         */
        public int remaining() {
            return options.maxNewTokens() - tokens.size();
        }
    }
}
