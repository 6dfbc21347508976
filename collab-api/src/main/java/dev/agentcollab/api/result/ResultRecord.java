package dev.agentcollab.api.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A promoted result with its verification state.
 *
 * @param filename the leaf filename, e.g. {@code 20260601-100000-000_agent-1.md}
 * @param frontmatter the parsed frontmatter in stored key order ({@code score}, {@code method}, {@code status},
 *     {@code description}, the server stamps {@code agent}, {@code via}, {@code timestamp}, and anything else)
 * @param body the markdown body
 * @param verification {@code pending}, {@code valid}, {@code invalid}, or a raw value a human wrote in the index
 */
public record ResultRecord(String filename, Map<String, Object> frontmatter, String body, String verification) {
    /** Checks for nulls and copies the frontmatter, keeping its order. */
    public ResultRecord {
        Objects.requireNonNull(filename, "filename");
        frontmatter = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(frontmatter, "fm")));
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(verification, "verification");
    }

    /**
     * A frontmatter value as text.
     *
     * @param key the key
     * @return its text rendering, or empty when absent or {@code null}
     */
    public Optional<String> field(String key) {
        Object v = frontmatter.get(key);
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    }
}
