package dev.agentcollab.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Merges k-means clusters with near-parallel centroids into topics and names topics by their centroid terms. */
final class TopicMerger {
    private TopicMerger() {}

    /**
     * Groups vector indices into topics: k-means clusters are merged agglomeratively, most similar pair first, while
     * the mean cosine similarity between the centroids of one topic's k-means clusters and those of the other's
     * reaches {@code similarity} (average linkage over the k-means centroids). Comparing the merged topics' own mean
     * vectors instead would chain: the mean of a mixture of topics is close to every topic, so each merge makes the
     * next one likelier, and a board of distinct topics that share some vocabulary would end up as one.
     *
     * @param vectors the clustered vectors
     * @param assignment cluster index per vector
     * @param k the number of clusters
     * @param similarity cosine similarity at or above which two centroids merge
     * @return member indices per topic, largest topic first, members ascending
     */
    static List<List<Integer>> merge(List<Map<String, Double>> vectors, int[] assignment, int k, double similarity) {
        List<List<Integer>> clusters = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            clusters.add(new ArrayList<>());
        }
        for (int i = 0; i < assignment.length; i++) {
            clusters.get(assignment[i]).add(i);
        }
        clusters.removeIf(List::isEmpty);
        int n = clusters.size();
        double[][] sim = new double[n][n];
        List<Map<String, Double>> centroids = new ArrayList<>(n);
        for (List<Integer> members : clusters) {
            centroids.add(centroid(vectors, members));
        }
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                sim[a][b] = cosine(centroids.get(a), centroids.get(b));
                sim[b][a] = sim[a][b];
            }
        }
        // topics as lists of k-means cluster indices
        List<List<Integer>> topics = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            topics.add(new ArrayList<>(List.of(c)));
        }
        while (topics.size() > 1) {
            int bestA = -1;
            int bestB = -1;
            double best = similarity;
            for (int a = 0; a < topics.size(); a++) {
                for (int b = a + 1; b < topics.size(); b++) {
                    double link = linkage(sim, topics.get(a), topics.get(b));
                    if (link >= best) {
                        best = link;
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            if (bestA < 0) {
                break;
            }
            topics.get(bestA).addAll(topics.remove(bestB));
        }
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> topic : topics) {
            List<Integer> members = new ArrayList<>();
            topic.forEach(c -> members.addAll(clusters.get(c)));
            members.sort(null);
            out.add(members);
        }
        out.sort(BoardAnalyzer.LARGEST_FIRST);
        return out;
    }

    /** The mean similarity between the k-means clusters of one topic and those of the other. */
    private static double linkage(double[][] sim, List<Integer> a, List<Integer> b) {
        double sum = 0;
        for (int x : a) {
            for (int y : b) {
                sum += sim[x][y];
            }
        }
        return sum / (a.size() * b.size());
    }

    /**
     * The heaviest terms of the members' mean vector.
     *
     * @param vectors all vectors
     * @param members indices of the topic's vectors
     * @param n how many terms
     * @return up to n terms, heaviest first (ties alphabetical)
     */
    static List<String> topTerms(List<Map<String, Double>> vectors, List<Integer> members, int n) {
        return centroid(vectors, members).entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .map(Map.Entry::getKey)
                .toList();
    }

    static Map<String, Double> centroid(List<Map<String, Double>> vectors, List<Integer> members) {
        Map<String, Double> sum = new HashMap<>();
        for (int i : members) {
            vectors.get(i).forEach((t, w) -> sum.merge(t, w, Double::sum));
        }
        sum.replaceAll((t, w) -> w / members.size());
        return sum;
    }

    static double cosine(Map<String, Double> a, Map<String, Double> b) {
        double dot = 0;
        for (Map.Entry<String, Double> e : a.entrySet()) {
            Double w = b.get(e.getKey());
            if (w != null) {
                dot += e.getValue() * w;
            }
        }
        double na = norm(a);
        double nb = norm(b);
        return na == 0 || nb == 0 ? 0 : dot / (na * nb);
    }

    private static double norm(Map<String, Double> v) {
        double s = 0;
        for (double w : v.values()) {
            s += w * w;
        }
        return Math.sqrt(s);
    }
}
