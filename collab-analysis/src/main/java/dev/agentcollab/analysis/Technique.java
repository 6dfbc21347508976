package dev.agentcollab.analysis;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A known technique and the keywords (single words or two-word phrases, lowercase) that indicate it.
 *
 * @param name the display name, e.g. {@code "speculative decoding"}
 * @param keywords lowercase terms in the form {@link TfIdfVectorizer#terms(String)} produces
 */
public record Technique(String name, List<String> keywords) {

    /** Validates and normalises the keywords to lowercase. */
    public Technique {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "technique name must not be blank");
        }
        keywords = keywords.stream()
                .map(k -> k.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " "))
                .filter(k -> !k.isEmpty())
                .toList();
        if (keywords.isEmpty()) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "technique '" + name + "' needs at least one keyword");
        }
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
