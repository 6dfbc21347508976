package dev.agentcollab.analysis;

import java.util.Objects;

/**
 * Settings of a board analysis. Immutable.
 *
 * @param maxClusters the k of k-means (capped by the number of distinct texts), at least 1
 * @param iterations k-means iterations, at least 1
 * @param mergeSimilarity cosine similarity in (0, 1] above which two k-means centroids count as one topic
 * @param topTerms how many centroid terms name a topic (and are matched against technique keywords)
 * @param catalog the known techniques
 */
public record BoardAnalysisConfig(
        int maxClusters, int iterations, double mergeSimilarity, int topTerms, TechniqueCatalog catalog) {

    /** Validates the settings. */
    public BoardAnalysisConfig {
        if (maxClusters < 1) {
            throw new IllegalArgumentException("maxClusters must be >= 1, but was " + maxClusters);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, but was " + iterations);
        }
        if (!(mergeSimilarity > 0 && mergeSimilarity <= 1)) {
            throw new IllegalArgumentException("mergeSimilarity must be in (0, 1], but was " + mergeSimilarity);
        }
        if (topTerms < 1) {
            throw new IllegalArgumentException("topTerms must be >= 1, but was " + topTerms);
        }
        Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * Defaults: k = 6, 50 iterations, merge at similarity 0.35, 8 top terms, {@link TechniqueCatalog#ofDefaults()}.
     *
     * @return the default settings
     */
    public static BoardAnalysisConfig ofDefaults() {
        return new BoardAnalysisConfig(6, 50, 0.35, 8, TechniqueCatalog.ofDefaults());
    }

    /**
     * A copy with another k.
     *
     * @param k the new k, at least 1
     * @return the copy
     */
    public BoardAnalysisConfig withMaxClusters(int k) {
        return new BoardAnalysisConfig(k, iterations, mergeSimilarity, topTerms, catalog);
    }

    /**
     * A copy with another technique catalogue.
     *
     * @param newCatalog the catalogue
     * @return the copy
     */
    public BoardAnalysisConfig withCatalog(TechniqueCatalog newCatalog) {
        return new BoardAnalysisConfig(maxClusters, iterations, mergeSimilarity, topTerms, newCatalog);
    }
}
