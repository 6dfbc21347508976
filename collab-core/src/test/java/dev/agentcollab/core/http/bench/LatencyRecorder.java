package dev.agentcollab.core.http.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * Collects request latencies of one scenario, each with the time its request was sent; thread safe. Reports
 * requests/s and percentiles, and every sample on the wall clock ({@link #sample}) so that a benchmark can line
 * requests up with what happened in another process meanwhile (e.g. the server's collector pauses).
 */
final class LatencyRecorder {
    private final long originNanos = System.nanoTime();
    private final long originEpochMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    private long[] nanos = new long[1024];
    private long[] sent = new long[1024];
    private int size;
    private int errors;

    /** Records a latency whose start is not known (its start reads as the recorder's creation). */
    synchronized void record(long latencyNanos) {
        record(originNanos, latencyNanos);
    }

    /**
     * Records one request.
     *
     * @param sentNanos when it was sent, on {@link System#nanoTime()}
     * @param latencyNanos how long its answer took
     */
    synchronized void record(long sentNanos, long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
            sent = Arrays.copyOf(sent, size * 2);
        }
        sent[size] = sentNanos;
        nanos[size++] = latencyNanos;
    }

    synchronized void error() {
        errors++;
    }

    synchronized int count() {
        return size;
    }

    synchronized int errors() {
        return errors;
    }

    /** Sample {@code i}'s send time in microseconds since the epoch, {@code 0 <= i < count()}. */
    synchronized long sentEpochMicros(int i) {
        return originEpochMicros + (sent[i] - originNanos) / 1000;
    }

    /** Sample {@code i}'s latency in nanoseconds, {@code 0 <= i < count()}. */
    synchronized long latencyNanos(int i) {
        return nanos[i];
    }

    /** The p-th percentile in milliseconds (nearest rank), or NaN without samples. */
    synchronized double percentileMillis(double p) {
        return percentileMillis(Arrays.copyOf(nanos, size), p);
    }

    /** The p-th percentile of {@code latencies} (nanoseconds, reordered) in milliseconds, or NaN if empty. */
    static double percentileMillis(long[] latencies, double p) {
        if (latencies.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(latencies);
        int rank = (int) Math.ceil(p / 100.0 * latencies.length);
        return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))] / 1e6;
    }
}
