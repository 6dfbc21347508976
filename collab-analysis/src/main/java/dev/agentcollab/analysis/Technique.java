package dev.agentcollab.analysis;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.List;
import java.util.Objects;

/**
 * A known technique and the keywords (words or phrases) that indicate it.
 *
 * @param name the display name, e.g. {@code "speculative decoding"}
 * @param keywords words or phrases, normalised as texts are ({@link TfIdfVectorizer#words(String)} joined by one
 *     space: lowercase, punctuation such as {@code .} or {@code _} splits words, stop words and numbers dropped), so
 *     that {@code torch.compile}, {@code lm_head} or {@code mixture of experts} match the texts that write them
 */
public record Technique(String name, List<String> keywords) {

    /** Validates and normalises the keywords the way texts are split into words. */
    public Technique {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "technique name must not be blank");
        }
        keywords = keywords.stream()
                .map(k -> String.join(" ", TfIdfVectorizer.words(k)))
                .filter(k -> !k.isEmpty())
                .distinct()
                .toList();
        if (keywords.isEmpty()) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "technique '" + name + "' needs at least one keyword (stop words and numbers alone do not count)");
        }
    }

    /**
     * Whether a text mentions the technique: one of the keywords occurs in its words, a phrase as consecutive words.
     *
     * @param words the text's words, as {@link TfIdfVectorizer#words(String)} gives them
     * @return {@code true} on a match
     */
    public boolean mentionedIn(List<String> words) {
        for (String k : keywords) {
            String[] parts = k.split(" ");
            for (int i = 0; i + parts.length <= words.size(); i++) {
                int j = 0;
                while (j < parts.length && words.get(i + j).equals(parts[j])) {
                    j++;
                }
                if (j == parts.length) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether any keyword occurs among the given terms.
     *
     * @param terms terms of a text or of a cluster's top terms
     * @return {@code true} on a match
     */
    public boolean matchesAny(java.util.Collection<String> terms) {
        for (String k : keywords) {
            if (terms.contains(k)) {
                return true;
            }
        }
        return false;
    }
}
