package dev.agentcollab.core.service.leaderboard;

import dev.agentcollab.core.service.internal.FrontmatterCodec;
import java.util.Map;
import java.util.Objects;

/**
 * What a leaderboard row shows of a result's frontmatter besides its score: the {@code method}, {@code timestamp}
 * and {@code description} values as the reference's {@code str()} writes them ({@code ""} when absent or null). Kept instead of the whole frontmatter by
 * {@link RankedResults}, and saved in its snapshot.
 *
 * @param method the method
 * @param timestamp the timestamp as written
 * @param description the description
 */
record RowTexts(String method, String timestamp, String description) {
    /** Checks for nulls. */
    RowTexts {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(description, "description");
    }

    /**
     * The texts of a frontmatter.
     *
     * @param fm the frontmatter
     * @return its row texts
     */
    static RowTexts of(Map<String, Object> fm) {
        return new RowTexts(text(fm.get("method")), text(fm.get("timestamp")), text(fm.get("description")));
    }

    private static String text(Object value) {
        return value == null ? "" : FrontmatterCodec.pythonStr(value);
    }
}
