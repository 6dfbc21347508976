package dev.agentcollab.inference.sampling;

import java.util.Arrays;

/**
 * Turns logits into token choices without allocating: argmax, the processed sampling distribution
 * (temperature, top-k, top-p), inverse-CDF draws from a uniform, and log-softmax for scoring. Holds scratch buffers
 * sized to the vocabulary, so an instance is not thread safe; create one per decoding loop.
 */
public final class Sampler {
    private final int vocab;
    private final long[] order;

    /**
     * Creates a sampler for a vocabulary.
     *
     * @param vocab the vocabulary size
     */
    public Sampler(int vocab) {
        if (vocab <= 0) {
            throw new IllegalArgumentException("vocab must be > 0, but was " + vocab);
        }
        this.vocab = vocab;
        this.order = new long[vocab];
    }

    /**
     * The vocabulary size.
     *
     * @return the size
     */
    public int vocab() {
        return vocab;
    }

    /**
     * Index of the largest logit, the lowest index on ties.
     *
     * @param logits the array
     * @param off where the row starts
     * @param n the row length
     * @return the index within the row
     */
    public static int argmax(float[] logits, int off, int n) {
        int best = 0;
        float bestValue = logits[off];
        for (int i = 1; i < n; i++) {
            float v = logits[off + i];
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        return best;
    }

    /**
     * Natural-log softmax probability of one token (temperature 1, no truncation).
     *
     * @param logits the array
     * @param off where the row starts
     * @param token the token within the row
     * @return {@code log p(token)}
     */
    public double logProb(float[] logits, int off, int token) {
        float max = logits[off + argmax(logits, off, vocab)];
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            sum += Math.exp(logits[off + i] - max);
        }
        return Math.min(0.0, (logits[off + token] - max) - Math.log(sum));
    }

    /**
     * Writes the distribution tokens are sampled from under {@code options}: one-hot at the argmax when greedy,
     * otherwise softmax(logits / T) cut to top-k, then to the smallest prefix holding top-p of the
     * renormalised top-k mass, and renormalised.
     *
     * @param logits the array
     * @param off where the row starts
     * @param options sampling options
     * @param out receives {@code vocab} probabilities
     * @param outOff where to write them
     */
    public void distribution(float[] logits, int off, SamplingOptions options, float[] out, int outOff) {
        if (options.isGreedy()) {
            Arrays.fill(out, outOff, outOff + vocab, 0f);
            out[outOff + argmax(logits, off, vocab)] = 1f;
            return;
        }
        float max = logits[off + argmax(logits, off, vocab)];
        double invT = 1.0 / options.temperature();
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            double e = Math.exp((logits[off + i] - max) * invT);
            out[outOff + i] = (float) e;
            sum += e;
        }
        scale(out, outOff, 1.0 / sum);
        boolean cutK = options.topK() > 0 && options.topK() < vocab;
        if (cutK || options.topP() < 1.0) {
            truncate(out, outOff, cutK ? options.topK() : vocab, options.topP());
        }
    }

    /**
     * Draws a token by inverse CDF.
     *
     * @param probs a distribution (sums to about 1)
     * @param off where it starts
     * @param uniform a draw in [0, 1)
     * @return the token; the last token with positive mass if rounding leaves {@code uniform} above the total
     */
    public int sample(float[] probs, int off, double uniform) {
        double cdf = 0;
        int last = 0;
        for (int i = 0; i < vocab; i++) {
            float p = probs[off + i];
            if (p > 0f) {
                cdf += p;
                last = i;
                if (uniform < cdf) {
                    return i;
                }
            }
        }
        return last;
    }

    private void truncate(float[] p, int off, int k, double topP) {
        for (int i = 0; i < vocab; i++) {
            // probabilities are >= 0, so their float bits order like the values; ties keep the lower id first
            order[i] = ((long) Float.floatToRawIntBits(p[off + i]) << 32) | (0xffffffffL - i);
        }
        Arrays.sort(order);
        // top-p is taken over the top-k distribution renormalised (as HF and vLLM do): the kept prefix must reach
        // topP of the top-k mass, not of the whole vocabulary
        double topKMass = 0;
        for (int j = vocab - 1; j >= vocab - k; j--) {
            topKMass += Float.intBitsToFloat((int) (order[j] >>> 32));
        }
        double target = topP * topKMass;
        double kept = 0;
        int keep = 0;
        for (int j = vocab - 1; j >= 0 && keep < k; j--) {
            kept += Float.intBitsToFloat((int) (order[j] >>> 32));
            keep++;
            if (kept >= target) {
                break;
            }
        }
        for (int j = vocab - 1 - keep; j >= 0; j--) {
            p[off + (int) (0xffffffffL - (order[j] & 0xffffffffL))] = 0f;
        }
        scale(p, off, 1.0 / kept);
    }

    private void scale(float[] p, int off, double f) {
        for (int i = 0; i < vocab; i++) {
            p[off + i] = (float) (p[off + i] * f);
        }
    }
}
