package dev.agentcollab.analysis;

import java.util.List;
import java.util.Objects;

/**
 * One topic of the board: a group of texts that k-means put together (after merging near-duplicate centroids).
 *
 * @param id the topic number, 0 for the largest
 * @param size how many texts belong to it
 * @param share {@code size} divided by all clustered texts, in [0, 1]
 * @param topTerms the heaviest centroid terms, heaviest first
 * @param memberIds the ids of the member texts
 */
public record IdeaCluster(int id, int size, double share, List<String> topTerms, List<String> memberIds) {

    /** Validates the fields. */
    public IdeaCluster {
        if (id < 0 || size < 0) {
            throw new IllegalArgumentException("id and size must be >= 0, but were " + id + ", " + size);
        }
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in [0, 1], but was " + share);
        }
        topTerms = List.copyOf(Objects.requireNonNull(topTerms, "topTerms"));
        memberIds = List.copyOf(Objects.requireNonNull(memberIds, "memberIds"));
    }
}
