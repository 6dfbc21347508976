package dev.agentcollab.inference.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Developer tool, not library code: times the CPU kernels ({@code dots2} of each storage) on one thread over a weight
 * matrix streamed from memory and over one that stays in the L2 cache, with the thread's CPU time (best of the
 * repeats), and prints each kernel's time for 1 to 8 activation rows as a multiple of its one-row time. Used to pick
 * kernel variants before running the bench. The "rows 64-byte aligned" cases start every row on a cache line (a large
 * Java array's data starts 16 bytes after one), as the backend's storage does ({@code Matrix.F32_PAD}). The "rows"
 * cases hand the matrix to {@code rows}/{@code rowsBf16} in runs of {@value #RUN} rows, as a matrix product hands a
 * worker its rows (the Vector API kernel takes f32 runs four rows at a time; ", pairs" is the same kernel taking them
 * pair by pair; ", stream stripes/quads/pairs" are its {@code VectorKernels.Stream} modes, which put every activation
 * row on the weight stream). {@code -Dprobe.xoff=N} starts the activation rows N floats into their array (with
 * {@code -XX:ObjectAlignmentInBytes=64}, 12 puts them on cache lines). The bf16 cases time the kernels only;
 * their weights are not in the paired layout.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... dev.agentcollab.inference.cpu.KernelProbe \
 *     [rows 65536] [cols 768] [repeats 5] [kernel name prefix]
 * </pre>
 */
final class KernelProbe {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /**
     * Rows per {@code rows} call, as a matrix product hands a worker a range of rows (one call over a whole matrix
     * would run once per pass, on code compiled on stack replacement rather than as a hot method).
     */
    private static final int RUN = 256;

    private KernelProbe() {}

    /** One kernel over every row pair of a matrix, for {@code batch} activation rows. */
    private interface Pass {
        void run(int batch);
    }

    private record Case(String name, long bytes, Pass pass) {}

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 65_536;
        int cols = args.length > 1 ? Integer.parseInt(args[1]) : 768;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String only = args.length > 3 ? args[3] : "";
        int[] batches = {1, 2, 3, 4, 5, 8};
        Kernels k = Kernels.best();
        Q8Kernels q8 = Q8Kernels.matching(k);
        System.out.printf(
                Locale.ROOT,
                "kernels %s / %s, %d x %d, CPU time, best of %d%n",
                k.name(),
                q8.getClass().getSimpleName(),
                rows,
                cols,
                reps);
        for (boolean cached : new boolean[] {false, true}) {
            int r = cached ? 64 : rows; // 64 rows of 768 f32: 196 KB, in L2
            int loops = cached ? rows / 64 : 1;
            List<Case> cases = cases(k, q8, r, cols, loops).stream()
                    .filter(c -> c.name().startsWith(only))
                    .toList();
            double[][] best = new double[cases.size()][batches.length];
            for (double[] b : best) {
                java.util.Arrays.fill(b, Double.MAX_VALUE);
            }
            for (int rep = -1; rep < reps; rep++) {
                for (int c = 0; c < cases.size(); c++) {
                    for (int b = 0; b < batches.length; b++) {
                        long t0 = CPU.getCurrentThreadCpuTime();
                        cases.get(c).pass().run(batches[b]);
                        double t = (CPU.getCurrentThreadCpuTime() - t0) / 1e6;
                        if (rep >= 0) {
                            best[c][b] = Math.min(best[c][b], t);
                        }
                    }
                }
            }
            System.out.println();
            System.out.println(cached ? "cached (L2), same weight count" : "streamed from memory");
            StringBuilder h = new StringBuilder("| kernel | MB | 1 row ms | GB/s |");
            for (int b : batches) {
                h.append(' ').append(b).append(" rows ms | x1 |");
            }
            System.out.println(h);
            for (int c = 0; c < cases.size(); c++) {
                double one = best[c][0];
                StringBuilder s = new StringBuilder(String.format(
                        Locale.ROOT,
                        "| %s | %.0f | %.2f | %.1f |",
                        cases.get(c).name(),
                        cases.get(c).bytes() * (double) loops / 1e6,
                        one,
                        cases.get(c).bytes() * (double) loops / one / 1e6));
                for (int b = 0; b < batches.length; b++) {
                    s.append(String.format(Locale.ROOT, " %.2f | %.2fx |", best[c][b], best[c][b] / one));
                }
                System.out.println(s);
            }
        }
    }

    private static List<Case> cases(Kernels k, Q8Kernels q8, int rows, int cols, int loops) {
        SplittableRandom rnd = new SplittableRandom(7);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian() * 0.05f;
        }
        short[] wb = new short[w.length];
        for (int i = 0; i < w.length; i++) {
            wb[i] = (short) (Float.floatToRawIntBits(w[i]) >>> 16);
        }
        int bpr = Q8Blocks.blocks(cols);
        byte[] q = new byte[w.length];
        short[] d = new short[rows * bpr];
        for (int r = 0; r < rows; r++) {
            Q8Blocks.quantiseRow("w", w, r * cols, cols, q, r * cols, d, r * bpr);
        }
        int xo = Integer.getInteger("probe.xoff", 0); // activation offset (alignment experiments)
        float[] x = new float[xo + 8 * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] out = new float[8 * rows];
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("f32 dots2", 4L * w.length, b -> {
            for (int l = 0; l < loops; l++) {
                for (int r = 0; r + 1 < rows; r += 2) {
                    k.dots2(w, r * cols, (r + 1) * cols, x, 0, cols, b, cols, out, r, rows);
                }
            }
        }));
        cases.add(new Case("bf16 dots2", 2L * w.length, b -> {
            for (int l = 0; l < loops; l++) {
                for (int r = 0; r + 1 < rows; r += 2) {
                    k.dots2Bf16(wb, r * cols, (r + 1) * cols, x, 0, cols, b, cols, out, r, rows);
                }
            }
        }));
        // a large array's data starts 16 bytes after a 64-byte boundary: these cases start every row 64-byte aligned
        float[] wa = new float[w.length + 12];
        short[] wba = new short[wb.length + 24];
        cases.add(new Case("f32 dots2, rows 64-byte aligned", 4L * w.length, b -> {
            for (int l = 0; l < loops; l++) {
                for (int r = 0; r + 1 < rows; r += 2) {
                    k.dots2(wa, 12 + r * cols, 12 + (r + 1) * cols, x, 0, cols, b, cols, out, r, rows);
                }
            }
        }));
        cases.add(new Case("bf16 dots2, rows 64-byte aligned", 2L * w.length, b -> {
            for (int l = 0; l < loops; l++) {
                for (int r = 0; r + 1 < rows; r += 2) {
                    k.dots2Bf16(wba, 24 + r * cols, 24 + (r + 1) * cols, x, 0, cols, b, cols, out, r, rows);
                }
            }
        }));
        List<Kernels> runKernels = k instanceof VectorKernels
                ? List.of(
                        new VectorKernels(false),
                        new VectorKernels(true),
                        new VectorKernels(true, VectorKernels.Stream.PAIRS),
                        new VectorKernels(true, VectorKernels.Stream.QUADS),
                        new VectorKernels(true, VectorKernels.Stream.STRIPES))
                : List.of(k);
        for (Kernels kc : runKernels) {
            String label = kc instanceof VectorKernels v
                    ? v.stream() != VectorKernels.Stream.FALSE
                            ? ", stream " + v.stream().name().toLowerCase(java.util.Locale.ROOT)
                            : v.runs() ? "" : ", pairs"
                    : "";
            cases.add(new Case("f32 rows, rows 64-byte aligned" + label, 4L * w.length, b -> {
                for (int l = 0; l < loops; l++) {
                    for (int r = 0; r < rows; r += RUN) {
                        int c = Math.min(RUN, rows - r);
                        kc.rows(wa, 12 + r * cols, c, cols, x, xo, cols, b, out, r, rows);
                    }
                }
            }));
            cases.add(new Case("bf16 rows, rows 64-byte aligned" + label, 2L * w.length, b -> {
                for (int l = 0; l < loops; l++) {
                    for (int r = 0; r < rows; r += RUN) {
                        int c = Math.min(RUN, rows - r);
                        kc.rowsBf16(wba, 24 + r * cols, c, cols, x, 0, cols, b, out, r, rows);
                    }
                }
            }));
        }
        cases.add(new Case("q8_0 dots2", (long) q.length + 2L * d.length, b -> {
            for (int l = 0; l < loops; l++) {
                for (int r = 0; r + 1 < rows; r += 2) {
                    q8.dots2(q, r * cols, (r + 1) * cols, d, r * bpr, (r + 1) * bpr, x, 0, cols, b, cols, out, r, rows);
                }
            }
        }));
        return cases;
    }
}
