package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.safetensors.DType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kernel against a plain Java reference on random data (skipped without a GPU). bf16 weights are rounded on
 * the host first, so matmul references use the very same weights; remaining differences are fp32 summation order.
 */
class CudaKernelsGpuTest {
    private static final float TOL = 2e-4f;
    private static CudaContext ctx;
    private static CudaKernels k;
    private final SplittableRandom rnd = new SplittableRandom(7);

    @BeforeAll
    static void open() {
        CudaDeviceInfo device = GpuTest.deviceOrNull();
        if (device != null) {
            ctx = new CudaContext(device);
            k = new CudaKernels(ctx);
        }
    }

    @AfterAll
    static void close() {
        if (ctx != null) {
            k.close();
            ctx.close();
        }
    }

    @Test
    void rmsnormWithAndWithoutWeight() {
        GpuTest.requireGpu();
        int rows = 3;
        int width = 300;
        float[] x = random(rows * width, 2);
        float[] w = random(width, 1);
        for (float[] weight : new float[][] {w, null}) {
            try (DeviceBuffer dx = DeviceBuffer.of(x);
                    DeviceBuffer dw = DeviceBuffer.of(w);
                    DeviceBuffer dy = DeviceBuffer.floats(x.length)) {
                k.rmsnorm(dx.ptr(), weight == null ? null : dw.ptr(), dy.ptr(), rows, width, 1e-6f);
                ctx.synchronize();
                float[] expected = new float[x.length];
                for (int r = 0; r < rows; r++) {
                    double ss = 0;
                    for (int i = 0; i < width; i++) {
                        ss += x[r * width + i] * x[r * width + i];
                    }
                    float inv = (float) (1 / Math.sqrt(ss / width + 1e-6));
                    for (int i = 0; i < width; i++) {
                        expected[r * width + i] = x[r * width + i] * inv * (weight == null ? 1 : weight[i]);
                    }
                }
                assertClose(expected, dy.downloadFloats(x.length), TOL);
            }
        }
    }

    @Test
    void matvecAndGemmUseBf16WeightsWithFp32Accumulation() {
        GpuTest.requireGpu();
        for (int[] shape : new int[][] {{37, 96, 1}, {64, 250, 5}, {20, 64, 19}}) {
            int rows = shape[0];
            int cols = shape[1];
            int n = shape[2];
            float[] w = random(rows * cols, 1);
            short[] bits = new short[w.length];
            for (int i = 0; i < w.length; i++) {
                bits[i] = DType.toBf16(w[i]);
                w[i] = Float.intBitsToFloat((bits[i] & 0xffff) << 16);
            }
            float[] x = random(n * cols, 1);
            try (DeviceBuffer dw = DeviceBuffer.of(bits);
                    DeviceBuffer dx = DeviceBuffer.of(x);
                    DeviceBuffer dy = DeviceBuffer.floats((long) n * rows)) {
                k.matmul(dw.ptr(), dx.ptr(), dy.ptr(), rows, cols, n);
                ctx.synchronize();
                float[] expected = new float[n * rows];
                for (int t = 0; t < n; t++) {
                    for (int r = 0; r < rows; r++) {
                        double s = 0;
                        for (int c = 0; c < cols; c++) {
                            s += (double) w[r * cols + c] * x[t * cols + c];
                        }
                        expected[t * rows + r] = (float) s;
                    }
                }
                assertClose(expected, dy.downloadFloats(n * rows), 1e-3f);
                if (n == 1) {
                    k.matvec(dw.ptr(), dx.ptr(), dy.ptr(), rows, cols);
                    ctx.synchronize();
                    assertClose(expected, dy.downloadFloats(rows), 1e-3f);
                }
            }
        }
    }

