package dev.agentcollab.inference.bench;

import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.DraftPlan;
import dev.agentcollab.inference.spi.InferenceBackend;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A benchmark instrument: wraps a backend so that its drafter agrees with the target at a chosen rate. Draft plans
 * still run the real drafter (so its cost is measured), then each proposal is replaced, with probability
 * {@code agreement}, by the target's own greedy continuation taken from a reference sequence (the plain greedy output
 * for the same prompt), and otherwise by a token that differs from it. With i.i.d. agreement a, draft position i is
 * accepted with probability a^(i+1). With a per-position profile ({@link #withProfile}) position i agrees with the
 * conditional probability {@code P(i) / P(i-1)}, so the share of rounds that accept positions 0..i is {@code P(i)}: the
 * shape vLLM reports as per-position acceptance. Only greedy plans are supported: a steered proposal is not a sample from the
 * drafter's distribution, so rejection sampling would be invalid.
 *
 * <p>Not thread safe, like the backend it wraps.
 */
public final class SteeredBackend implements InferenceBackend {
    /** Gemma 4 E4B's MTP assistant, per-position acceptance at K=7 (the challenge's published profile). */
    public static final List<Double> GEMMA4_MTP_PROFILE = List.of(0.69, 0.53, 0.43, 0.34, 0.27, 0.22, 0.17);

    private final InferenceBackend delegate;
    private final double agreement;
    private final double[] conditional;
    private final RandomGenerator random;
    private int[] reference = new int[0];

    /**
     * Wraps a backend.
     *
     * @param delegate the backend with a real drafter
     * @param agreement probability in [0, 1] that a proposal equals the target's greedy token
     * @param random decides agreement per proposal
     */
    public SteeredBackend(InferenceBackend delegate, double agreement, RandomGenerator random) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (!(agreement >= 0.0 && agreement <= 1.0)) {
            throw new IllegalArgumentException("agreement must be in [0, 1], but was " + agreement);
        }
        this.agreement = agreement;
        this.conditional = null;
        this.random = Objects.requireNonNull(random, "random");
    }

    private SteeredBackend(InferenceBackend delegate, double[] conditional, double mean, RandomGenerator random) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.agreement = mean;
        this.conditional = conditional;
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Wraps a backend so that draft position i (from 0) and all before it are accepted with probability
     * {@code profile.get(i)}; positions past the profile's end take its last conditional rate.
     *
     * @param delegate the backend with a real drafter
     * @param profile non-increasing probabilities in (0, 1], e.g. 0.69 / 0.53 / ... for Gemma 4's MTP assistant
     * @param random decides agreement per proposal
     * @return the steered backend
     */
    public static SteeredBackend withProfile(InferenceBackend delegate, List<Double> profile, RandomGenerator random) {
        if (profile.isEmpty()) {
            throw new IllegalArgumentException("acceptance profile is empty");
        }
        double[] c = new double[profile.size()];
        double prev = 1.0;
        for (int i = 0; i < c.length; i++) {
            double p = profile.get(i);
            if (!(p > 0.0 && p <= prev)) {
                throw new IllegalArgumentException("acceptance profile must be non-increasing in (0, 1]: " + profile);
            }
            c[i] = p / prev;
            prev = p;
        }
        return new SteeredBackend(delegate, c, profile.get(0), random);
    }

    private double agreementAt(int position) {
        return conditional == null ? agreement : conditional[Math.min(position, conditional.length - 1)];
    }

    /**
     * Sets the target's greedy sequence (prompt followed by the plain greedy output) that proposals are steered to.
     *
     * @param promptAndGreedyOutput token ids by position
     */
    public void reference(int[] promptAndGreedyOutput) {
        reference = promptAndGreedyOutput.clone();
    }

    @Override
    public String name() {
        return delegate.name() + (conditional == null ? "-steered" + Math.round(agreement * 100) : "-profiled");
    }

    @Override
    public ModelConfig config() {
        return delegate.config();
    }

    @Override
    public boolean hasDrafter() {
        return delegate.hasDrafter();
    }

    @Override
    public BackendOptions options() {
        return delegate.options();
    }

    @Override
    public int length() {
        return delegate.length();
    }

    @Override
    public void truncate(int length) {
        delegate.truncate(length);
    }

    @Override
    public void forward(int[] tokens, int count, float[] logits, boolean allRows) {
        delegate.forward(tokens, count, logits, allRows);
    }

    @Override
    public DraftPlan recordDraftPlan(int steps, SamplingOptions sampling) {
        return steer(delegate.recordDraftPlan(steps, sampling));
    }

    @Override
    public DraftPlan eagerDraftPlan(int steps, SamplingOptions sampling) {
        return steer(delegate.eagerDraftPlan(steps, sampling));
    }

    private DraftPlan steer(DraftPlan inner) {
        if (!inner.sampling().isGreedy()) {
            inner.close();
            throw new IllegalArgumentException("steered drafting supports greedy plans only");
        }
        return new DraftPlan() {
            @Override
            public int steps() {
                return inner.steps();
            }

            @Override
            public SamplingOptions sampling() {
                return inner.sampling();
            }

            @Override
            public void replay(int lastToken, int hiddenRow, float[] uniforms, int[] draftTokens, float[] probs) {
                inner.replay(lastToken, hiddenRow, uniforms, draftTokens, probs);
                int vocab = config().vocabSize();
                int next = delegate.length() + 1; // lastToken sits at length()
                for (int i = 0; i < inner.steps(); i++) {
                    int pos = next + i;
                    if (pos >= reference.length) {
                        break;
                    }
                    int want = reference[pos];
                    if (random.nextDouble() < agreementAt(i)) {
                        draftTokens[i] = want;
                    } else if (draftTokens[i] == want) {
                        draftTokens[i] = (want + 1) % vocab;
                    }
                }
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    @Override
    public void close() {
        delegate.close();
    }
}
