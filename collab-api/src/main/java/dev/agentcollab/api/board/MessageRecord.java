package dev.agentcollab.api.board;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A markdown record: a board message, inbox copy, taskforce note or README. The frontmatter keeps the stored key
 * order; YAML dates and timestamps are rendered as ISO text.
 *
 * @param filename the leaf filename, e.g. {@code 20260601-100000-000_agent-1.md}
 * @param frontmatter the parsed frontmatter (may hold {@code null} values for empty YAML keys)
 * @param body the markdown body
 */
public record MessageRecord(String filename, Map<String, Object> frontmatter, String body) {
    /** Checks for nulls and copies the frontmatter, keeping its order. */
    public MessageRecord {
        Objects.requireNonNull(filename, "filename");
        frontmatter = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(frontmatter, "fm")));
        Objects.requireNonNull(body, "body");
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
