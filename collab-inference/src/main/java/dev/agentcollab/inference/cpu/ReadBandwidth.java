package dev.agentcollab.inference.cpu;

/**
 * Measures how fast this machine streams memory into the CPU kernels: the same worker pool, thread count and Vector
 * API (or scalar) kernel as a one-token forward: a matrix-vector product (two rows of 1024 values at a time against one
 * cached vector) over an array far larger than the caches, with no other work. Decoding a memory-bound model
 * cannot read its weights faster than this, so the bench reports plain decoding as a share of it.
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

    /**
     * Streams the array once.
     *
     * @return bytes read per second in this pass
     */
    public double pass() {
        long t0 = System.nanoTime();
        read();
        long nanos = System.nanoTime() - t0;
        return (double) bytes() * 1e9 / Math.max(1, nanos);
    }

    /** Streams the array once without timing it, for callers that time passes with their own clock. */
    public void read() {
        pool.run(sink.length / 2, 32, task);
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
