package dev.agentcollab.api.bucket;

import dev.agentcollab.api.error.CollabException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code hf://buckets/{org}/{bucket}[/{path}]} URI, the form in which agents name files in their own
 * buckets. The path, when present, passes {@link BucketPath#validateUserPath(String)}: no {@code ..}, no
 * dot-files, no control characters, no empty segments.
 *
 * @param bucket the bucket
 * @param path the path inside the bucket, or empty for the bucket root
 */
public record BucketUri(BucketId bucket, Optional<BucketPath> path) {
    private static final Pattern FORM = Pattern.compile("hf://buckets/([^/]+)/([^/]+)(?:/(.*))?");

    /** Checks that no component is null. */
    public BucketUri {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(path, "path");
    }

    /**
     * Parses a URI.
     *
     * @param uri the text, e.g. {@code hf://buckets/org/fast-gemma-agent-1/drafts/plan.md}
     * @return the parsed URI
     * @throws CollabException {@code INVALID_PATH} when the text is not of the form or its path is invalid
     */
    public static BucketUri parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        Matcher m = FORM.matcher(uri);
        if (!m.matches()) {
            throw CollabException.invalidPath("source must be an hf://buckets/... URI, got: '" + uri + "'");
        }
        BucketId id;
        try {
            id = new BucketId(m.group(1), m.group(2));
        } catch (CollabException e) {
            throw CollabException.invalidPath("source must be an hf://buckets/... URI, got: '" + uri + "'");
        }
        String rest = m.group(3);
        if (rest == null || rest.isEmpty()) {
            return new BucketUri(id, Optional.empty());
        }
        return new BucketUri(id, Optional.of(BucketPath.validateUserPath(rest)));
    }

    /**
     * The canonical text form.
     *
     * @return {@code hf://buckets/org/name[/path]}
     */
    @Override
    public String toString() {
        return "hf://buckets/" + bucket + path.map(p -> "/" + p.value()).orElse("");
    }
}
