package dev.agentcollab.hf.buckets;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of {@code GET /api/buckets/{id}/tree[/{prefix}]}: the files of the page (directory items dropped) and
 * the {@code Link: <...>; rel="next"} URL of the following page.
 *
 * @param files the files of this page, in server order
 * @param next the URL of the next page, or empty on the last page
 */
public record HfTreePage(List<HfBucketFile> files, Optional<URI> next) {
    /** Copies the list and checks for nulls. */
    public HfTreePage {
        files = List.copyOf(files);
        Objects.requireNonNull(next, "next");
    }
}
