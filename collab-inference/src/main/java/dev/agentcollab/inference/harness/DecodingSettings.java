package dev.agentcollab.inference.harness;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.Locale;

/**
 * The submission's {@code decoding.json}: how it wants to decode during the benchmark. Unknown fields are
 * ignored. Example: {@code {"mode": "speculative", "draft_tokens": 4, "temperature": 0, "seed": 1}}.
 *
 * @param mode {@code plain} (one target forward per token) or {@code speculative} (needs {@code drafter/})
 * @param draftTokens K, draft tokens per verification (speculative mode), 1..64
 * @param temperature 0 for greedy (the challenge setting), otherwise the sampling temperature
 * @param topK 0 for no top-k cut
 * @param topP nucleus mass in (0, 1]
 * @param seed the seed of the sampling randomness
 * @param threads CPU worker threads, 0 = one per available processor
 */
public record DecodingSettings(
        String mode,
        @JsonProperty("draft_tokens") int draftTokens,
        double temperature,
        @JsonProperty("top_k") int topK,
        @JsonProperty("top_p") double topP,
        long seed,
        int threads) {

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
     * Plain greedy decoding on as many worker threads as these settings use: the baseline a submission's speed-up
     * is measured against, so both run under the same conditions.
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
     * A short description, e.g. {@code speculative k=4 greedy}.
     *
     * @return the description
     */
    public String describe() {
        String sampling = greedy() ? "greedy" : String.format(Locale.ROOT, "T=%.2f", temperature);
        return speculative() ? "speculative k=" + draftTokens + " " + sampling : "plain " + sampling;
    }

    private static CollabException invalid(String message) {
        return CollabException.of(ErrorCode.INVALID_REQUEST, "decoding.json: " + message);
    }
}
