package dev.agentcollab.inference.cpu;

/**
 * The numeric building blocks shared by the target forward, the eager drafter and the recorded draft plan, so that
 * all three compute bit-identical values. Matrix products are split over output rows only (never over the reduction),
 * so results do not depend on the thread count or on how many tokens share a call. Not thread safe: the fields of
 * the reusable matmul task belong to the single driver thread.
 */
final class CpuOps implements AutoCloseable {
    private static final int MIN_WORK_PER_CHUNK = 32_768;

    private final WorkerPool pool;
    private final Kernels kernels;
    private final Elementwise elementwise;
    private final WorkerPool.RangeTask matmulTask = this::matmulRange;
    private Matrix mw;
    private float[] mx;
    private float[] mout;
    private int mRows;
    private int mCols;
    private int mBatch;
    private int mxOff;
    private int moutOff;
    private final WorkerPool.RangeTask geluTask = this::geluRange;
    private final WorkerPool.RangeTask softcapTask = this::softcapRange;
    private float[] eA;
    private float[] eB;
    private float eCap;

    CpuOps(int threads, Kernels kernels) {
        this(threads, kernels, Elementwise.best());
    }

    CpuOps(int threads, Kernels kernels, Elementwise elementwise) {
        this.pool = new WorkerPool(threads);
        this.kernels = kernels;
        this.elementwise = elementwise;
    }

    Kernels kernels() {
        return kernels;
    }

    Elementwise elementwise() {
        return elementwise;
    }

    WorkerPool pool() {
        return pool;
    }

    float dot(float[] a, int ao, float[] b, int bo, int n) {
        return kernels.dot(a, ao, b, bo, n);
    }

    /**
     * {@code out[outOff + b*rows + o] = W[o] . x[xOff + b*cols ..]} for {@code b < batch}: each weight row is read
     * once for the whole batch.
     */
    void matmul(Matrix w, int rows, int cols, float[] x, int xOff, int batch, float[] out, int outOff) {
        if (w.rows != rows || w.cols != cols) {
            throw new IllegalStateException("matrix is " + w.rows + "x" + w.cols + ", used as " + rows + "x" + cols);
        }
        mw = w;
        mx = x;
        mout = out;
        mRows = rows;
        mCols = cols;
        mBatch = batch;
        mxOff = xOff;
        moutOff = outOff;
        int grain = Math.max(1, MIN_WORK_PER_CHUNK / Math.max(1, cols * batch));
        pool.run(rows, grain, matmulTask);
        mw = null;
        mx = null;
        mout = null;
    }

    private void matmulRange(int start, int end) {
        mw.dotsRows(kernels, start, end, mx, mxOff, mBatch, mout, moutOff + start, mRows);
    }

    /**
     * {@code gate[i] = gelu(gate[i]) * up[i]} for {@code i < n} through {@link Elementwise#geluMul}, split over the pool
     * (element-wise, so neither the split nor the token count changes a bit). A K+1-token verification has K+1 times the elements of one token, so this must not stay serial.
     */
    void geluMul(float[] gate, float[] up, int n) {
        eA = gate;
        eB = up;
        pool.run(n, 4096, geluTask);
        eA = null;
        eB = null;
    }

    /**
     * {@code logits[i] = cap * tanh(logits[i] / cap)} for {@code i < n} (nothing when {@code cap <= 0}) through
     * {@link Elementwise#softcap}, in parallel.
     */
    void softcap(float[] logits, int n, float cap) {
        if (cap <= 0f) {
            return;
        }
        eA = logits;
        eCap = cap;
        pool.run(n, 4096, softcapTask);
        eA = null;
    }

    private void geluRange(int start, int end) {
        elementwise.geluMul(eA, eB, start, end);
    }

    private void softcapRange(int start, int end) {
        elementwise.softcap(eA, start, end, eCap);
    }

    /** RMSNorm of {@code n} values into {@code out}; {@code weight} multiplies directly (null = no weight). */
    static void rmsNorm(float[] x, int off, int n, float[] weight, float eps, float[] out, int outOff) {
        double ss = 0;
        for (int i = 0; i < n; i++) {
            float v = x[off + i];
            ss += v * v;
        }
        float inv = (float) (1.0 / Math.sqrt(ss / n + eps));
        if (weight == null) {
            for (int i = 0; i < n; i++) {
                out[outOff + i] = x[off + i] * inv;
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[outOff + i] = x[off + i] * inv * weight[i];
            }
        }
    }

    /** NeoX rotate-half RoPE of one head in place using precomputed cos/sin rows. */
    static void rope(float[] x, int off, int headDim, float[] cos, float[] sin, int tableOff) {
        int half = headDim / 2;
        for (int i = 0; i < half; i++) {
            float c = cos[tableOff + i];
            float s = sin[tableOff + i];
            float x0 = x[off + i];
            float x1 = x[off + half + i];
            x[off + i] = x0 * c - x1 * s;
            x[off + half + i] = x1 * c + x0 * s;
        }
    }

    /** GELU with the tanh approximation (PyTorch {@code gelu_pytorch_tanh}). */
    static float gelu(float x) {
        return (float) (0.5 * x * (1.0 + tanh(0.7978845608028654 * (x + 0.044715 * x * x * x))));
    }

    /**
     * tanh via one {@link Math#exp} (several times faster than {@link Math#tanh}; absolute error about 1e-16, which
     * is all GELU and the logit soft-cap need).
     */
    static double tanh(double x) {
        if (x > 20) {
            return 1.0;
        }
        if (x < -20) {
            return -1.0;
        }
        return 1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0);
    }

    /**
     * Single-query attention of one head over cached keys of positions {@code [lo, hi]} (scale 1.0): softmax of q.k,
     * then the weighted sum of values into {@code out}. Position {@code t} is stored in row {@code t % capacity} of the
     * cache (a ring for sliding layers, the identity for full-length caches); keys are visited in position order
     * whatever the layout, so a ring gives the same bits as a full-length cache.
     */
    void attendHead(
            float[] q,
            int qOff,
            float[] kCache,
            float[] vCache,
            int capacity,
            int kvStride,
            int kvOff,
            int headDim,
            int lo,
            int hi,
            float[] scores,
            int scoresOff,
            float[] out,
            int outOff) {
        if (hi - lo >= capacity) {
            throw new IllegalStateException(
                    "attention over " + (hi - lo + 1) + " keys exceeds the cache's " + capacity + " slots");
        }
        float max = Float.NEGATIVE_INFINITY;
        int slot = lo % capacity;
        for (int t = lo; t <= hi; t++) {
            float s = kernels.dot(q, qOff, kCache, slot * kvStride + kvOff, headDim);
            scores[scoresOff + t - lo] = s;
            max = Math.max(max, s);
            slot = slot + 1 == capacity ? 0 : slot + 1;
        }
        double sum = 0;
        for (int t = lo; t <= hi; t++) {
            float e = (float) Math.exp(scores[scoresOff + t - lo] - max);
            scores[scoresOff + t - lo] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        java.util.Arrays.fill(out, outOff, outOff + headDim, 0f);
        slot = lo % capacity;
        for (int t = lo; t <= hi; t++) {
            float p = scores[scoresOff + t - lo] * inv;
            elementwise.addScaled(p, vCache, slot * kvStride + kvOff, out, outOff, headDim);
            slot = slot + 1 == capacity ? 0 : slot + 1;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