    @Test
    void batchedMatmulEqualsOneTokenMatmulBitForBit() {
        GpuTest.requireGpu();
        int rows = 48;
        int cols = 128;
        int n = 7;
        short[] bits = new short[rows * cols];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = DType.toBf16((float) rnd.nextDouble(-1, 1));
        }
        float[] x = random(n * cols, 1);
        try (DeviceBuffer dw = DeviceBuffer.of(bits);
                DeviceBuffer dx = DeviceBuffer.of(x);
                DeviceBuffer batched = DeviceBuffer.floats((long) n * rows);
                DeviceBuffer single = DeviceBuffer.floats((long) n * rows)) {
            k.matmul(dw.ptr(), dx.ptr(), batched.ptr(), rows, cols, n);
            for (int t = 0; t < n; t++) {
                k.matmul(dw.ptr(), dx.floatAt((long) t * cols), single.floatAt((long) t * rows), rows, cols, 1);
            }
            ctx.synchronize();
            assertArrayEquals(single.downloadFloats(n * rows), batched.downloadFloats(n * rows));
        }
    }

    @Test
    void ropeRotatesHalvesByTheTabulatedAngles() {
        GpuTest.requireGpu();
        int heads = 3;
        int hd = 64;
        int tokens = 2;
        int maxPos = 40;
        float[] x = random(tokens * heads * hd, 1);
        var rope = new dev.agentcollab.inference.model.RopeConfig(1_000_000.0, 0.25);
        double[] inv = rope.inverseFrequencies(hd);
        DeviceBuffer[] tables = CudaUploads.ropeTables(rope, hd, maxPos);
        try (DeviceBuffer dx = DeviceBuffer.of(x);
                DeviceBuffer pos = DeviceBuffer.of(new int[] {30})) {
            k.rope(dx.ptr(), tables[0].ptr(), tables[1].ptr(), pos.ptr(), heads, hd, tokens);
            ctx.synchronize();
            float[] expected = x.clone();
            for (int t = 0; t < tokens; t++) {
                for (int h = 0; h < heads; h++) {
                    int off = (t * heads + h) * hd;
                    for (int i = 0; i < hd / 2; i++) {
                        double a = (30 + t) * inv[i];
                        float c = (float) Math.cos(a);
                        float s = (float) Math.sin(a);
                        float x0 = x[off + i];
                        float x1 = x[off + hd / 2 + i];
                        expected[off + i] = x0 * c - x1 * s;
                        expected[off + hd / 2 + i] = x1 * c + x0 * s;
                    }
                }
            }
            assertClose(expected, dx.downloadFloats(x.length), 1e-6f);
        } finally {
            tables[0].close();
            tables[1].close();
        }
    }

    @Test
    void attentionOverTheCacheWithSlidingWindowAndGqa() {
        GpuTest.requireGpu();
        int heads = 4;
        int kvHeads = 2;
        int hd = 48;
        int cacheLen = 64;
        int pos0 = 20;
        int tokens = 3;
        int kvDim = kvHeads * hd;
        float[] kc = random(cacheLen * kvDim, 1);
        float[] vc = random(cacheLen * kvDim, 1);
        float[] q = random(tokens * heads * hd, 1);
        for (int window : new int[] {0, 8}) {
            try (DeviceBuffer dq = DeviceBuffer.of(q);
                    DeviceBuffer dk = DeviceBuffer.of(kc);
                    DeviceBuffer dv = DeviceBuffer.of(vc);
                    DeviceBuffer out = DeviceBuffer.floats(q.length);
                    DeviceBuffer pos = DeviceBuffer.of(new int[] {pos0})) {
                k.attention(
                        dq.ptr(), dk.ptr(), dv.ptr(), out.ptr(), pos.ptr(), heads, kvHeads, hd, cacheLen, window, 0.5f,
                        tokens);
                ctx.synchronize();
                float[] expected = new float[q.length];
                for (int t = 0; t < tokens; t++) {
                    int p = pos0 + t;
                    int lo = window > 0 ? Math.max(0, p - window + 1) : 0;
                    for (int h = 0; h < heads; h++) {
                        int kvh = h / (heads / kvHeads);
                        double[] s = new double[p - lo + 1];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int j = lo; j <= p; j++) {
                            double d = 0;
                            for (int i = 0; i < hd; i++) {
                                d += q[(t * heads + h) * hd + i] * kc[j * kvDim + kvh * hd + i];
                            }
                            s[j - lo] = d * 0.5;
                            max = Math.max(max, s[j - lo]);
                        }
                        double sum = 0;
                        for (int j = 0; j < s.length; j++) {
                            s[j] = Math.exp(s[j] - max);
                            sum += s[j];
                        }
                        for (int i = 0; i < hd; i++) {
                            double o = 0;
                            for (int j = lo; j <= p; j++) {
                                o += s[j - lo] / sum * vc[j * kvDim + kvh * hd + i];
                            }
                            expected[(t * heads + h) * hd + i] = (float) o;
                        }
                    }
                }
                assertClose(expected, out.downloadFloats(q.length), TOL);
            }
        }
    }

    @Test
    void elementwiseKernels() {
        GpuTest.requireGpu();
        int n = 1000;
        float[] a = random(n, 3);
        float[] b = random(n, 3);
        try (DeviceBuffer da = DeviceBuffer.of(a);
                DeviceBuffer db = DeviceBuffer.of(b);
                DeviceBuffer out = DeviceBuffer.floats(n)) {
            k.geluGate(da.ptr(), db.ptr(), out.ptr(), n, 1, n);
            ctx.synchronize();
            float[] expected = new float[n];
            for (int i = 0; i < n; i++) {
                double x = a[i];
                expected[i] =
                        (float) (0.5 * x * (1 + Math.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x))) * b[i]);
            }
            assertClose(expected, out.downloadFloats(n), 1e-5f);
            k.addScaled(da.ptr(), db.ptr(), out.ptr(), 0.5f, n);
            k.softcap(out.ptr(), 2f, n);
            ctx.synchronize();
            for (int i = 0; i < n; i++) {
                expected[i] = (float) (2 * Math.tanh((a[i] + b[i]) * 0.5f / 2));
            }
            assertClose(expected, out.downloadFloats(n), 1e-6f);
        }
    }

    @Test
    void embeddingGatherScalesBf16Rows() {
        GpuTest.requireGpu();
        int rows = 10;
        int dim = 33;
        short[] table = new short[rows * dim];
        for (int i = 0; i < table.length; i++) {
            table[i] = DType.toBf16((float) rnd.nextDouble(-1, 1));
        }
        int[] tokens = {3, 17, 9};
        try (DeviceBuffer dt = DeviceBuffer.of(table);
                DeviceBuffer tok = DeviceBuffer.of(tokens);
                DeviceBuffer out = DeviceBuffer.floats(3L * dim)) {
            k.embedding(dt.ptr(), tok.ptr(), out.ptr(), dim, 3, 2f, rows);
            ctx.synchronize();
            float[] got = out.downloadFloats(3 * dim);
            for (int t = 0; t < 3; t++) {
                for (int d = 0; d < dim; d++) {
                    float v = Float.intBitsToFloat((table[(tokens[t] % rows) * dim + d] & 0xffff) << 16) * 2f;
                    assertEquals(v, got[t * dim + d]);
                }
            }
        }
    }

    @Test
    void argmaxPrefersTheLowestIdOnTies() {
        GpuTest.requireGpu();
        int n = 300_000;
        float[] x = random(2 * n, 1);
        x[123_456] = 5f;
        x[200_001] = 5f;
        x[n + 7] = 9f;
        try (DeviceBuffer dx = DeviceBuffer.of(x);
                DeviceBuffer pv = DeviceBuffer.floats(2L * CudaKernels.ARGMAX_PARTS);
                DeviceBuffer pi = DeviceBuffer.ints(2L * CudaKernels.ARGMAX_PARTS);
                DeviceBuffer out = DeviceBuffer.ints(2)) {
            k.argmax(dx.ptr(), null, n, 2, pv.ptr(), pi.ptr(), out.ptr());
            ctx.synchronize();
            assertArrayEquals(new int[] {123_456, 7}, out.downloadInts(2));
        }
    }

    @Test
    void topkInOneAndTwoStages() {
        GpuTest.requireGpu();
        for (int n : new int[] {2048, 50_000}) {
            int kk = 32;
            float[] x = random(n, 1);
            x[n - 1] = x[5];
            try (DeviceBuffer dx = DeviceBuffer.of(x);
                    DeviceBuffer ov = DeviceBuffer.floats(kk);
                    DeviceBuffer oi = DeviceBuffer.ints(kk);
                    DeviceBuffer sv = DeviceBuffer.floats(CudaKernels.topkScratch(n, kk));
                    DeviceBuffer si = DeviceBuffer.ints(CudaKernels.topkScratch(n, kk))) {
                k.topk(dx.ptr(), null, n, kk, ov.ptr(), oi.ptr(), sv.ptr(), si.ptr());
                ctx.synchronize();
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                java.util.Arrays.sort(
                        order, (p, q) -> x[p] != x[q] ? Float.compare(x[q], x[p]) : Integer.compare(p, q));
                int[] expected = new int[kk];
                for (int i = 0; i < kk; i++) {
                    expected[i] = order[i];
                }
                assertArrayEquals(expected, oi.downloadInts(kk), "n=" + n);
            }
        }
    }

    @Test
    void clusteredHeadScoresOnlyTheSelectedClusters() {
        GpuTest.requireGpu();
        int vocab = 64;
        int dim = 40;
        int per = 8;
        short[] emb = new short[vocab * dim];
        for (int i = 0; i < emb.length; i++) {
            emb[i] = DType.toBf16((float) rnd.nextDouble(-1, 1));
        }
        float[] h = random(dim, 1);
        int[] ordering = new int[vocab];
        for (int i = 0; i < vocab; i++) {
            ordering[i] = (i * 37) % vocab;
        }
        int[] centroids = {5, 2};
        try (DeviceBuffer de = DeviceBuffer.of(emb);
                DeviceBuffer dh = DeviceBuffer.of(h);
                DeviceBuffer dord = DeviceBuffer.of(ordering);
                DeviceBuffer dc = DeviceBuffer.of(centroids);
                DeviceBuffer logits = DeviceBuffer.floats(16);
                DeviceBuffer ids = DeviceBuffer.ints(16);
                DeviceBuffer pv = DeviceBuffer.floats(CudaKernels.ARGMAX_PARTS);
                DeviceBuffer pi = DeviceBuffer.ints(CudaKernels.ARGMAX_PARTS);
                DeviceBuffer best = DeviceBuffer.ints(1)) {
            k.gatherMatvec(de.ptr(), dh.ptr(), dord.ptr(), dc.ptr(), per, 16, dim, logits.ptr(), ids.ptr());
            k.argmax(logits.ptr(), ids.ptr(), 16, 1, pv.ptr(), pi.ptr(), best.ptr());
            ctx.synchronize();
            int[] gotIds = ids.downloadInts(16);
            float[] got = logits.downloadFloats(16);
            float bestValue = Float.NEGATIVE_INFINITY;
            int bestId = -1;
            for (int c = 0; c < 16; c++) {
                int token = ordering[centroids[c / per] * per + c % per];
                assertEquals(token, gotIds[c]);
                double s = 0;
                for (int d = 0; d < dim; d++) {
                    s += Float.intBitsToFloat((emb[token * dim + d] & 0xffff) << 16) * h[d];
                }
                assertEquals((float) s, got[c], 1e-4f);
                if (got[c] > bestValue || (got[c] == bestValue && token < bestId)) {
                    bestValue = got[c];
                    bestId = token;
                }
            }
            assertEquals(bestId, best.downloadInts(1)[0]);
        }
    }

    private float[] random(int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextDouble(-1, 1) * scale);
        }
        return v;
    }

    private static void assertClose(float[] expected, float[] actual, float tol) {
        assertEquals(expected.length, actual.length);
        float scale = Math.max(1f, GpuTest.maxAbs(expected, expected.length));
        float diff = GpuTest.maxAbsDiff(expected, actual, expected.length);
        assertTrue(diff <= tol * scale, "max |diff| " + diff + " > " + tol * scale);
    }
}
