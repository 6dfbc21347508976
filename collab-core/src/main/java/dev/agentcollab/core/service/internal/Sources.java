package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketUri;
import dev.agentcollab.api.bucket.ListRequest;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.internal.Utf8;
import dev.agentcollab.core.service.CollabConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Source URIs (§1.7): {@code hf://buckets/<org>/<slug>-<agent_id>[/<path>]}. The agent identity <b>is</b> the
 * bucket suffix, because only that agent's owner can write its scratch bucket (§2.4). Checks in order: the URI
 * form, the organisation, the bucket naming, then the path rule (no {@code ..}, no dot components, no control
 * characters, not absolute), all {@code INVALID_PATH}.
 */
public final class Sources {
    private Sources() {}

    /**
     * A resolved source.
     *
     * @param uri the URI as given
     * @param bucket the agent's scratch bucket
     * @param agentId the agent that owns it
     * @param path the path inside the bucket, empty for the bucket root
     */
    public record Resolved(String uri, BucketId bucket, String agentId, Optional<BucketPath> path) {
        /** Checks for nulls. */
        public Resolved {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(path, "path");
        }

        /**
         * The path, which must name a file.
         *
         * @return the path
         * @throws CollabException {@code INVALID_PATH} for a bucket-root source
         */
        public BucketPath file() {
            return path.orElseThrow(() -> CollabException.of(
                    ErrorCode.INVALID_PATH, "source must name a file in your bucket, got: '" + uri + "'"));
        }
    }

    /**
     * A source file's content.
     *
     * @param bytes the raw bytes (dedup hashes these)
     * @param text the UTF-8 text
     * @param sha256 hex SHA-256 of the bytes
     */
    public record SourceFile(byte[] bytes, String text, String sha256) {
        /** Checks for nulls. */
        public SourceFile {
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /**
     * Resolves a source URI.
     *
     * @param source the URI
     * @param config the service configuration (org and slug)
     * @return the resolved source
     * @throws CollabException {@code INVALID_PATH}
     */
    public static Resolved resolve(String source, CollabConfig config) {
        Objects.requireNonNull(source, "source");
        BucketUri uri = BucketUri.parse(source);
        if (!uri.bucket().org().equals(config.org())) {
            throw CollabException.of(
                    ErrorCode.INVALID_PATH,
                    "source bucket must be in org '" + config.org() + "', got: '"
                            + uri.bucket().org() + "'",
                    "agents post from buckets in this org only");
        }
        String prefix = config.collabSlug() + "-";
        String name = uri.bucket().name();
        String agent = name.startsWith(prefix) ? name.substring(prefix.length()) : "";
        if (!Names.isId(agent)) {
            throw CollabException.of(
                    ErrorCode.INVALID_PATH,
                    "source bucket must be '" + prefix + "<agent_id>', got: '" + name + "'",
                    "source must be under your own scratch bucket");
        }
        return new Resolved(source, uri.bucket(), agent, uri.path());
    }

    /**
     * Reads a source file from the agent's bucket, refusing one larger than {@code maxBytes} before reading it.
     *
     * @param store the store
     * @param source the resolved source (must name a file)
     * @param maxBytes the largest file read
     * @return the content
     * @throws CollabException {@code PAYLOAD_TOO_LARGE} for a larger file, {@code SOURCE_NOT_FOUND} when the file
     *     or bucket is missing, {@code INVALID_FRONTMATTER} when the bytes are not UTF-8
     */
    public static SourceFile read(BucketStore store, Resolved source, long maxBytes) {
        BucketPath path = source.file();
        refuseLarger(store, source.bucket(), path, source.uri(), maxBytes);
        Optional<byte[]> bytes;
        try {
            bytes = store.read(source.bucket(), path);
        } catch (CollabException e) {
            if (e.code() != ErrorCode.BUCKET_NOT_FOUND) {
                throw e;
            }
            bytes = Optional.empty();
        }
        if (bytes.isPresent() && bytes.get().length > maxBytes) {
            throw tooLarge(source.uri(), bytes.get().length, maxBytes); // it grew between the listing and the read
        }
        byte[] b = bytes.orElseThrow(() -> CollabException.of(
                ErrorCode.SOURCE_NOT_FOUND,
                "no such file in your bucket: " + source.uri(),
                "upload it first: " + BucketCommands.of(store).copy("<file>", source.uri())));
        String text = Utf8.strict(b)
                .orElseThrow(() ->
                        CollabException.of(ErrorCode.INVALID_FRONTMATTER, "source is not UTF-8 text: " + source.uri()));
        return new SourceFile(b, text, Hashes.sha256(b));
    }

    /**
     * Refuses a file of an agent's bucket that is larger than {@code maxBytes}, before it is read: its size comes
     * from a listing of one entry from its path on. A missing file or bucket passes (the read that follows names
     * it).
     *
     * @param store the store
     * @param bucket the agent's bucket
     * @param path the file
     * @param uri the file's address, for the error
     * @param maxBytes the largest size accepted
     * @throws CollabException {@code PAYLOAD_TOO_LARGE}
     */
    public static void refuseLarger(BucketStore store, BucketId bucket, BucketPath path, String uri, long maxBytes) {
        List<BucketEntry> first;
        try {
            first = store.list(bucket, new ListRequest(path.value(), Optional.empty(), 1))
                    .entries();
        } catch (CollabException e) {
            if (e.code() == ErrorCode.BUCKET_NOT_FOUND) {
                return; // the read names it
            }
            throw e;
        }
        if (!first.isEmpty()
                && first.getFirst().path().equals(path)
                && first.getFirst().size() > maxBytes) {
            throw tooLarge(uri, first.getFirst().size(), maxBytes);
        }
    }

    private static CollabException tooLarge(String uri, long size, long maxBytes) {
        return CollabException.of(
                ErrorCode.PAYLOAD_TOO_LARGE,
                "source is " + size + " bytes, more than the " + maxBytes + " this collaboration promotes: " + uri,
                "post a shorter file that links the long one in your bucket");
    }
}
