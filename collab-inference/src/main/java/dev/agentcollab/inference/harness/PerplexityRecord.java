package dev.agentcollab.inference.harness;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One reference continuation for the perplexity gate, in the challenge's
 * {@code ppl_ground_truth_tokens.jsonl} shape: {@code {"id", "context_token_ids", "target_token_ids"}}.
 *
 * @param id the record id
 * @param contextTokenIds the context (chat-formatted prompt), at least one token
 * @param targetTokenIds the reference continuation to score, at least one token
 */
public record PerplexityRecord(
        String id,
        @JsonProperty("context_token_ids") int[] contextTokenIds,
        @JsonProperty("target_token_ids") int[] targetTokenIds) {

    /** Validates and copies the arrays. */
    public PerplexityRecord {
        Objects.requireNonNull(id, "id");
        if (contextTokenIds == null || contextTokenIds.length == 0) {
            throw new IllegalArgumentException("record " + id + ": context_token_ids must not be empty");
        }
        if (targetTokenIds == null || targetTokenIds.length == 0) {
            throw new IllegalArgumentException("record " + id + ": target_token_ids must not be empty");
        }
        contextTokenIds = contextTokenIds.clone();
        targetTokenIds = targetTokenIds.clone();
    }

    /**
     * The context tokens.
     *
     * @return a copy
     */
    @Override
    public int[] contextTokenIds() {
        return contextTokenIds.clone();
    }

    /**
     * The scored continuation tokens.
     *
     * @return a copy
     */
    @Override
    public int[] targetTokenIds() {
        return targetTokenIds.clone();
    }
}
