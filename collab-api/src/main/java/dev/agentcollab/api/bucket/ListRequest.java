package dev.agentcollab.api.bucket;

import java.util.Objects;
import java.util.Optional;

/**
 * Per-call options of {@link BucketStore#list(BucketId, ListRequest)}: a page of files, recursively, under a
 * prefix, in ascending path order.
 *
 * @param prefix a plain string prefix of the paths to list ({@code ""} lists the whole bucket; {@code "a/"}
 *     lists everything under folder {@code a})
 * @param pageToken the token returned as {@link BucketListing#nextPageToken()} by the previous page, or empty
 *     for the first page
 * @param pageSize the most entries to return, 1 to 10 000
 */
public record ListRequest(String prefix, Optional<String> pageToken, int pageSize) {
    /** The page size used by {@link #under(String)}. */
    public static final int DEFAULT_PAGE_SIZE = 1000;

    /** Validates the fields. */
    public ListRequest {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(pageToken, "pageToken");
        if (pageSize < 1 || pageSize > 10_000) {
            throw new IllegalArgumentException("pageSize must be between 1 and 10000, but was " + pageSize);
        }
        if (prefix.startsWith("/")) {
            throw new IllegalArgumentException("prefix must not start with '/', but was '" + prefix + "'");
        }
    }

    /**
     * The first page under a prefix.
     *
     * @param prefix the prefix
     * @return a request for the first {@value #DEFAULT_PAGE_SIZE} entries
     */
    public static ListRequest under(String prefix) {
        return new ListRequest(prefix, Optional.empty(), DEFAULT_PAGE_SIZE);
    }

    /**
     * The page after the one that returned {@code token}.
     *
     * @param token a {@link BucketListing#nextPageToken()}
     * @return a copy of this request for the next page
     */
    public ListRequest next(String token) {
        return new ListRequest(prefix, Optional.of(token), pageSize);
    }

    /**
     * A copy with another page size.
     *
     * @param size the new page size
     * @return the copy
     */
    public ListRequest withPageSize(int size) {
        return new ListRequest(prefix, pageToken, size);
    }
}
