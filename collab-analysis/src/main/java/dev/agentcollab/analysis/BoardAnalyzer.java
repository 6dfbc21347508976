package dev.agentcollab.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Measures how concentrated a collaboration's ideas are. Texts (messages and result methods) become TF-IDF
 * vectors, Tribuo k-means groups them, clusters whose centroids are nearly parallel are merged into one topic
 * (k-means always splits into k groups, even when everybody says the same thing), and the topic shares give a
 * normalised entropy. Techniques from the catalogue that no text mentions are reported as unexplored.
 *
 * <p>Not thread safe when the injected random generator is not; otherwise stateless.
 */
public final class BoardAnalyzer {
    private final BoardAnalysisConfig config;
    private final RandomGenerator random;

    /**
     * Creates an analyzer.
     *
     * @param config the settings
     * @param random the source of the k-means seed (a seeded generator gives reproducible topics)
     */
    public BoardAnalyzer(BoardAnalysisConfig config, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Analyses the texts.
     *
     * @param texts messages and result methods; texts without any term are ignored
     * @return the analysis (no topics when no text has a term)
     */
    public BoardAnalysis analyze(List<BoardText> texts) {
        List<BoardText> kept = new ArrayList<>();
        List<Map<String, Double>> vectors = new ArrayList<>();
        List<Map<String, Double>> all = new TfIdfVectorizer(1)
                .fitTransform(texts.stream().map(BoardText::text).toList());
        for (int i = 0; i < texts.size(); i++) {
            if (!all.get(i).isEmpty()) {
                kept.add(texts.get(i));
                vectors.add(all.get(i));
            }
        }
        Map<String, Integer> mentions = mentions(texts);
        List<List<String>> wordLists =
                kept.stream().map(t -> TfIdfVectorizer.words(t.text())).toList();
        if (kept.isEmpty()) {
            List<String> none =
                    config.catalog().techniques().stream().map(Technique::name).toList();
            return new BoardAnalysis(0, 0, List.of(), 0, 0, 0, mentions, none, List.of());
        }
        int k = Math.min(config.maxClusters(), new HashSet<>(vectors).size());
        int[] assignment = k == 1
                ? new int[vectors.size()]
                : KMeansTopics.assign(vectors, k, config.iterations(), random.nextLong());
        List<List<Integer>> topics = TopicMerger.merge(vectors, assignment, k, config.mergeSimilarity());
        List<IdeaCluster> clusters = new ArrayList<>();
        double entropy = 0;
        for (List<Integer> members : topics) {
            double share = members.size() / (double) kept.size();
            entropy -= share * Math.log(share);
            List<String> top = TopicMerger.topTerms(vectors, members, config.topTerms());
            List<String> ids = members.stream().map(i -> kept.get(i).id()).toList();
            clusters.add(new IdeaCluster(clusters.size(), members.size(), share, top, ids));
        }
        double normalized = k <= 1 ? 0 : Math.min(1.0, Math.max(0.0, entropy / Math.log(k)));
        double dominant = clusters.get(0).share();
        List<String> unexplored = new ArrayList<>();
        List<String> underexplored = new ArrayList<>();
        for (Technique t : config.catalog().techniques()) {
            if (mentions.get(t.name()) == 0) {
                unexplored.add(t.name());
            } else if (topics.stream().noneMatch(members -> covers(t, members, wordLists))) {
                underexplored.add(t.name());
            }
        }
        return new BoardAnalysis(
                kept.size(), k, clusters, entropy, normalized, dominant, mentions, unexplored, underexplored);
    }

    /** A topic covers a technique when at least a quarter of its texts mention one of the keywords. */
    private static boolean covers(Technique t, List<Integer> members, List<List<String>> wordLists) {
        long hits =
                members.stream().filter(i -> t.mentionedIn(wordLists.get(i))).count();
        return hits * 4 >= members.size();
    }

    private Map<String, Integer> mentions(List<BoardText> texts) {
        Map<String, Integer> out = new LinkedHashMap<>();
        config.catalog().techniques().forEach(t -> out.put(t.name(), 0));
        for (BoardText text : texts) {
            List<String> words = TfIdfVectorizer.words(text.text());
            for (Technique t : config.catalog().techniques()) {
                if (t.mentionedIn(words)) {
                    out.merge(t.name(), 1, Integer::sum);
                }
            }
        }
        return new TreeMap<>(out);
    }

    /** Orders topics largest first (ties: smallest first member), used by {@link TopicMerger}. */
    static final Comparator<List<Integer>> LARGEST_FIRST =
            Comparator.<List<Integer>>comparingInt(List::size).reversed().thenComparingInt(l -> l.get(0));
}
