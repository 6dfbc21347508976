package dev.agentcollab.inference.harness;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.Objects;

/**
 * One benchmark prompt, one JSONL line: {@code {"id", "prompt_token_ids": [...]}} (already chat-formatted, as in
 * the challenge's decode outputs) or {@code {"id", "prompt": "text"}} (encoded with the submission's tokenizer).
 *
 * @param id the prompt id
 * @param prompt the text, or {@code null}
 * @param promptTokenIds the token ids, or {@code null}
 */
public record PromptItem(String id, String prompt, @JsonProperty("prompt_token_ids") int[] promptTokenIds) {

    /** Requires exactly one form. */
    public PromptItem {
        Objects.requireNonNull(id, "id");
        boolean text = prompt != null && !prompt.isEmpty();
        boolean tokens = promptTokenIds != null && promptTokenIds.length > 0;
        if (!text && !tokens && (prompt != null || promptTokenIds != null)) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "prompt " + id + " is empty: " + (prompt != null ? "prompt is \"\"" : "prompt_token_ids is []"),
                    "give each prompt at least one token");
        }
        if (text == tokens) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST, "prompt " + id + " needs exactly one of prompt or prompt_token_ids");
        }
        promptTokenIds = tokens ? promptTokenIds.clone() : null;
    }

    /**
     * A pre-tokenized prompt.
     *
     * @param id the id
     * @param tokens the token ids
     * @return the prompt
     */
    public static PromptItem ofTokens(String id, int[] tokens) {
        return new PromptItem(id, null, tokens);
    }

    /**
     * The token ids: given ones, or the text encoded by the model's tokenizer.
     *
     * @param model the submission
     * @return the ids
     */
    public int[] tokens(SubmissionModel model) {
        return promptTokenIds != null ? promptTokenIds.clone() : model.encode(prompt);
    }

    /**
     * The given token ids.
     *
     * @return a copy, or {@code null} for a text prompt
     */
    @Override
    public int[] promptTokenIds() {
        return promptTokenIds == null ? null : promptTokenIds.clone();
    }
}
