package dev.agentcollab.inference.spec;

import dev.agentcollab.inference.sampling.Sampler;
import dev.agentcollab.inference.sampling.SamplingOptions;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The two acceptance rules of speculative decoding, applied to the target's logits for K+1 verified positions.
 * Greedy: emit the target's argmax at each position and stop after the first mismatch (exact: the output equals plain
 * greedy decoding). Stochastic (Leviathan et al. 2023): accept draft x with probability min(1, p(x)/q(x)); on the
 * first rejection emit a token drawn from normalize(max(0, p - q)); if all K pass, emit a bonus token drawn from p at
 * position K+1 — the emitted tokens are distributed exactly as sampling from p.
 *
 * <p>Holds a vocabulary-sized scratch buffer: not thread safe.
 */
public final class Verifier {
    private final Sampler sampler;
    private final int vocab;
    private final float[] p;

    /**
     * Creates a verifier.
     *
     * @param vocab the vocabulary size
     */
    public Verifier(int vocab) {
        this.sampler = new Sampler(vocab);
        this.vocab = vocab;
        this.p = new float[vocab];
    }

    /**
     * Greedy verification.
     *
     * @param draft draft tokens
     * @param k how many of them were verified (rows 0..k of {@code logits} exist)
     * @param logits {@code (k+1) * vocab} target logits; row i scores the token after draft i-1
     * @param out receives the emitted tokens (accepted drafts, then the correction or bonus token)
     * @return the number of accepted drafts j in [0, k]; {@code j + 1} tokens were written
     */
    public int verifyGreedy(int[] draft, int k, float[] logits, int[] out) {
        for (int i = 0; i < k; i++) {
            int target = Sampler.argmax(logits, i * vocab, vocab);
            out[i] = target;
            if (target != draft[i]) {
                return i;
            }
        }
        out[k] = Sampler.argmax(logits, k * vocab, vocab);
        return k;
    }

    /**
     * Rejection-sampling verification.
     *
     * @param draft draft tokens, draft i drawn from row i of {@code draftProbs}
     * @param k how many were verified
     * @param logits {@code (k+1) * vocab} target logits
     * @param sampling the options defining the target distribution p from the logits
     * @param draftProbs {@code k * vocab} draft distributions q
     * @param random the randomness
     * @param out receives the emitted tokens
     * @return the number of accepted drafts j; {@code j + 1} tokens were written
     */
    public int verifySampled(
            int[] draft,
            int k,
            float[] logits,
            SamplingOptions sampling,
            float[] draftProbs,
            RandomGenerator random,
            int[] out) {
        Objects.requireNonNull(random, "random");
        for (int i = 0; i < k; i++) {
            sampler.distribution(logits, i * vocab, sampling, p, 0);
            int x = draft[i];
            double px = p[x];
            double qx = draftProbs[i * vocab + x];
            if (qx > 0 && random.nextDouble() * qx < px) {
                out[i] = x;
                continue;
            }
            double mass = 0;
            for (int t = 0; t < vocab; t++) {
                float r = Math.max(0f, p[t] - draftProbs[i * vocab + t]);
                p[t] = r;
                mass += r;
            }
            if (mass <= 0) { // p == q up to rounding: the residual is empty, fall back to p
                sampler.distribution(logits, i * vocab, sampling, p, 0);
                mass = 1;
            }
            out[i] = sampler.sample(p, 0, random.nextDouble() * mass);
            return i;
        }
        sampler.distribution(logits, k * vocab, sampling, p, 0);
        out[k] = sampler.sample(p, 0, random.nextDouble());
        return k;
    }
}
