package dev.agentcollab.inference.harness;

import java.util.Objects;

/**
 * One submission on the TPS-vs-perplexity chart.
 *
 * @param label a short label drawn next to the point
 * @param tps tokens per second, &gt; 0
 * @param ppl perplexity, &gt; 0
 * @param lossless whether every quality check passed (drawn filled; lossy points are drawn hollow)
 */
public record ChartPoint(String label, double tps, double ppl, boolean lossless) {

    /** Validates the numbers. */
    public ChartPoint {
        Objects.requireNonNull(label, "label");
        if (!(tps > 0) || !(ppl > 0) || Double.isInfinite(tps) || Double.isInfinite(ppl)) {
            throw new IllegalArgumentException("tps and ppl must be positive numbers, but were " + tps + ", " + ppl);
        }
    }

    /**
     * The point of a harness run.
     *
     * @param s the summary
     * @return the point
     */
    public static ChartPoint of(HarnessSummary s) {
        return new ChartPoint(s.submission(), s.tps(), s.ppl(), s.lossless());
    }
}
