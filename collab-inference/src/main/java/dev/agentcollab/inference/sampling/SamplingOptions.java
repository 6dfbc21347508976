package dev.agentcollab.inference.sampling;

/**
 * Per-call token selection knobs. Temperature 0 means greedy (argmax, ties to the lowest id); otherwise logits are
 * divided by the temperature, softmaxed, cut to the {@code topK} most likely tokens (0 = no cut), then to the
 * smallest set whose mass reaches {@code topP} of the renormalised top-k distribution (1 = no cut; as in HF
 * and vLLM), renormalised and sampled.
 *
 * @param temperature 0 for greedy, otherwise &gt; 0 and large enough that {@code 1 / temperature} is finite (at least
 *     about 5.6e-309): below that the logits divided by it are infinite or NaN and no distribution exists
 * @param topK 0 for no top-k cut, otherwise the number of tokens kept
 * @param topP nucleus mass in (0, 1]
 */
public record SamplingOptions(double temperature, int topK, double topP) {
    private static final SamplingOptions GREEDY = new SamplingOptions(0.0, 0, 1.0);

    /** Validates the ranges. */
    public SamplingOptions {
        if (!(temperature >= 0.0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0, but was " + temperature);
        }
        if (temperature > 0.0 && Double.isInfinite(1.0 / temperature)) {
            // logits / T would be -inf or NaN (0 * inf at the maximum): every token would get NaN probability
            throw new IllegalArgumentException("temperature " + temperature
                    + " is too small: 1 / temperature overflows; use 0 for greedy decoding");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0, but was " + topK);
        }
        if (!(topP > 0.0 && topP <= 1.0)) {
            throw new IllegalArgumentException("topP must be in (0, 1], but was " + topP);
        }
    }

    /**
     * Greedy decoding.
     *
     * @return the shared greedy options
     */
    public static SamplingOptions greedy() {
        return GREEDY;
    }

    /**
     * Plain sampling at a temperature, no truncation.
     *
     * @param temperature &gt; 0
     * @return the options
     */
    public static SamplingOptions temperature(double temperature) {
        if (temperature <= 0.0) {
            throw new IllegalArgumentException("temperature must be > 0 for sampling, but was " + temperature);
        }
        return new SamplingOptions(temperature, 0, 1.0);
    }

    /**
     * Whether these options select the argmax.
     *
     * @return {@code temperature() == 0}
     */
    public boolean isGreedy() {
        return temperature == 0.0;
    }
}
