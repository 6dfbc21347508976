package dev.agentcollab.core.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark's table as Markdown: one row per measure, one column per size, then the ratio of each further size to
 * the first, so that a noisy machine still shows how a measure grows.
 */
public final class RatioTable {
    private RatioTable() {}

    /**
     * Renders the table.
     *
     * @param corner the first header cell, e.g. {@code measure}
     * @param unit what follows each size in its header, e.g. {@code msgs}
     * @param sizes the sizes, in the order of each row's values
     * @param rows each measure's values, one per size
     * @param format the format of a value, e.g. {@code %.1f}
     * @return the table's lines, joined with newlines
     */
    public static String render(
            String corner, String unit, List<Integer> sizes, Map<String, List<Double>> rows, String format) {
        StringBuilder out = new StringBuilder("| ").append(corner).append(" |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int s : sizes) {
            out.append(' ').append(s).append(' ').append(unit).append(" |");
            rule.append("---:|");
        }
        for (int i = 1; i < sizes.size(); i++) {
            out.append(" ratio ")
                    .append(sizes.get(i))
                    .append('/')
                    .append(sizes.getFirst())
                    .append(" |");
            rule.append("---:|");
        }
        out.append('\n').append(rule);
        rows.forEach((name, values) -> {
            out.append("\n| ").append(name).append(" |");
            values.forEach(v -> out.append(' ')
                    .append(String.format(Locale.ROOT, format, v))
                    .append(" |"));
            for (int i = 1; i < values.size(); i++) {
                double ratio = values.get(i) / values.getFirst();
                out.append(Double.isFinite(ratio) ? String.format(Locale.ROOT, " %.2f |", ratio) : " |");
            }
        });
        return out.toString();
    }
}
