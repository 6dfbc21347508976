package dev.agentcollab.inference.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Developer tool, not a test: the CPU time per token of the work a forward does outside the weight stream, on the
 * bench model's shapes ({@code SpecDecodeBench --hidden 768 --layers 10 --vocab 32768}: MLP width 3072, 12 query and 3
 * K/V heads of 64 (every fifth layer 128), 7 K/V-owning layers), one thread, best of the repeats. GELU, the soft-cap
 * and attention's weighted sum of values run through both {@link Elementwise} implementations (all heads here are 64
 * wide and read as many positions).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp &lt;test-classes:classes:deps&gt; dev.agentcollab.inference.cpu.TokenWorkProbe [positions] [repeats]
 * </pre>
 */
public final class TokenWorkProbe {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final int HIDDEN = 768;
    private static final int LAYERS = 10;
    private static final int VOCAB = 32768;
    private static final int INTER = 4 * HIDDEN;
    private static final int HEADS = 12;
    private static final int KV_HEADS = 3;
    private static final int TOKENS = 200;

    private TokenWorkProbe() {}

    /**
     * Prints one Markdown table of milliseconds per token.
     *
     * @param args attended positions (default 40) and repeats (default 7)
     */
    public static void main(String[] args) {
        int positions = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        SplittableRandom r = new SplittableRandom(1);
        float[] gate = random(r, INTER * LAYERS, 2);
        float[] up = random(r, INTER * LAYERS, 1);
        float[] logits = random(r, VOCAB, 8);
        float[] work = new float[Math.max(gate.length, logits.length)];
        float[] norm = random(r, HIDDEN, 1);
        float[] x = random(r, HIDDEN, 3);
        float[] out = new float[HIDDEN];
        float[] q = random(r, HEADS * 128, 1);
        float[] kCache = random(r, positions * KV_HEADS * 128, 1);
        float[] vCache = random(r, positions * KV_HEADS * 128, 1);
        float[] scores = new float[positions];
        float[] attn = new float[HEADS * 128];
        RopeTable rope = new RopeTable(new dev.agentcollab.inference.model.RopeConfig(10_000, 1.0), 64, 8);
        Elementwise scalar = new ScalarElementwise();
        Elementwise vector = Elementwise.best();
        try (CpuOps ops = new CpuOps(1, Kernels.best(), vector);
                CpuOps scalarOps = new CpuOps(1, Kernels.best(), scalar)) {
            String[] names = {
                "GELU x up, scalar (" + LAYERS + " x " + INTER + ")",
                "GELU x up, " + vector.name(),
                "soft-cap, scalar (" + VOCAB + " logits)",
                "soft-cap, " + vector.name(),
                "RMSNorm (" + LAYERS + " x 5 of " + HIDDEN + ", " + LAYERS + " x 18 heads of 64)",
                "attention, scalar weighted sum (" + LAYERS + " x " + HEADS + " heads of 64 over " + positions
                        + " positions)",
                "attention, " + vector.name() + " weighted sum",
                "RoPE (" + LAYERS + " x 15 heads of 64)"
            };
            Runnable[] ops2 = {
                () -> {
                    System.arraycopy(gate, 0, work, 0, gate.length);
                    scalar.geluMul(work, up, 0, gate.length);
                },
                () -> {
                    System.arraycopy(gate, 0, work, 0, gate.length);
                    vector.geluMul(work, up, 0, gate.length);
                },
                () -> {
                    System.arraycopy(logits, 0, work, 0, logits.length);
                    scalar.softcap(work, 0, logits.length, 30f);
                },
                () -> {
                    System.arraycopy(logits, 0, work, 0, logits.length);
                    vector.softcap(work, 0, logits.length, 30f);
                },
                () -> {
                    for (int l = 0; l < LAYERS; l++) {
                        for (int n = 0; n < 5; n++) {
                            CpuOps.rmsNorm(x, 0, HIDDEN, norm, 1e-6f, out, 0);
                        }
                        for (int hh = 0; hh < 18; hh++) {
                            CpuOps.rmsNorm(q, (hh % HEADS) * 64, 64, norm, 1e-6f, attn, 0);
                        }
                    }
                },
                () -> attention(scalarOps, positions, q, kCache, vCache, scores, attn),
                () -> {
                    for (int l = 0; l < LAYERS; l++) {
                        for (int hh = 0; hh < HEADS; hh++) {
                            ops.attendHead(
                                    q,
                                    hh * 64,
                                    kCache,
                                    vCache,
                                    positions + 1,
                                    KV_HEADS * 64,
                                    (hh / 4) * 64,
                                    64,
                                    0,
                                    positions - 1,
                                    scores,
                                    0,
                                    attn,
                                    hh * 64);
                        }
                    }
                },
                () -> {
                    for (int l = 0; l < LAYERS; l++) {
                        for (int hh = 0; hh < 15; hh++) {
                            rope.apply(q, (hh % HEADS) * 64, 5);
                        }
                    }
                }
            };
            double[] best = new double[ops2.length];
            java.util.Arrays.fill(best, Double.MAX_VALUE);
            for (int rep = 0; rep < repeats; rep++) {
                for (int o = 0; o < ops2.length; o++) {
                    long t0 = CPU.getCurrentThreadCpuTime();
                    for (int t = 0; t < TOKENS; t++) {
                        ops2[o].run();
                    }
                    best[o] = Math.min(best[o], (CPU.getCurrentThreadCpuTime() - t0) / 1e6 / TOKENS);
                }
            }
            System.out.println("| op, per token | ms per token (CPU time, best of " + repeats + ") |");
            System.out.println("|---|---|");
            for (int o = 0; o < ops2.length; o++) {
                System.out.printf(Locale.ROOT, "| %s | %.4f |%n", names[o], best[o]);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%nvector vs scalar: GELU %.1fx faster, soft-cap %.1fx, attention %.1fx; all listed ops %.3f ms per"
                            + " token scalar, %.3f ms vector%n",
                    best[0] / best[1],
                    best[2] / best[3],
                    best[5] / best[6],
                    best[0] + best[2] + best[4] + best[5] + best[7],
                    best[1] + best[3] + best[4] + best[6] + best[7]);
        }
    }

    private static void attention(
            CpuOps ops, int positions, float[] q, float[] kCache, float[] vCache, float[] scores, float[] attn) {
        for (int l = 0; l < LAYERS; l++) {
            for (int hh = 0; hh < HEADS; hh++) {
                ops.attendHead(
                        q,
                        hh * 64,
                        kCache,
                        vCache,
                        positions + 1,
                        KV_HEADS * 64,
                        (hh / 4) * 64,
                        64,
                        0,
                        positions - 1,
                        scores,
                        0,
                        attn,
                        hh * 64);
            }
        }
    }

    private static float[] random(SplittableRandom r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }
}
