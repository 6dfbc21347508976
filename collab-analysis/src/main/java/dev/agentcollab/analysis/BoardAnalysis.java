package dev.agentcollab.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a board analysis: topics with their shares, how concentrated they are, and which known
 * techniques no topic covers.
 *
 * @param textsAnalysed texts that had at least one term and were clustered
 * @param clustersRequested the k used by k-means (capped by the number of texts)
 * @param clusters the topics after merging, largest first
 * @param entropy Shannon entropy (nats) of the topic shares
 * @param normalizedEntropy entropy divided by {@code ln(clustersRequested)}: 0 = everything in one topic,
 *     1 = evenly spread over all k; 0 when k is 1
 * @param dominantShare the largest topic's share
 * @param techniqueMentions for every catalogue technique, how many texts mention one of its keywords, in the
 *     order given ({@link BoardAnalyzer}: by name)
 * @param unexplored techniques no text mentions
 * @param underexplored techniques mentioned somewhere, but by less than a quarter of the texts of every topic
 */
public record BoardAnalysis(
        int textsAnalysed,
        int clustersRequested,
        List<IdeaCluster> clusters,
        double entropy,
        double normalizedEntropy,
        double dominantShare,
        Map<String, Integer> techniqueMentions,
        List<String> unexplored,
        List<String> underexplored) {

    /** Validates and copies. */
    public BoardAnalysis {
        if (textsAnalysed < 0 || clustersRequested < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
        if (!(normalizedEntropy >= 0 && normalizedEntropy <= 1 + 1e-9)) {
            throw new IllegalArgumentException("normalizedEntropy must be in [0, 1], but was " + normalizedEntropy);
        }
        clusters = List.copyOf(Objects.requireNonNull(clusters, "clusters"));
        techniqueMentions = Collections.unmodifiableMap(
                new LinkedHashMap<>(Objects.requireNonNull(techniqueMentions, "techniqueMentions")));
        unexplored = List.copyOf(Objects.requireNonNull(unexplored, "unexplored"));
        underexplored = List.copyOf(Objects.requireNonNull(underexplored, "underexplored"));
    }

    /**
     * The effective number of topics, {@code exp(entropy)} (1 when all texts share one topic, 0 when there is no
     * topic because no text had a term).
     *
     * @return the perplexity of the topic distribution
     */
    public double effectiveTopics() {
        return clusters.isEmpty() ? 0 : Math.exp(entropy);
    }

    /**
     * Whether the ideas look collapsed: one topic holds more than the given share of all texts.
     *
     * @param threshold a share in (0, 1], e.g. 0.6
     * @return {@code true} when {@link #dominantShare()} exceeds it
     */
    public boolean collapsed(double threshold) {
        return dominantShare > threshold;
    }
}
