package dev.agentcollab.analysis;

import java.util.Locale;

/** Renders a {@link BoardAnalysis} as plain text for terminals and board posts. Stateless. */
public final class BoardAnalysisReport {
    private BoardAnalysisReport() {}

    /**
     * Renders the analysis.
     *
     * @param a the analysis
     * @param collapseThreshold the dominant-topic share above which the report warns of collapse, e.g. 0.6
     * @return the text, ending in a newline
     */
    public static String render(BoardAnalysis a, double collapseThreshold) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "Idea concentration: %d texts, %d topics (k=%d), normalized entropy %.3f, effective topics %.2f,"
                        + " largest topic %.0f%%%n",
                a.textsAnalysed(),
                a.clusters().size(),
                a.clustersRequested(),
                a.normalizedEntropy(),
                a.effectiveTopics(),
                a.dominantShare() * 100));
        if (a.collapsed(collapseThreshold)) {
            sb.append(String.format(
                    Locale.ROOT,
                    "WARNING: agent collapse - one topic holds more than %.0f%% of the texts%n",
                    collapseThreshold * 100));
        }
        for (IdeaCluster c : a.clusters()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "  topic %d: %5.1f%% (%d) %s%n",
                    c.id(),
                    c.share() * 100,
                    c.size(),
                    String.join(", ", c.topTerms())));
        }
        sb.append("Technique mentions: ")
                .append(String.join(
                        "  ",
                        a.techniqueMentions().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .toList()))
                .append(System.lineSeparator());
        sb.append("Unexplored (nobody mentions them): ")
                .append(a.unexplored().isEmpty() ? "none" : String.join(", ", a.unexplored()))
                .append(System.lineSeparator());
        sb.append("Underexplored (mentioned, no topic of their own): ")
                .append(a.underexplored().isEmpty() ? "none" : String.join(", ", a.underexplored()))
                .append(System.lineSeparator());
        return sb.toString();
    }
}
