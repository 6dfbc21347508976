package dev.agentcollab.inference.cpu;

/**
 * Measures how fast this machine streams memory into the CPU kernels: the same worker pool, thread count and Vector
 * API (or scalar) kernels as a one-token forward: a matrix-vector product of rows of 1024 values against one cached
 * vector over an array far larger than the caches, with no other work, read in two patterns, of which each pass
 * reports the faster: two adjacent rows at a time (one sequential stream per thread), and each worker's run of rows as
 * a forward's matrix product reads it ({@link Kernels#rows}, which on the Vector API kernels reads four stripes of the
 * run at once). Some machines stream one sequential read per core at half the rate of several (measured: 15 against
 * 30 GB/s on one core), so the single stream alone would understate the limit. Decoding a memory-bound model cannot
 * read its weights much faster than this, so the bench reports plain decoding as a share of it.
 *
 * <p>Not thread safe; one thread drives it. Close it to stop the worker threads.
 */
public final class ReadBandwidth implements AutoCloseable {
    private static final int COLS = 1024;
    private static final int BLOCK = 1 << 14;

    private final WorkerPool pool;
    private final Kernels kernels;
    private final float[] data;
    private final float[] x;
    private final float[] sink;
    private final WorkerPool.RangeTask task = this::sumRange;
    private final WorkerPool.RangeTask runs = this::runRange;

    /**
     * Allocates the probe array.
     *
     * @param threads worker threads, as in the backend being compared
     * @param bytes size of the array streamed per pass (should exceed the last-level cache many times)
     */
    public ReadBandwidth(int threads, long bytes) {
        if (bytes < (long) BLOCK * Float.BYTES || bytes / Float.BYTES > RowChunking.MAX_ARRAY_ELEMENTS) {
            throw new IllegalArgumentException("probe size out of range: " + bytes);
        }
        this.pool = new WorkerPool(threads);
        this.kernels = Kernels.best();
        int n = (int) (bytes / Float.BYTES / BLOCK * BLOCK);
        this.data = new float[Matrix.F32_PAD + n]; // rows on cache lines, as the weight storage places them
        for (int i = 0; i < n; i++) {
            data[Matrix.F32_PAD + i] = (i & 1023) * 1e-3f;
        }
        this.x = new float[COLS];
        java.util.Arrays.fill(x, 1f);
        this.sink = new float[n / COLS];
        // let the JIT compile the kernel before anything is measured: pass until three passes bring no new best
        double best = 0;
        for (int i = 0, stale = 0; i < 30 && stale < 3; i++) {
            double rate = pass();
            stale = rate > best * 1.02 ? 0 : stale + 1;
            best = Math.max(best, rate);
        }
    }

    /** How the array is read. */
    public enum Pattern {
        /** Two adjacent rows at a time: one sequential stream per thread. */
        ADJACENT,
        /** Each worker's rows as one run, read as a forward's matrix product reads a run ({@link Kernels#rows}). */
        RUNS
    }

    /**
     * Streams the array once in each pattern.
     *
     * @return bytes read per second by the faster pattern in this pass
     */
    public double pass() {
        return (double) bytes() * 1e9 / Math.max(1, fastest(System::nanoTime));
    }

    /**
     * Streams the array once in each pattern, timed with the caller's clock (a thread's CPU time, say).
     *
     * @param nanos the clock, in nanoseconds
     * @return the faster pattern's time, in that clock's nanoseconds
     */
    public long fastest(java.util.function.LongSupplier nanos) {
        long best = Long.MAX_VALUE;
        for (Pattern pattern : Pattern.values()) {
            long t0 = nanos.getAsLong();
            read(pattern);
            best = Math.min(best, nanos.getAsLong() - t0);
        }
        return best;
    }

    /**
     * Streams the array once in one pattern without timing it.
     *
     * @param pattern how to read it
     */
    public void read(Pattern pattern) {
        java.util.Arrays.fill(sink, 0f); // the checksum is this pass's alone (a few hundred KB: not the stream's cost)
        pool.run(sink.length / 2, 32, pattern == Pattern.ADJACENT ? task : runs);
    }

    /**
     * Bytes one {@link #read} streams.
     *
     * @return the probe array's size in bytes
     */
    public long bytes() {
        return (long) (data.length - Matrix.F32_PAD) * Float.BYTES;
    }

    /**
     * The sum of the last pass's block sums (keeps the reads observable).
     *
     * @return a checksum
     */
    public double checksum() {
        double s = 0;
        for (float v : sink) {
            s += v;
        }
        return s;
    }

    /** Pairs {@code start .. end} as one run of rows, as a matrix product hands a worker its rows. */
    private void runRange(int start, int end) {
        kernels.rows(data, Matrix.F32_PAD + 2 * start * COLS, 2 * (end - start), COLS, x, 0, 0, 1, sink, 2 * start, 0);
    }

    private void sumRange(int start, int end) {
        for (int b = start; b < end; b++) {
            int at = Matrix.F32_PAD + 2 * b * COLS;
            kernels.dots2(data, at, at + COLS, x, 0, 0, 1, COLS, sink, 2 * b, 0);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
