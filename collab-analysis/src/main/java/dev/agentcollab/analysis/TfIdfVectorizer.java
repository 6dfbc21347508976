package dev.agentcollab.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns texts into L2-normalised TF-IDF vectors (sparse, keyed by term). Terms are lowercase words of at least two
 * characters (letters and digits of any script, {@code +}, {@code -} inside a word; pure numbers dropped; a text in a
 * script without spaces, such as Chinese, gives one term per run of characters), minus a small English
 * stop-word list. Vectors use single words only (bigrams make paraphrases look unrelated); {@link #terms(String)}
 * adds bigrams for phrase matching such as "cuda graph". IDF is smoothed as
 * {@code ln((1 + n) / (1 + df)) + 1}, so a term present in every text keeps weight 1 and near-identical texts stay
 * near-identical vectors.
 *
 * <p>Instances are immutable and thread safe.
 */
public final class TfIdfVectorizer {
    private static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{M}\\p{N}+\\-]+");
    private static final Set<String> STOP = Set.of(
            "a", "an", "the", "and", "or", "but", "if", "then", "than", "so", "of", "to", "in", "on", "at", "by", "for",
            "with", "from", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these",
            "those", "we", "i", "you", "he", "she", "they", "our", "my", "your", "their", "not", "no", "yes", "do",
            "does", "did", "has", "have", "had", "will", "would", "can", "could", "should", "may", "might", "into",
            "about", "over", "up", "down", "out", "just", "also", "more", "most", "some", "any", "all", "very", "here",
            "there", "what", "which", "who", "how", "when", "where", "why", "again", "still", "now", "new", "try",
            "tried", "got", "get", "using", "use", "used", "via", "per", "vs");

    private final int minDocumentFrequency;

    /**
     * Creates a vectorizer.
     *
     * @param minDocumentFrequency terms in fewer texts than this are dropped (1 keeps all)
     */
    public TfIdfVectorizer(int minDocumentFrequency) {
        if (minDocumentFrequency < 1) {
            throw new IllegalArgumentException("minDocumentFrequency must be >= 1, but was " + minDocumentFrequency);
        }
        this.minDocumentFrequency = minDocumentFrequency;
    }

    /**
     * Splits a text into the terms this vectorizer uses (words and bigrams, stop words removed).
     *
     * @param text any text
     * @return the terms in order, possibly repeated
     */
    public static List<String> terms(String text) {
        List<String> words = words(text);
        List<String> terms = new ArrayList<>(words);
        for (int i = 1; i < words.size(); i++) {
            terms.add(words.get(i - 1) + " " + words.get(i));
        }
        return terms;
    }

    /**
     * Splits a text into the single words this vectorizer uses (stop words and pure numbers removed).
     *
     * @param text any text
     * @return the words in order, possibly repeated
     */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String w : SPLIT.split(text.toLowerCase(Locale.ROOT))) {
            String t = trimDashes(w);
            if (t.length() >= 2 && !STOP.contains(t) && !isNumber(t)) {
                words.add(t);
            }
        }
        return words;
    }

    /**
     * Computes the TF-IDF vectors of the texts.
     *
     * @param texts the corpus
     * @return one sparse vector per text, in order (empty map for a text without terms)
     */
    public List<Map<String, Double>> fitTransform(List<String> texts) {
        List<Map<String, Integer>> counts = new ArrayList<>(texts.size());
        Map<String, Integer> df = new HashMap<>();
        for (String text : texts) {
            Map<String, Integer> tf = new TreeMap<>();
            for (String term : words(text)) {
                tf.merge(term, 1, Integer::sum);
            }
            tf.keySet().forEach(term -> df.merge(term, 1, Integer::sum));
            counts.add(tf);
        }
        int n = texts.size();
        List<Map<String, Double>> vectors = new ArrayList<>(n);
        for (Map<String, Integer> tf : counts) {
            Map<String, Double> v = new TreeMap<>();
            double norm = 0;
            for (Map.Entry<String, Integer> e : tf.entrySet()) {
                int d = df.get(e.getKey());
                if (d < minDocumentFrequency) {
                    continue;
                }
                double w = e.getValue() * (Math.log((1.0 + n) / (1.0 + d)) + 1.0);
                v.put(e.getKey(), w);
                norm += w * w;
            }
            double scale = norm == 0 ? 0 : 1.0 / Math.sqrt(norm);
            v.replaceAll((k, w) -> w * scale);
            vectors.add(v);
        }
        return vectors;
    }

    private static String trimDashes(String w) {
        int s = 0;
        int e = w.length();
        while (s < e && (w.charAt(s) == '-' || w.charAt(s) == '+')) {
            s++;
        }
        while (e > s && w.charAt(e - 1) == '-') {
            e--;
        }
        return w.substring(s, e);
    }

    private static boolean isNumber(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (!Character.isDigit(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
