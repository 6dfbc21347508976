package dev.agentcollab.inference;

import dev.agentcollab.inference.spi.InferenceBackend;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Plain autoregressive decoding: one target forward per generated token. The reference output for speculative
 * decoding. Not thread safe.
 */
public final class DefaultGenerator extends AbstractGenerator {
    /**
     * Creates a generator timed with {@link System#nanoTime()}.
     *
     * @param backend the backend (not closed by the generator)
     */
    public DefaultGenerator(InferenceBackend backend) {
        this(backend, System::nanoTime);
    }

    /**
     * Creates a generator with an injected monotonic clock.
     *
     * @param backend the backend
     * @param nanoTime nanosecond clock for durations
     */
    public DefaultGenerator(InferenceBackend backend, LongSupplier nanoTime) {
        super(backend, nanoTime);
    }

    @Override
    public GenerationResult generate(int[] prompt, GenerationOptions options, RandomGenerator random) {
        checkPrompt(prompt, 0);
        long t0 = nanoTime.getAsLong();
        prefill(prompt);
        Output out = output(options);
        int token = pick(logits, 0, options.sampling(), random);
        boolean more = out.emit(token, options.returnLogProbs() ? sampler.logProb(logits, 0, token) : 0);
        long t1 = nanoTime.getAsLong();
        int forwards = 0;
        int[] one = new int[1];
        while (more) {
            if (backend.length() + 1 > backend.options().maxSequenceLength()) {
                out.stop(FinishReason.CONTEXT_FULL);
                break;
            }
            one[0] = token;
            backend.forward(one, 1, logits, false);
            forwards++;
            token = pick(logits, 0, options.sampling(), random);
            more = out.emit(token, options.returnLogProbs() ? sampler.logProb(logits, 0, token) : 0);
        }
        long t2 = nanoTime.getAsLong();
        return out.result(prompt.length, t1 - t0, t2 - t1, forwards, Optional.empty());
    }
}
