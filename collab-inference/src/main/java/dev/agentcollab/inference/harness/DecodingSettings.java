package dev.agentcollab.inference.harness;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.cpu.WeightFormat;
import java.util.Locale;

/**
 * The submission's {@code decoding.json}: how it wants to decode during the benchmark. Unknown fields are
 * ignored. Example: {@code {"mode": "speculative", "draft_tokens": 4, "temperature": 0, "seed": 1, "weights": "q8_0"}}.
 *
 * @param mode {@code plain} (one target forward per token) or {@code speculative} (needs {@code drafter/})
 * @param draftTokens K, draft tokens per verification (speculative mode), 1..64
 * @param temperature 0 for greedy (the challenge setting), otherwise the sampling temperature
 * @param topK 0 for no top-k cut
 * @param topP nucleus mass in (0, 1]
 * @param seed the seed of the sampling randomness
 * @param threads CPU worker threads, 0 = one per available processor
 * @param weights how the backend stores the target's weights: {@code f32} (default), {@code bf16}, {@code q8_0}
 *     (int8 blocks quantised at load time) or {@code q3_0} (3-bit levels in the same int8 blocks), see
 *     {@link WeightFormat}; a run whose format changes the checkpoint's weights (quantised, or f32/f16 weights
 *     rounded to bf16) counts as lossless only when it passes the quality gate, its greedy output compared with the
 *     checkpoint decoded with its weights as stored
 */
public record DecodingSettings(
        String mode,
        @JsonProperty("draft_tokens") int draftTokens,
        double temperature,
        @JsonProperty("top_k") int topK,
        @JsonProperty("top_p") double topP,
        long seed,
        int threads,
        String weights) {

    /** Plain-mode name. */
    public static final String PLAIN = "plain";

    /** Speculative-mode name. */
    public static final String SPECULATIVE = "speculative";

    /** Validates and normalises (missing mode = plain, missing top_p = 1). */
    public DecodingSettings {
        mode = mode == null ? PLAIN : mode.strip().toLowerCase(Locale.ROOT);
        if (!mode.equals(PLAIN) && !mode.equals(SPECULATIVE)) {
            throw invalid("mode must be 'plain' or 'speculative', but was '" + mode + "'");
        }
        if (mode.equals(SPECULATIVE) && (draftTokens < 1 || draftTokens > 64)) {
            throw invalid("draft_tokens must be in [1, 64] for speculative decoding, but was " + draftTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw invalid("temperature must be >= 0, but was " + temperature);
        }
        if (temperature > 0 && Double.isInfinite(1.0 / temperature)) {
            throw invalid("temperature " + temperature + " is too small to sample with (1 / temperature overflows);"
                    + " use 0 for greedy decoding");
        }
        if (topK < 0) {
            throw invalid("top_k must be >= 0, but was " + topK);
        }
        topP = topP == 0 ? 1.0 : topP;
        if (!(topP > 0 && topP <= 1)) {
            throw invalid("top_p must be in (0, 1], but was " + topP);
        }
        if (threads < 0) {
            throw invalid("threads must be >= 0, but was " + threads);
        }
        weights = weights == null ? "f32" : weights.strip().toLowerCase(Locale.ROOT);
        if (WeightFormat.named(weights).isEmpty()) {
            throw invalid("weights must be 'f32', 'bf16', 'q8_0' or 'q3_0', but was '" + weights + "'");
        }
    }

    /**
     * Settings with the default {@code f32} weights.
     *
     * @param mode see the record
     * @param draftTokens see the record
     * @param temperature see the record
     * @param topK see the record
     * @param topP see the record
     * @param seed see the record
     * @param threads see the record
     */
    public DecodingSettings(
            String mode, int draftTokens, double temperature, int topK, double topP, long seed, int threads) {
        this(mode, draftTokens, temperature, topK, topP, seed, threads, null);
    }

    /**
     * The weight storage format.
     *
     * @return {@link #weights()} as a {@link WeightFormat}
     */
    public WeightFormat weightFormat() {
        return WeightFormat.named(weights).orElseThrow();
    }

    /**
     * These settings with another weight storage format.
     *
     * @param format the format
     * @return the settings
     */
    public DecodingSettings withWeights(WeightFormat format) {
        return new DecodingSettings(
                mode,
                draftTokens,
                temperature,
                topK,
                topP,
                seed,
                threads,
                format.name().toLowerCase(Locale.ROOT));
    }

    /**
     * Greedy plain decoding.
     *
     * @return the settings
     */
    public static DecodingSettings plainGreedy() {
        return new DecodingSettings(PLAIN, 0, 0, 0, 1, 0, 0);
    }

    /**
     * Plain greedy decoding on as many worker threads as these settings use, with the checkpoint's own (f32) weights:
     * the baseline a submission's speed-up is measured against, so both run under the same conditions.
     *
     * @return plain greedy settings with this {@code threads}
     */
    public DecodingSettings plainBaseline() {
        return new DecodingSettings(PLAIN, 0, 0, 0, 1, 0, threads);
    }

    /**
     * Greedy speculative decoding with K draft tokens.
     *
     * @param k draft tokens per verification
     * @return the settings
     */
    public static DecodingSettings speculativeGreedy(int k) {
        return new DecodingSettings(SPECULATIVE, k, 0, 0, 1, 0, 0);
    }

    /**
     * Whether decoding is greedy (then output must equal plain greedy decoding token for token).
     *
     * @return {@code temperature() == 0}
     */
    public boolean greedy() {
        return temperature == 0;
    }

    /**
     * Whether the drafter is used.
     *
     * @return {@code mode().equals("speculative")}
     */
    public boolean speculative() {
        return mode.equals(SPECULATIVE);
    }

    /**
     * A short description, e.g. {@code speculative k=4 greedy} or {@code plain greedy, q8_0 weights}.
     *
     * @return the description
     */
    public String describe() {
        String sampling = greedy() ? "greedy" : String.format(Locale.ROOT, "T=%.2f", temperature);
        String d = speculative() ? "speculative k=" + draftTokens + " " + sampling : "plain " + sampling;
        return weights.equals("f32") ? d : d + ", " + weights + " weights";
    }

    private static CollabException invalid(String message) {
        return CollabException.of(ErrorCode.INVALID_REQUEST, "decoding.json: " + message);
    }
}
