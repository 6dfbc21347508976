package dev.agentcollab.core.service.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed markdown file: ordered frontmatter plus body. A file whose frontmatter could not be parsed degrades to
 * empty frontmatter, the whole text as body, and the parse error.
 *
 * @param frontmatter the frontmatter in stored key order (values may be {@code null})
 * @param body the body
 * @param parseError why the frontmatter could not be parsed, or empty
 */
public record Document(Map<String, Object> frontmatter, String body, Optional<String> parseError) {
    /** Copies the frontmatter, keeping order. */
    public Document {
        frontmatter = Collections.unmodifiableMap(new LinkedHashMap<>(frontmatter));
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(parseError, "parseError");
    }

    /**
     * A well-formed document.
     *
     * @param frontmatter the frontmatter
     * @param body the body
     * @return the document
     */
    public static Document of(Map<String, Object> frontmatter, String body) {
        return new Document(frontmatter, body, Optional.empty());
    }

    /**
     * A frontmatter value as text for the service's own reads.
     *
     * @param key the key
     * @return the rendering, or {@code ""} when absent or null
     */
    public String text(String key) {
        return FrontmatterCodec.render(frontmatter.get(key));
    }

    /**
     * A frontmatter value as the list grammar compares it: Python's {@code str()} of the value
     * ({@link FrontmatterCodec#pythonStr}), {@code ""} when the key is absent.
     *
     * @param key the key
     * @return the rendering
     */
    public String str(String key) {
        return frontmatter.containsKey(key) ? FrontmatterCodec.pythonStr(frontmatter.get(key)) : "";
    }

    /**
     * A copy with some keys set (server stamps win: existing keys keep their position, new keys are appended).
     *
     * @param stamps the keys to set
     * @return the merged document
     */
    public Document merged(Map<String, ?> stamps) {
        Map<String, Object> fm = new LinkedHashMap<>(frontmatter);
        fm.putAll(stamps);
        return new Document(fm, body, parseError);
    }
}
