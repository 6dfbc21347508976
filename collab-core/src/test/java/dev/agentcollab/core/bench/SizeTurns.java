package dev.agentcollab.core.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The loop of a benchmark that compares history sizes in one JVM: one subject per size, the sizes taking turns round
 * by round (a quarter of the rounds first as warm-up), so that a slow stretch of a shared machine falls on every size
 * alike; then a table of p50 per size with the ratio to the first size ({@link RatioTable}).
 */
public final class SizeTurns {
    /** One round on one subject: the nanoseconds of each measured operation, in the order of the row names. */
    @FunctionalInterface
    public interface Round<S> {
        /**
         * Runs one round.
         *
         * @param subject the size's subject
         * @param n the round's number, growing across rounds (warm-up rounds included)
         * @return the nanoseconds of each operation
         * @throws Exception when the round fails
         */
        long[] run(S subject, int n) throws Exception;
    }

    /** Starts the subject of one size. */
    @FunctionalInterface
    public interface Start<S> {
        /**
         * Starts it.
         *
         * @param size the history size
         * @return the subject
         * @throws Exception when it cannot start
         */
        S start(int size) throws Exception;
    }

    private SizeTurns() {}

    /**
     * A benchmark's {@code main}: {@code [rounds] [size...]} from the command line, one subject started per size,
     * the rounds run and the table printed, every subject closed.
     *
     * @param args the command line
     * @param defaultRounds the rounds when none are given
     * @param defaultSizes the sizes when none are given
     * @param unit what a size counts
     * @param start starts one size's subject
     * @param names the operations' names
     * @param round one round
     * @param <S> the subject type
     * @throws Exception when a subject cannot start or a round fails
     */
    public static <S extends AutoCloseable> void main(
            String[] args,
            int defaultRounds,
            List<Integer> defaultSizes,
            String unit,
            Start<S> start,
            String[] names,
            Round<S> round)
            throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : defaultRounds;
        List<Integer> sizes = sizes(args, defaultSizes);
        List<S> subjects = new ArrayList<>();
        try {
            for (int size : sizes) {
                subjects.add(start.start(size));
            }
            System.out.println(run(unit, rounds, sizes, subjects, names, round));
        } finally {
            for (S s : subjects) {
                s.close();
            }
        }
    }

    /**
     * Runs the rounds and renders the table.
     *
     * @param unit what a size counts, e.g. {@code results}
     * @param rounds the timed rounds
     * @param sizes the sizes, the first one the ratios' base
     * @param subjects one subject per size, in the same order
     * @param names the operations' names, one row each
     * @param round one round
     * @param <S> the subject type
     * @return the table, in Markdown
     * @throws Exception when a round fails
     */
    public static <S> String run(
            String unit, int rounds, List<Integer> sizes, List<S> subjects, String[] names, Round<S> round)
            throws Exception {
        long[][][] times = new long[names.length][sizes.size()][rounds];
        for (int r = -rounds / 4; r < rounds; r++) {
            for (int s = 0; s < sizes.size(); s++) {
                long[] t = round.run(subjects.get(s), r + rounds);
                if (r >= 0) {
                    for (int k = 0; k < names.length; k++) {
                        times[k][s][r] = t[k];
                    }
                }
            }
        }
        Map<String, List<Double>> table = new LinkedHashMap<>();
        for (int k = 0; k < names.length; k++) {
            List<Double> row = new ArrayList<>();
            for (int s = 0; s < sizes.size(); s++) {
                long[] t = times[k][s];
                Arrays.sort(t);
                row.add(t[t.length / 2] / 1e6);
            }
            table.put(names[k], row);
        }
        return RatioTable.render("p50 (ms)", unit, sizes, table, "%.2f");
    }

    /**
     * The sizes given on a command line after the rounds, or the defaults.
     *
     * @param args the arguments: rounds, then sizes
     * @param defaults the sizes when none is given
     * @return the sizes
     */
    public static List<Integer> sizes(String[] args, List<Integer> defaults) {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        return sizes.isEmpty() ? defaults : sizes;
    }

    /**
     * A distinct filename stamp for the {@code i}-th record a benchmark seeds out of band, in 2026 and rising with
     * {@code i} within each of its first 40,000 (then the months repeat with other days and times): for seeds of up
     * to a few hundred thousand records that need names in a plausible range rather than a real clock.
     *
     * @param i the record's number, 0 or more
     * @return e.g. {@code 20260101-000000-000}
     */
    public static String stamp(int i) {
        return String.format(
                Locale.ROOT,
                "2026%02d%02d-%02d%02d%02d-%03d",
                1 + i / 40000 % 5,
                1 + i / 1440 % 28,
                i / 60 % 24,
                i % 60,
                i % 7,
                i % 1000);
    }
}
