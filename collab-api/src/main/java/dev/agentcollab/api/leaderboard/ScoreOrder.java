package dev.agentcollab.api.leaderboard;

import java.util.Locale;

/** Which direction of the score is better ({@code SCORE_ORDER}). */
public enum ScoreOrder {
    /** Higher is better (the default). */
    DESC,
    /** Lower is better (e.g. latency, perplexity). */
    ASC;

    /**
     * Whether {@code a} is strictly better than {@code b}.
     *
     * @param a a score
     * @param b another score
     * @return {@code a > b} for {@link #DESC}, {@code a < b} for {@link #ASC}
     */
    public boolean better(double a, double b) {
        return this == DESC ? a > b : a < b;
    }

    /**
     * The wire word.
     *
     * @return {@code desc} or {@code asc}
     */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code desc} or {@code asc} (any case).
     *
     * @param value the word
     * @return the order
     * @throws IllegalArgumentException for any other value
     */
    public static ScoreOrder parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "desc" -> DESC;
            case "asc" -> ASC;
            default -> throw new IllegalArgumentException("score order must be desc or asc, but was '" + value + "'");
        };
    }
}
