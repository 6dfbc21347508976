package dev.agentcollab.inference;

import dev.agentcollab.inference.spec.AcceptanceStats;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one {@link Generator#generate} call.
 *
 * @param tokens the generated ids (prompt excluded)
 * @param logProbs natural-log probability of each generated token under the target (empty unless requested)
 * @param finishReason why generation stopped
 * @param promptTokens prompt length
 * @param promptDuration time to prefill the prompt (up to the first generated token's logits)
 * @param generateDuration time spent generating after the prefill
 * @param targetForwards target forward calls after the prefill (one per token for plain decoding; one per
 *     verification for speculative decoding)
 * @param acceptance speculative-decoding statistics, empty for plain decoding
 */
public record GenerationResult(
        List<Integer> tokens,
        List<Double> logProbs,
        FinishReason finishReason,
        int promptTokens,
        Duration promptDuration,
        Duration generateDuration,
        int targetForwards,
        Optional<AcceptanceStats> acceptance) {
    /** Validates and copies. */
    public GenerationResult {
        tokens = List.copyOf(tokens);
        logProbs = List.copyOf(logProbs);
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(promptDuration, "promptDuration");
        Objects.requireNonNull(generateDuration, "generateDuration");
        Objects.requireNonNull(acceptance, "acceptance");
        if (!logProbs.isEmpty() && logProbs.size() != tokens.size()) {
            throw new IllegalArgumentException("logProbs must be empty or one per token");
        }
        if (promptTokens < 0 || targetForwards < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }

    /**
     * Generated token count.
     *
     * @return {@code tokens().size()}
     */
    public int generatedTokens() {
        return tokens.size();
    }

    /**
     * Decode throughput after the prefill: tokens generated after the first one (which comes with the prefill's
     * logits) divided by {@link #generateDuration()}.
     *
     * @return tokens per second after the prefill, or 0 when nothing was timed
     */
    public double tokensPerSecond() {
        long nanos = generateDuration.toNanos();
        int decoded = Math.max(0, tokens.size() - 1);
        return nanos == 0 ? 0.0 : decoded * 1e9 / nanos;
    }

    /**
     * The generated ids as an array.
     *
     * @return a new array
     */
    public int[] tokenArray() {
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }
}
