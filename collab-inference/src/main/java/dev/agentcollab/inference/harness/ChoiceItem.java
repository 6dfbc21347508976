package dev.agentcollab.inference.harness;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One multiple-choice question (MMLU-Pro / GPQA style), one JSONL line. Either text —
 * {@code {"id","question","options":[...],"answer":"C"}} — or pre-tokenized —
 * {@code {"id","prompt_token_ids":[...],"option_token_ids":[[...],...],"answer":"C"}}. Options are labelled A, B,
 * C, … in order; {@code answer} is the correct label ({@code answer_index}, 0-based, is accepted instead).
 *
 * @param id the item id
 * @param question the question text (text items), or {@code null}
 * @param options the option texts (text items), or empty
 * @param promptTokenIds the prompt tokens (tokenized items), or {@code null}
 * @param optionTokenIds the option continuation tokens (tokenized items), or empty
 * @param answer the correct option label, {@code A}..
 */
public record ChoiceItem(
        String id,
        String question,
        List<String> options,
        @JsonProperty("prompt_token_ids") int[] promptTokenIds,
        @JsonProperty("option_token_ids") List<int[]> optionTokenIds,
        String answer) {

    /** Validates the item: one form complete, 2..26 options (no null option, no empty continuation), a label among them. */
    public ChoiceItem {
        Objects.requireNonNull(id, "id");
        for (int i = 0; options != null && i < options.size(); i++) {
            if (options.get(i) == null) {
                throw invalid(id, "option " + label(i) + " is null");
            }
        }
        if (optionTokenIds != null) {
            for (int i = 0; i < optionTokenIds.size(); i++) {
                int[] option = optionTokenIds.get(i);
                if (option == null || option.length == 0) {
                    // an empty continuation would score log-likelihood 0, more than any real option
                    throw invalid(id, "option " + label(i) + " in option_token_ids has no tokens");
                }
            }
        }
        options = options == null ? List.of() : List.copyOf(options);
        optionTokenIds = optionTokenIds == null
                ? List.of()
                : optionTokenIds.stream().map(int[]::clone).toList();
        boolean text = question != null && !options.isEmpty();
        boolean tokens = promptTokenIds != null && promptTokenIds.length > 0 && !optionTokenIds.isEmpty();
        if (text == tokens) {
            throw invalid(id, "needs either question+options or prompt_token_ids+option_token_ids");
        }
        int n = text ? options.size() : optionTokenIds.size();
        if (n < 2 || n > 26) {
            throw invalid(id, "needs 2..26 options, but has " + n);
        }
        if (answer == null || answer.length() != 1 || answer.charAt(0) < 'A' || answer.charAt(0) >= 'A' + n) {
            throw invalid(id, "answer must be one of the option labels A.." + label(n - 1) + ", but was " + answer);
        }
    }

    /**
     * The label of option {@code i}.
     *
     * @param i the 0-based index
     * @return {@code "A"} for 0, {@code "B"} for 1, …
     */
    public static String label(int i) {
        return String.valueOf((char) ('A' + i));
    }

    /**
     * How many options there are.
     *
     * @return the count
     */
    public int optionCount() {
        return options.isEmpty() ? optionTokenIds.size() : options.size();
    }

    /**
     * The prompt tokens: given ones, or the question formatted as {@code Question: …\nA. …\nB. …\nAnswer:}.
     *
     * @param model supplies the tokenizer for text items
     * @return the prompt token ids
     */
    public int[] promptTokens(SubmissionModel model) {
        if (promptTokenIds != null && promptTokenIds.length > 0) {
            return promptTokenIds.clone();
        }
        StringBuilder sb =
                new StringBuilder("Question: ").append(question.strip()).append('\n');
        for (int i = 0; i < options.size(); i++) {
            sb.append(label(i)).append(". ").append(options.get(i).strip()).append('\n');
        }
        return model.encode(sb.append("Answer:").toString());
    }

    /**
     * The continuation scored for option {@code i}: given tokens, or {@code " <label>. <option text>"}.
     *
     * @param model supplies the tokenizer for text items
     * @param i the option index
     * @return the continuation token ids
     */
    public int[] optionTokens(SubmissionModel model, int i) {
        if (!optionTokenIds.isEmpty()) {
            return optionTokenIds.get(i).clone();
        }
        return model.encode(" " + label(i) + ". " + options.get(i).strip());
    }

    /**
     * All option labels.
     *
     * @return {@code A..}
     */
    public List<String> labels() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < optionCount(); i++) {
            out.add(label(i));
        }
        return out;
    }

    private static CollabException invalid(String id, String what) {
        return CollabException.of(ErrorCode.INVALID_REQUEST, "eval item " + id + " " + what);
    }
}
