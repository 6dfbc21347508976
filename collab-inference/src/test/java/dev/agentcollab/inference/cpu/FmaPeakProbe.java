package dev.agentcollab.inference.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Developer tool, not library code: the ceiling for the multi-row kernels on this core. It measures on one thread (CPU
 * time, best of the repeats) the core's sustained full-width multiply-adds per nanosecond with 12 independent chains
 * held in registers, the same with every multiply-add reading its second operand from the L1 cache (as a kernel reads
 * activation rows), and the rate at which one thread streams a large float array (one add per vector, 64-byte aligned
 * rows). From them it prints, per weight storage, the best (K+1)-token / 1-token cost ratio a kernel that applies every
 * activation row to each streamed weight vector could reach if the arithmetic ran entirely under the stream:
 * {@code max(stream, arithmetic(K+1)) / max(stream, arithmetic(1))}, with the arithmetic per 64-byte weight line
 * counted as in the kernels (f32: one multiply-add per activation row; bf16: two, plus two widening operations per
 * line; Q8_0: four per activation row plus the widening, conversion and scaling of its 64 int8 values, three per vector).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... dev.agentcollab.inference.cpu.FmaPeakProbe [MB 512] [repeats 5]
 * </pre>
 */
final class FmaPeakProbe {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int LEN = S.length();
    /** Multiply-adds per loop trip of the register probes (12 chains). */
    private static final int CHAINS = 12;

    private FmaPeakProbe() {}

