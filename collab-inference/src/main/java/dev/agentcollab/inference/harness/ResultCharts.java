package dev.agentcollab.inference.harness;

import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import dev.agentcollab.api.result.ResultRecord;
import dev.agentcollab.api.result.Results;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Charts and tables over every promoted harness result (not only one run): reads the results through the
 * {@link Results} feature and uses the frontmatter fields {@link ResultFile} writes ({@code tps}, {@code ppl},
 * {@code ppl_cap}, {@code quality}). Results without both numbers (written by other tools) are skipped.
 */
public final class ResultCharts {
    private ResultCharts() {}

    /**
     * The chart point of a result, when it carries tokens/s (field {@code tps}, else the score field) and perplexity.
     *
     * @param r the result record
     * @param scoreField the deployment's score field
     * @return the point, or empty
     */
    public static Optional<ChartPoint> point(ResultRecord r, String scoreField) {
        Optional<Double> tps = number(r.frontmatter().get("tps"))
                .or(() -> number(r.frontmatter().get(scoreField)));
        Optional<Double> ppl = number(r.frontmatter().get("ppl"));
        if (tps.isEmpty() || ppl.isEmpty() || !(tps.get() > 0) || !(ppl.get() > 0)) {
            return Optional.empty();
        }
        String agent = r.field("agent").orElse(r.filename());
        boolean lossless = "lossless".equals(r.field("quality").orElse(""));
        return Optional.of(new ChartPoint(agent, tps.get(), ppl.get(), lossless));
    }

    /**
     * Reads every result and writes the TPS-vs-perplexity chart of those that carry both numbers; the cap drawn is
     * the most common {@code ppl_cap} among them.
     *
     * @param results the results feature
     * @param scoreField the deployment's score field
     * @param png the chart file
     * @return the number of results drawn (0 means no chart was written)
     */
    public static int writeChart(Results results, String scoreField, Path png) {
        List<ResultRecord> all = readAll(results);
        List<ChartPoint> points = new ArrayList<>();
        Map<Double, Integer> caps = new HashMap<>();
        for (ResultRecord r : all) {
            point(r, scoreField).ifPresent(points::add);
            number(r.frontmatter().get("ppl_cap")).ifPresent(c -> caps.merge(c, 1, Integer::sum));
        }
        if (points.isEmpty()) {
            return 0;
        }
        OptionalDouble cap = caps.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(e -> OptionalDouble.of(e.getKey()))
                .orElse(OptionalDouble.empty());
        TpsPerplexityChart.write(png, "tokens/s vs perplexity, all submissions", points, cap);
        return points.size();
    }

    /**
     * A table of every result carrying tokens/s and perplexity, best tokens/s first.
     *
     * @param results the results feature
     * @param scoreField the deployment's score field
     * @return the table text
     */
    public static String table(Results results, String scoreField) {
        List<String[]> rows = new ArrayList<>();
        readAll(results).stream()
                .filter(r -> point(r, scoreField).isPresent())
                .sorted(Comparator.comparingDouble((ResultRecord r) ->
                                point(r, scoreField).orElseThrow().tps())
                        .reversed())
                .forEach(r -> {
                    ChartPoint p = point(r, scoreField).orElseThrow();
                    rows.add(new String[] {
                        p.label(),
                        r.field("method").orElse(""),
                        String.format(Locale.ROOT, "%.2f", p.tps()),
                        String.format(Locale.ROOT, "%.4f", p.ppl()),
                        r.field("ppl_pass")
                                .map(v -> v.equals("true") ? "pass" : "FAIL")
                                .orElse("-"),
                        r.field("quality").orElse("-"),
                        r.verification()
                    });
                });
        return SummaryTable.table(
                new String[] {"agent", "method", "tok/s", "PPL", "gate", "quality", "verification"}, rows);
    }

    private static List<ResultRecord> readAll(Results results) {
        List<ResultRecord> all = new ArrayList<>();
        String after = null;
        while (true) {
            Page<ResultRecord> page = results.list(ListQuery.builder()
                    .expand(true)
                    .order(SortOrder.ASC)
                    .limit(200)
                    .after(after)
                    .build());
            all.addAll(page.items());
            if (page.next().isEmpty() || page.items().isEmpty()) {
                return all;
            }
            after = page.items().get(page.items().size() - 1).filename();
        }
    }

    private static Optional<Double> number(Object v) {
        if (v instanceof Number n && !(v instanceof Boolean)) {
            return Optional.of(n.doubleValue());
        }
        if (v instanceof String s) {
            try {
                return Optional.of(Double.parseDouble(s.strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
