package dev.agentcollab.inference.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders harness summaries as an aligned, human-readable (and markdown-compatible) table:
 *
 * <pre>
 * | submission | decoding           |   tok/s |    PPL |    cap | gate | accuracy | quality |
 * |------------|--------------------|---------|--------|--------|------|----------|---------|
 * | mtp-k4     | speculative k=4 .. |  123.40 | 2.3010 | 2.4150 | pass |    0.612 | lossless |
 * </pre>
 *
 * Stateless and thread safe.
 */
public final class SummaryTable {
    private static final String[] HEADER = {
        "submission", "decoding", "tok/s", "PPL", "cap", "gate", "accuracy", "quality"
    };

    private SummaryTable() {}

    /**
     * Renders the table, best tokens/s first.
     *
     * @param summaries the runs
     * @return the table text, one row per run, ending in a newline
     */
    public static String render(List<HarnessSummary> summaries) {
        List<String[]> rows = new ArrayList<>();
        summaries.stream()
                .sorted((a, b) -> Double.compare(b.tps(), a.tps()))
                .forEach(s -> rows.add(new String[] {
                    s.submission(),
                    s.decoding(),
                    String.format(Locale.ROOT, "%.2f", s.tps()),
                    String.format(Locale.ROOT, "%.4f", s.ppl()),
                    String.format(Locale.ROOT, "%.4f", s.pplCap()),
                    s.pplPass() ? "pass" : "FAIL",
                    s.accuracy().map(a -> String.format(Locale.ROOT, "%.3f", a)).orElse("-"),
                    s.lossless() ? "lossless" : "lossy"
                }));
        return table(HEADER, rows);
    }

    /**
     * Renders any header and rows as an aligned pipe table (numeric-looking cells right-aligned).
     *
     * @param header the column names
     * @param rows the cells, each row as long as the header
     * @return the table text
     */
    public static String table(String[] header, List<String[]> rows) {
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            width[c] = header[c].length();
            for (String[] r : rows) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width);
        sb.append('|');
        for (int w : width) {
            sb.append("-".repeat(w + 2)).append('|');
        }
        sb.append('\n');
        rows.forEach(r -> line(sb, r, width));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width) {
        sb.append('|');
        for (int c = 0; c < cells.length; c++) {
            boolean numeric = !cells[c].isEmpty() && cells[c].matches("-?[0-9.]+");
            String fmt = numeric ? "%" + width[c] + "s" : "%-" + width[c] + "s";
            sb.append(' ').append(String.format(Locale.ROOT, fmt, cells[c])).append(" |");
        }
        sb.append('\n');
    }
}