    public static void main(String[] args) {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        float[] small = new float[CHAINS * LEN + 16];
        for (int i = 0; i < small.length; i++) {
            small[i] = 1f + i * 1e-7f;
        }
        float[] big = new float[mb * (1 << 20) / 4 + 12];
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 1e-9f;
        }
        long trips = 20_000_000L;
        double reg = Double.MAX_VALUE;
        double l1 = Double.MAX_VALUE;
        double stream = Double.MAX_VALUE;
        double sink = 0;
        for (int rep = -2; rep < reps; rep++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            sink += registers(small, trips);
            long t1 = CPU.getCurrentThreadCpuTime();
            sink += fromL1(small, trips);
            long t2 = CPU.getCurrentThreadCpuTime();
            sink += stream(big, 12, big.length - 12);
            long t3 = CPU.getCurrentThreadCpuTime();
            if (rep >= 0) {
                reg = Math.min(reg, (t1 - t0) / (double) (trips * CHAINS));
                l1 = Math.min(l1, (t2 - t1) / (double) (trips * CHAINS));
                stream = Math.min(stream, (t3 - t2) / ((big.length - 12) * 4.0 / 64));
            }
        }
        double fmaReg = 1 / reg;
        double fmaL1 = 1 / l1;
        System.out.printf(
                Locale.ROOT,
                "%d-lane float vectors, one thread, CPU time, best of %d (checksum %.3g)%n",
                LEN,
                reps,
                sink);
        System.out.printf(Locale.ROOT, "| measure | rate |%n|---|---|%n");
        System.out.printf(Locale.ROOT, "| multiply-adds, 12 chains in registers | %.2f per ns |%n", fmaReg);
        System.out.printf(Locale.ROOT, "| multiply-adds, 12 chains, one operand from L1 | %.2f per ns |%n", fmaL1);
        System.out.printf(
                Locale.ROOT,
                "| stream, %d MB, one add per vector | %.1f GB/s (%.3f ns per 64-byte line) |%n",
                mb,
                64 / stream,
                stream);
        System.out.println();
        System.out.println("| weights | vector operations per 64-byte line and activation row | + per line | 1 row ns"
                + " per line (stream / arithmetic) | 5 rows arithmetic ns per line | best 5 vs 1 | best 8 vs 1 |");
        System.out.println("|---|---|---|---|---|---|---|");
        // per 64-byte line of weights: f32 16 values, bf16 32 values, Q8_0 64 values (2 blocks of 32, 2 scales)
        row("f32", 64.0 / (4 * LEN), 0, stream, fmaL1);
        row("bf16", 64.0 / (2 * LEN), 64.0 / (2 * LEN), stream, fmaL1);
        // Q8_0 (VectorQ8Blocks): per vector of values one multiply-add per activation row; per line the widening,
        // the conversion and the scaling of each vector of values (three operations)
        double q8Values = 64.0 / LEN;
        row("q8_0", q8Values, 3 * q8Values, stream, fmaL1);
    }

    private static void row(String name, double perRow, double perLine, double stream, double fma) {
        double one = Math.max(stream, (perRow + perLine) / fma);
        double five = Math.max(stream, (5 * perRow + perLine) / fma);
        double eight = Math.max(stream, (8 * perRow + perLine) / fma);
        System.out.printf(
                Locale.ROOT,
                "| %s | %.1f | %.1f | %.3f / %.3f | %.3f | %.2fx | %.2fx |%n",
                name,
                perRow,
                perLine,
                stream,
                (perRow + perLine) / fma,
                (5 * perRow + perLine) / fma,
                five / one,
                eight / one);
    }

    /** {@code trips * 12} multiply-adds over 12 independent register chains. */
    private static float registers(float[] a, long trips) {
        FloatVector m = FloatVector.fromArray(S, a, 0);
        FloatVector c = FloatVector.fromArray(S, a, LEN);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0.add(1f);
        FloatVector a2 = a0.add(2f);
        FloatVector a3 = a0.add(3f);
        FloatVector a4 = a0.add(4f);
        FloatVector a5 = a0.add(5f);
        FloatVector a6 = a0.add(6f);
        FloatVector a7 = a0.add(7f);
        FloatVector a8 = a0.add(8f);
        FloatVector a9 = a0.add(9f);
        FloatVector a10 = a0.add(10f);
        FloatVector a11 = a0.add(11f);
        for (long t = 0; t < trips; t++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1)
                .add(a2)
                .add(a3)
                .add(a4)
                .add(a5)
                .add(a6)
                .add(a7)
                .add(a8)
                .add(a9)
                .add(a10)
                .add(a11)
                .lane(0);
    }

    /** {@code trips * 12} multiply-adds over 12 chains, each reading one operand from a small (L1) array. */
    private static float fromL1(float[] a, long trips) {
        FloatVector m = FloatVector.fromArray(S, a, 0);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0.add(1f);
        FloatVector a2 = a0.add(2f);
        FloatVector a3 = a0.add(3f);
        FloatVector a4 = a0.add(4f);
        FloatVector a5 = a0.add(5f);
        FloatVector a6 = a0.add(6f);
        FloatVector a7 = a0.add(7f);
        FloatVector a8 = a0.add(8f);
        FloatVector a9 = a0.add(9f);
        FloatVector a10 = a0.add(10f);
        FloatVector a11 = a0.add(11f);
        int k = (int) (trips & 1); // an offset C2 cannot fold, so the loads stay loads
        for (long t = 0; t < trips; t++) {
            a0 = m.fma(FloatVector.fromArray(S, a, k), a0);
            a1 = m.fma(FloatVector.fromArray(S, a, k + LEN), a1);
            a2 = m.fma(FloatVector.fromArray(S, a, k + 2 * LEN), a2);
            a3 = m.fma(FloatVector.fromArray(S, a, k + 3 * LEN), a3);
            a4 = m.fma(FloatVector.fromArray(S, a, k + 4 * LEN), a4);
            a5 = m.fma(FloatVector.fromArray(S, a, k + 5 * LEN), a5);
            a6 = m.fma(FloatVector.fromArray(S, a, k + 6 * LEN), a6);
            a7 = m.fma(FloatVector.fromArray(S, a, k + 7 * LEN), a7);
            a8 = m.fma(FloatVector.fromArray(S, a, k + 8 * LEN), a8);
            a9 = m.fma(FloatVector.fromArray(S, a, k + 9 * LEN), a9);
            a10 = m.fma(FloatVector.fromArray(S, a, k + 10 * LEN), a10);
            a11 = m.fma(FloatVector.fromArray(S, a, k + 11 * LEN), a11);
        }
        return a0.add(a1)
                .add(a2)
                .add(a3)
                .add(a4)
                .add(a5)
                .add(a6)
                .add(a7)
                .add(a8)
                .add(a9)
                .add(a10)
                .add(a11)
                .lane(0);
    }

    /** One add per vector over {@code a[off, off + n)}, four chains. */
    private static float stream(float[] a, int off, int n) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int upper = n - n % (4 * LEN);
        for (int i = 0; i < upper; i += 4 * LEN) {
            s0 = s0.add(FloatVector.fromArray(S, a, off + i));
            s1 = s1.add(FloatVector.fromArray(S, a, off + i + LEN));
            s2 = s2.add(FloatVector.fromArray(S, a, off + i + 2 * LEN));
            s3 = s3.add(FloatVector.fromArray(S, a, off + i + 3 * LEN));
        }
        return s0.add(s1).add(s2).add(s3).lane(0);
    }
}
