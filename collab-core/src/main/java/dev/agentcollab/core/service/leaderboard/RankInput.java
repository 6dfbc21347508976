package dev.agentcollab.core.service.leaderboard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A result record as the ranker sees it.
 *
 * @param filename the leaf filename
 * @param frontmatter the parsed frontmatter ({@code {}} when unparsable)
 * @param malformed whether the stored file could not be parsed
 */
public record RankInput(String filename, Map<String, Object> frontmatter, boolean malformed) {
    /** Checks for nulls and copies the frontmatter (values may be {@code null}). */
    public RankInput {
        Objects.requireNonNull(filename, "filename");
        frontmatter = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(frontmatter, "fm")));
    }
}
