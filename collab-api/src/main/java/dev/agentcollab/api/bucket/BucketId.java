package dev.agentcollab.api.bucket;

import dev.agentcollab.api.error.CollabException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies one bucket as {@code org/name}, the same way the Hugging Face Hub names buckets.
 *
 * @param org the owning organisation or user, e.g. {@code gemma-collab}
 * @param name the bucket name inside the organisation, e.g. {@code fast-gemma-agent-1}
 */
public record BucketId(String org, String name) {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?");

    /**
     * Validates both segments.
     *
     * @throws CollabException {@code INVALID_PATH} when a segment is empty, too long, or has characters other
     *     than letters, digits, {@code .}, {@code _} and {@code -} (and may not start or end with punctuation)
     */
    public BucketId {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(name, "name");
        if (!SEGMENT.matcher(org).matches()) {
            throw CollabException.invalidPath("invalid bucket org: '" + org + "'");
        }
        if (!SEGMENT.matcher(name).matches() || name.contains("..")) {
            throw CollabException.invalidPath("invalid bucket name: '" + name + "'");
        }
    }

    /**
     * Parses {@code org/name}.
     *
     * @param orgSlashName the id as text
     * @return the id
     * @throws CollabException {@code INVALID_PATH} when the text is not of that form
     */
    public static BucketId parse(String orgSlashName) {
        Objects.requireNonNull(orgSlashName, "orgSlashName");
        int slash = orgSlashName.indexOf('/');
        if (slash < 0 || orgSlashName.indexOf('/', slash + 1) >= 0) {
            throw CollabException.invalidPath("bucket id must be 'org/name', got: '" + orgSlashName + "'");
        }
        return new BucketId(orgSlashName.substring(0, slash), orgSlashName.substring(slash + 1));
    }

    /**
     * The id as {@code org/name}.
     *
     * @return the canonical text form
     */
    @Override
    public String toString() {
        return org + "/" + name;
    }
}
