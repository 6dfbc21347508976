package dev.agentcollab.api.bucket;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param entries the files of this page, ascending by path
 * @param nextPageToken the token for the next page, or empty when this was the last page
 */
public record BucketListing(List<BucketEntry> entries, Optional<String> nextPageToken) {
    /** Copies the list and checks for nulls. */
    public BucketListing {
        entries = List.copyOf(entries);
        Objects.requireNonNull(nextPageToken, "nextPageToken");
    }
}
