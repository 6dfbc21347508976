package dev.agentcollab.inference.spec;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.AbstractGenerator;
import dev.agentcollab.inference.FinishReason;
import dev.agentcollab.inference.GenerationOptions;
import dev.agentcollab.inference.GenerationResult;
import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spi.DraftPlan;
import dev.agentcollab.inference.spi.InferenceBackend;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Speculative decoding with the MTP drafter: each round replays the draft plan (K tokens at a constant position,
 * reading the target's cache), runs the target once over the last token plus the K drafts, accepts a prefix by the
 * greedy or rejection-sampling rule ({@link Verifier}), emits the correction or bonus token and rolls the cache back
 * to the accepted length. Greedy output is identical to {@link dev.agentcollab.inference.DefaultGenerator}'s; sampled
 * output has the same distribution.
 *
 * <p>The draft plan is recorded on first use and kept for later calls with the same sampling options; close the
 * generator to release it. Not thread safe.
 */
public final class SpeculativeGenerator extends AbstractGenerator implements AutoCloseable {
    private final SpeculativeOptions spec;
    private final Verifier verifier;
    private final int[] draft;
    private final float[] draftProbs;
    private final float[] uniforms;
    private final int[] verify;
    private final int[] emitted;
    private DraftPlan plan;

    /**
     * Creates a generator timed with {@link System#nanoTime()}.
     *
     * @param backend a backend with a drafter (not closed by the generator)
     * @param spec K and plan choice
     */
    public SpeculativeGenerator(InferenceBackend backend, SpeculativeOptions spec) {
        this(backend, spec, System::nanoTime);
    }

    /**
     * Creates a generator with an injected monotonic clock.
     *
     * @param backend a backend with a drafter
     * @param spec K and plan choice
     * @param nanoTime nanosecond clock for durations
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} when the backend has no drafter or K + 1 exceeds its
     *     batch size
     */
    public SpeculativeGenerator(InferenceBackend backend, SpeculativeOptions spec, LongSupplier nanoTime) {
        super(backend, nanoTime);
        this.spec = Objects.requireNonNull(spec, "spec");
        if (!backend.hasDrafter()) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "speculative decoding needs a drafter");
        }
        int k = spec.draftTokens();
        if (k + 1 > backend.options().maxBatch()) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "K + 1 = " + (k + 1) + " exceeds the backend's maxBatch "
                            + backend.options().maxBatch());
        }
        this.verifier = new Verifier(vocab);
        this.draft = new int[k];
        this.draftProbs = new float[k * vocab];
        this.uniforms = new float[k];
        this.verify = new int[k + 1];
        this.emitted = new int[k + 1];
    }

    /**
     * The speculative options.
     *
     * @return the options
     */
    public SpeculativeOptions options() {
        return spec;
    }

    @Override
    public GenerationResult generate(int[] prompt, GenerationOptions options, RandomGenerator random) {
        checkPrompt(prompt, 0);
        SamplingOptions s = options.sampling();
        DraftPlan p = plan(s);
        int k = spec.draftTokens();
        AcceptanceCounter counter = new AcceptanceCounter(k);
        long t0 = nanoTime.getAsLong();
        int hiddenRow = prefill(prompt);
        Output out = output(options);
        int last = pick(logits, 0, s, random);
        boolean more = out.emit(last, options.returnLogProbs() ? sampler.logProb(logits, 0, last) : 0);
        long t1 = nanoTime.getAsLong();
        int forwards = 0;
        int maxSeq = backend.options().maxSequenceLength();
        while (more) {
            int len = backend.length();
            int room = maxSeq - len - 1; // positions left after the last token's own
            if (room < 0) {
                out.stop(FinishReason.CONTEXT_FULL);
                break;
            }
            int kk = Math.min(k, Math.min(room, out.remaining() - 1));
            if (kk < 1) { // one plain step
                verify[0] = last;
                backend.forward(verify, 1, logits, false);
                forwards++;
                last = pick(logits, 0, s, random);
                more = out.emit(last, options.returnLogProbs() ? sampler.logProb(logits, 0, last) : 0);
                hiddenRow = 0;
                continue;
            }
            if (!s.isGreedy()) {
                for (int i = 0; i < k; i++) {
                    uniforms[i] = random.nextFloat();
                }
            }
            p.replay(last, hiddenRow, uniforms, draft, draftProbs);
            verify[0] = last;
            System.arraycopy(draft, 0, verify, 1, kk);
            backend.forward(verify, kk + 1, logits, true);
            forwards++;
            int accepted = s.isGreedy()
                    ? verifier.verifyGreedy(draft, kk, logits, emitted)
                    : verifier.verifySampled(draft, kk, logits, s, draftProbs, random, emitted);
            counter.record(kk, accepted);
            backend.truncate(len + accepted + 1);
            for (int i = 0; i <= accepted && more; i++) {
                more = out.emit(
                        emitted[i], options.returnLogProbs() ? sampler.logProb(logits, i * vocab, emitted[i]) : 0);
            }
            last = emitted[accepted];
            hiddenRow = accepted;
        }
        long t2 = nanoTime.getAsLong();
        return out.result(prompt.length, t1 - t0, t2 - t1, forwards, Optional.of(counter.snapshot()));
    }

    private DraftPlan plan(SamplingOptions s) {
        if (plan == null || !plan.sampling().equals(s)) {
            if (plan != null) {
                plan.close();
            }
            plan = spec.useRecordedPlan()
                    ? backend.recordDraftPlan(spec.draftTokens(), s)
                    : backend.eagerDraftPlan(spec.draftTokens(), s);
        }
        return plan;
    }

    @Override
    public void close() {
        if (plan != null) {
            plan.close();
            plan = null;
        }
    }
}
