package dev.agentcollab.inference.model;

/**
 * Rotary position embedding of one layer type (NeoX "rotate half" layout).
 *
 * <p>Frequencies are {@code theta^(-2i/headDim)} for the first {@code floor(partialRotaryFactor * headDim / 2)}
 * pairs and zero (identity) for the rest, which is Gemma 4's "proportional" RoPE on global layers; a factor of 1 is
 * plain RoPE.
 *
 * @param theta the base frequency, e.g. 10 000 (sliding) or 1 000 000 (global)
 * @param partialRotaryFactor the fraction of frequency pairs that rotate, in (0, 1]
 */
public record RopeConfig(double theta, double partialRotaryFactor) {
    /** Validates the parameters. */
    public RopeConfig {
        if (!(theta > 1.0) || Double.isInfinite(theta)) {
            throw new IllegalArgumentException("theta must be > 1, but was " + theta);
        }
        if (!(partialRotaryFactor > 0.0 && partialRotaryFactor <= 1.0)) {
            throw new IllegalArgumentException("partialRotaryFactor must be in (0, 1], but was " + partialRotaryFactor);
        }
    }

    /**
     * Plain RoPE with every pair rotating.
     *
     * @param theta the base frequency
     * @return the config
     */
    public static RopeConfig of(double theta) {
        return new RopeConfig(theta, 1.0);
    }

    /**
     * The inverse frequency of each of the {@code headDim / 2} rotation pairs.
     *
     * @param headDim the head dimension (even)
     * @return {@code headDim / 2} inverse frequencies, zero for pairs that do not rotate
     */
    public double[] inverseFrequencies(int headDim) {
        if (headDim <= 0 || headDim % 2 != 0) {
            throw new IllegalArgumentException("headDim must be positive and even, but was " + headDim);
        }
        int pairs = headDim / 2;
        // HF: rope_angles = int(partial_rotary_factor * head_dim // 2), rounded down
        int rotating = (int) Math.floor(partialRotaryFactor * headDim / 2.0);
        double[] inv = new double[pairs];
        for (int i = 0; i < rotating; i++) {
            inv[i] = Math.pow(theta, -2.0 * i / headDim);
        }
        return inv;
    }
}
