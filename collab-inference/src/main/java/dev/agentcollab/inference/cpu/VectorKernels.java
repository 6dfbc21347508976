package dev.agentcollab.inference.cpu;

import static dev.agentcollab.inference.cpu.VectorBlocks.LEN;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT1;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT2;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT3;
import static dev.agentcollab.inference.cpu.VectorBlocks.ROT4;
import static dev.agentcollab.inference.cpu.VectorBlocks.S;

import jdk.incubator.vector.FloatVector;

/**
 * SIMD kernels on the incubating Vector API at the platform's preferred width. Loaded reflectively by
 * {@link Kernels#best()}; the class fails to link when {@code jdk.incubator.vector} is not in the module graph.
 *
 * <p>Every dot product has one structure: one vector accumulator over the full vectors in order, a fixed-order lane sum
 * ({@code reduceLanes} may change order once C2 intrinsifies it), then the scalar tail in order. The register-blocked
 * kernels ({@link VectorBlocks}: two weight rows by 1, 2 or 4 activation rows, one accumulator per output) keep that
 * structure per output, so every batched result has exactly {@link #dot}'s bits, whatever block it lands in.
 *
 * <p>Runs of rows ({@link #rows}, {@link #rowsBf16}, as a matrix product hands them to a worker) with 2 or more
 * activation rows put every activation row on the weight stream by default ({@link Stream#STRIPES}): four weight rows,
 * one from each quarter of the run, by up to 5 activation rows in one pass ({@link VectorStreamBlocks},
 * {@link VectorStreamBf16}; fewer rows take a block of their own width, {@link VectorStreamF32},
 * {@link VectorStreamBf16Narrow}, {@link VectorRuns}), so each weight vector is loaded from memory once and the pass
 * reads four separate sequential streams. Measured with {@code KernelProbe} on one thread, that made 5 activation
 * rows cost about 1.25 (f32) and 1.6 (bf16) times one, against 1.4-1.7 and 2.0 with the earlier path, which is still
 * selectable ({@link #STREAM_PROPERTY}): there the first activation row runs alone on the stream and the others follow
 * from the L1 cache. Four adjacent rows or two rows by 5 activation rows streamed no faster than the earlier path (the
 * arithmetic then added to the stream's time instead of hiding under it).
 *
 * <p>A long run is striped in blocks of at most {@link #DEFAULT_STRIPE_BYTES} of weights ({@link
 * #STRIPE_BYTES_PROPERTY}), each block with its own four stripes, so the four streams lie close together: on the
 * bench's forward, stripes across a whole 32 768-row LM head or 3 072-row MLP matrix cost about a quarter more for 5
 * activation rows than stripes within such blocks.
 *
 * <p>The earlier path's order was measured on weights streamed from memory too: a pass with one activation row
 * streams its weight rows fastest when it does the least work per cache line, and a 2x4 block streaming first cost
 * about 1.3 times more for 3 to 5 rows than one row streaming and the rest from the L1 cache. {@link #dots2} keeps
 * that order. bf16 rows ({@link Bf16Pairs} layout) run there in blocks of 2 only: on that layout a 2x4 block streamed
 * at half the rate of the 2x2 one.
 */
final class VectorKernels implements Kernels {
    /** Widest activation block (8 accumulators and 3 live vectors: fits AVX2's 16 registers too). */
    private static final int MAX_BLOCK = 4;

    /**
     * System property: {@code false} makes {@link #rows} take the rows pair by pair through {@link #dots2} instead of
     * four at a time (for measuring one against the other in one build; the bits are the same either way).
     */
    static final String RUNS_PROPERTY = "collab.inference.kernels.runs";

    /**
     * System property: how {@link #rows} takes f32 runs with 2 or more activation rows (see {@link Stream}):
     * {@code stripes} (default), {@code quads}, {@code pairs}, or {@code false} for the earlier path, for measuring
     * one against the other in one build; with {@code stripes}, runs with one activation row (f32 and bf16) stream four
     * stripes too ({@link VectorRuns}), the other modes keep the earlier one-row path. The bits are the same either
     * way.
     */
    static final String STREAM_PROPERTY = "collab.inference.kernels.stream";

    /**
     * System property: the most weight bytes one striped block of a run covers ({@link #DEFAULT_STRIPE_BYTES}
     * unless set); {@code 0} stripes each run as a whole, as before the forward's shapes were measured. The bits are
     * the same either way.
     */
    static final String STRIPE_BYTES_PROPERTY = "collab.inference.kernels.stripeBytes";

    /**
     * Default for {@link #STRIPE_BYTES_PROPERTY}: 384 KiB, 128 f32 or 256 bf16 rows of 768 values, so the four stripes
     * of a block lie 96 KiB apart. Measured on the bench's forward ({@code ForwardShapesProbe}, one thread, f32, the
     * blocks timed in turn): striping whole runs (the 32 768-row LM head: stripes 24 MB apart; a 3 072-row MLP
     * matrix: 2.3 MB) made 5 activation rows cost 1.36-1.42 times one row on those two shapes, blocks of 192 KiB
     * 1.15-1.16, of 384 KiB 1.12, of 768 KiB 1.17-1.20; the whole forward's matrices 1.36, 1.23, 1.20 and 1.22 times.
     */
    static final int DEFAULT_STRIPE_BYTES = 384 << 10;

    /**
     * How {@link #rows} puts the activation rows of an f32 run with 2 or more of them on the weight stream. Every mode
     * gives every output the one-row kernel's bits.
     */
    enum Stream {
        /**
         * The earlier path: the first activation row streams alone (four weight rows by one), the others follow from
         * the L1 cache in {@link VectorBlocks}' 2x4/2x2/2x1 blocks.
         */
        FALSE,
        /** Two adjacent weight rows by up to 5 activation rows in one streaming pass ({@link VectorStreamBlocks}). */
        PAIRS,
        /** Four adjacent weight rows by up to 5 activation rows in one streaming pass. */
        QUADS,
        /**
         * Four weight rows by up to 5 activation rows in one streaming pass, one row from each quarter of the run, so
         * the pass reads four separate sequential streams (the hardware prefetcher follows each one); one activation
         * row takes the same four stripes ({@link VectorRuns}).
         */
        STRIPES;

        /** The mode named by a {@link #STREAM_PROPERTY} value. */
        static Stream of(String value) {
            for (Stream m : values()) {
                if (m.name().equalsIgnoreCase(value)) {
                    return m;
                }
            }
            throw new IllegalArgumentException(
                    STREAM_PROPERTY + " must be stripes, quads, pairs or false, not " + value);
        }
    }

    /** Whether {@link #rows} streams four f32 weight rows at a time. */
    private final boolean runs;

    /** How runs with 2 or more activation rows are taken. */
    private final Stream stream;

    /** The most weight bytes one block of a striped run covers ({@link #STRIPE_BYTES_PROPERTY}). */
    private final int stripeBytes;

    VectorKernels() {
        this(
                !"false".equals(System.getProperty(RUNS_PROPERTY)),
                Stream.of(System.getProperty(STREAM_PROPERTY, "stripes")),
                stripeBytes(System.getProperty(STRIPE_BYTES_PROPERTY)));
    }

    /** The kernels with the earlier multi-row path ({@link Stream#FALSE}). */
    VectorKernels(boolean runs) {
        this(runs, Stream.FALSE);
    }

    /** The kernels with blocks of {@link #DEFAULT_STRIPE_BYTES}. */
    VectorKernels(boolean runs, Stream stream) {
        this(runs, stream, DEFAULT_STRIPE_BYTES);
    }

    /**
     * @param stripeBytes the most weight bytes one block of a striped run covers, {@code 0} for the whole run
     */
    VectorKernels(boolean runs, Stream stream, int stripeBytes) {
        if (stripeBytes < 0) {
            throw new IllegalArgumentException(STRIPE_BYTES_PROPERTY + " must be >= 0, not " + stripeBytes);
        }
        this.runs = runs;
        this.stream = stream;
        this.stripeBytes = stripeBytes;
    }

    /** A {@link #STRIPE_BYTES_PROPERTY} value: a byte count, or the default when unset. */
    static int stripeBytes(String value) {
        if (value == null) {
            return DEFAULT_STRIPE_BYTES;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(STRIPE_BYTES_PROPERTY + " must be a byte count, not " + value, e);
        }
    }

    /** The most weight bytes one block of a striped run covers; {@code 0}: the whole run. */
    int stripeBytes() {
        return stripeBytes;
    }

    /** How runs with 2 or more activation rows are taken. */
    Stream stream() {
        return stream;
    }

    /** Whether runs of rows are taken four at a time (see {@link #RUNS_PROPERTY}). */
    boolean runs() {
        return runs;
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        int upper = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < upper; i += LEN) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        acc = acc.add(acc.rearrange(ROT1));
        if (LEN >= 4) {
            acc = acc.add(acc.rearrange(ROT2));
        }
        if (LEN >= 8) {
            acc = acc.add(acc.rearrange(ROT3));
        }
        if (LEN >= 16) {
            acc = acc.add(acc.rearrange(ROT4));
        }
        float s = acc.lane(0);
        for (int i = upper; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    @Override
    public float dotBf16(short[] w, int wo, float[] x, int xo, int n) {
        int paired = Bf16Pairs.paired(n);
        int upper = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (int g = 0; g < paired; g += Bf16Pairs.GROUP) {
            for (int m = 0; m < Bf16Pairs.HALF; m += LEN) {
                acc = VectorBlocks.low(VectorBlocks.pairs(w, wo + g + 2 * m))
                        .fma(FloatVector.fromArray(S, x, xo + g + m), acc);
            }
            for (int m = 0; m < Bf16Pairs.HALF; m += LEN) {
                acc = VectorBlocks.high(VectorBlocks.pairs(w, wo + g + 2 * m))
                        .fma(FloatVector.fromArray(S, x, xo + g + Bf16Pairs.HALF + m), acc);
            }
        }
        for (int i = paired; i < upper; i += LEN) {
            acc = VectorBlocks.bf16(w, wo + i).fma(FloatVector.fromArray(S, x, xo + i), acc);
        }
        acc = acc.add(acc.rearrange(ROT1));
        if (LEN >= 4) {
            acc = acc.add(acc.rearrange(ROT2));
        }
        if (LEN >= 8) {
            acc = acc.add(acc.rearrange(ROT3));
        }
        if (LEN >= 16) {
            acc = acc.add(acc.rearrange(ROT4));
        }
        float s = acc.lane(0);
        for (int i = upper; i < n; i++) {
            s += Float.intBitsToFloat(w[wo + i] << 16) * x[xo + i];
        }
        return s;
    }

    @Override
    public void dots2(
            float[] w,
            int wo0,
            int wo1,
            float[] x,
            int xOff,
            int xStride,
            int batch,
            int n,
            float[] out,
            int outOff,
            int outStride) {
        int j = 0;
        if (batch > 2) { // stream the two rows with the lightest pass; the other rows then read them from L1
            VectorBlocks.f32x2x1(w, wo0, wo1 - wo0, x, xOff, xStride, 1, n, out, outOff, outStride);
            j = 1;
        }
        for (; j < batch; ) {
            int b = Math.min(MAX_BLOCK, batch - j);
            f32Block(w, wo0, wo1 - wo0, n, x, xOff + j * xStride, xStride, b, out, outOff + j * outStride, outStride);
            j += b;
        }
    }

    @Override
    public void rows(
            float[] w,
            int wo,
            int count,
            int n,
            float[] x,
            int xOff,
            int xStride,
            int batch,
            float[] out,
            int outOff,
            int outStride) {
        if (stream == Stream.STRIPES && batch == 1) { // four stripes of the run stream at once
            int r = quads(
                    count,
                    (row, gap) -> VectorRuns.f32x4x1(w, wo + row * n, gap * n, x, xOff, n, out, outOff + row, gap));
            Kernels.super.rows(w, wo + r * n, count - r, n, x, xOff, xStride, batch, out, outOff + r, outStride);
            return;
        }
        if (stream != Stream.FALSE && batch > 1) {
            int block = block(count, n, Float.BYTES);
            for (int s = 0; s < count; s += block) {
                int c = Math.min(block, count - s);
                streamRuns(w, wo + s * n, c, n, x, xOff, xStride, batch, out, outOff + s, outStride);
            }
            return;
        }
        if (!runs || batch == 2) { // two rows: one 2x2 pass over each streamed pair
            Kernels.super.rows(w, wo, count, n, x, xOff, xStride, batch, out, outOff, outStride);
            return;
        }
        int r = 0;
        for (; r + 3 < count; r += 4) { // four weight rows stream for the first activation row, the rest from L1
            int w0 = wo + r * n;
            int o = outOff + r;
            VectorRuns.f32x4x1(w, w0, n, x, xOff, n, out, o, 1);
            for (int j = 1; j < batch; ) {
                int b = Math.min(MAX_BLOCK, batch - j);
                int xo = xOff + j * xStride;
                f32Block(w, w0, n, n, x, xo, xStride, b, out, o + j * outStride, outStride);
                f32Block(w, w0 + 2 * n, n, n, x, xo, xStride, b, out, o + 2 + j * outStride, outStride);
                j += b;
            }
        }
        Kernels.super.rows(w, wo + r * n, count - r, n, x, xOff, xStride, batch, out, outOff + r, outStride);
    }

    /**
     * {@link #rows} with every activation row on the weight stream: four weight rows at a time (striped or adjacent, see
     * {@link Stream}; none for {@link Stream#PAIRS}) by up to 5 activation rows in one pass ({@link VectorStreamBlocks}),
     * then pairs, then an odd last row alone through the one-row kernel; activation rows past the fifth take further
     * passes over the same weight rows, now in the L1 cache.
     */
    private void streamRuns(
            float[] w,
            int wo,
            int count,
            int n,
            float[] x,
            int xOff,
            int xStride,
            int batch,
            float[] out,
            int outOff,
            int outStride) {
        int r = quads(
                count,
                (row, gap) ->
                        quad(w, wo + row * n, gap * n, n, x, xOff, xStride, batch, out, outOff + row, outStride, gap));
        for (; r + 1 < count; r += 2) {
            for (int j = 0; j < batch; j += VectorStreamBlocks.MAX_ROWS) {
                int b = Math.min(VectorStreamBlocks.MAX_ROWS, batch - j);
                VectorStreamBlocks.f32x2x5(
                        w,
                        wo + r * n,
                        n,
                        x,
                        xOff + j * xStride,
                        xStride,
                        b,
                        n,
                        out,
                        outOff + r + j * outStride,
                        outStride,
                        1);
            }
        }
        if (r < count) {
            dots(w, wo + r * n, x, xOff, xStride, batch, n, out, outOff + r, outStride);
        }
    }

    /**
     * Rows per block of a run of {@code count} rows of {@code n} values of {@code bytes} bytes with every activation
     * row on the stream: the whole run when {@link #stream} does not stripe or the run fits {@link #stripeBytes};
     * otherwise equal blocks of whole fours of rows (the last one shorter) that each fit {@link #stripeBytes}, at least
     * four rows, so only the run's last block has rows left over after its fours.
     */
    private int block(int count, int n, int bytes) {
        long runBytes = (long) count * n * bytes;
        if (stream != Stream.STRIPES || stripeBytes == 0 || runBytes <= stripeBytes || count <= 4) {
            return Math.max(1, count);
        }
        int most = Math.max(4, (int) (stripeBytes / ((long) n * bytes)) & ~3);
        int blocks = (count + most - 1) / most;
        int each = (count + blocks - 1) / blocks;
        return Math.min(most, (each + 3) & ~3);
    }

    /** One pass over four weight rows of a run: the first one's index and the distance between them, in rows. */
    @FunctionalInterface
    private interface QuadPass {
        void run(int row, int gap);
    }

    /**
     * Hands a run's weight rows to {@code pass} four at a time as {@link #stream} lays them out: {@link
     * Stream#STRIPES} rows {@code q, q+h, q+2h, q+3h} for {@code h = count / 4} (four separate streams), {@link
     * Stream#QUADS} four adjacent rows, the other modes none.
     *
     * @return how many rows from the run's start the passes covered; the rest are the caller's
     */
    private int quads(int count, QuadPass pass) {
        if (stream == Stream.STRIPES) {
            int h = count / 4;
            for (int q = 0; q < h; q++) {
                pass.run(q, h);
            }
            return 4 * h;
        }
        int r = 0;
        if (stream == Stream.QUADS) {
            for (; r + 3 < count; r += 4) {
                pass.run(r, 1);
            }
        }
        return r;
    }

    /**
     * Four f32 weight rows ({@code ws} values apart, outputs {@code orow} slots apart) by {@code batch} activation
     * rows: the first 5 on the stream, then 5 at a time over the same four rows from the L1 cache, each pass in the
     * block as wide as the activation rows it takes ({@link VectorStreamF32}, {@link VectorRuns#f32x4x1}), so no pass
     * multiplies a repeated row.
     */
    private static void quad(
            float[] w,
            int w0,
            int ws,
            int n,
            float[] x,
            int xOff,
            int xStride,
            int batch,
            float[] out,
            int o,
            int os,
            int orow) {
        for (int j = 0; j < batch; j += VectorStreamBlocks.MAX_ROWS) {
            int xo = xOff + j * xStride;
            int oo = o + j * os;
            switch (Math.min(VectorStreamBlocks.MAX_ROWS, batch - j)) {
                case 1 -> VectorRuns.f32x4x1(w, w0, ws, x, xo, n, out, oo, orow);
                case 2 -> VectorStreamF32.f32x4x2(w, w0, ws, x, xo, xStride, n, out, oo, os, orow);
                case 3 -> VectorStreamF32.f32x4x3(w, w0, ws, x, xo, xStride, n, out, oo, os, orow);
                case 4 -> VectorStreamF32.f32x4x4(w, w0, ws, x, xo, xStride, n, out, oo, os, orow);
                default -> VectorStreamBlocks.f32x4x5(w, w0, ws, x, xo, xStride, 5, n, out, oo, os, orow);
            }
        }
    }

    /**
     * Two f32 rows of {@code n} values ({@code gap} apart) by {@code b <= 4} activation rows in the narrowest block
     * that takes them.
     */
    private static void f32Block(
            float[] w, int w0, int gap, int n, float[] x, int xo, int xs, int b, float[] out, int o, int os) {
        if (b > 2) {
            VectorBlocks.f32x2x4(w, w0, gap, x, xo, xs, b, n, out, o, os);
        } else if (b == 2) {
            VectorBlocks.f32x2x2(w, w0, gap, x, xo, xs, b, n, out, o, os);
        } else {
            VectorBlocks.f32x2x1(w, w0, gap, x, xo, xs, b, n, out, o, os);
        }
    }

    /**
     * Takes bf16 runs with 2 or more activation rows as {@link #rows} takes f32 ones in {@link Stream#STRIPES} and
     * {@link Stream#QUADS}: four weight rows by up to 5 activation rows in one streaming pass ({@link
     * VectorStreamBf16}, vectors of {@link Bf16Pairs#HALF} lanes only); the rows after the last four, and every row in
     * the other modes, go pair by pair through {@link #dots2Bf16}.
     */
    @Override
    public void rowsBf16(
            short[] w,
            int wo,
            int count,
            int n,
            float[] x,
            int xOff,
            int xStride,
            int batch,
            float[] out,
            int outOff,
            int outStride) {
        if (streamsBf16(batch)) {
            int block = block(count, n, Short.BYTES);
            for (int s = 0; s < count; s += block) {
                int c = Math.min(block, count - s);
                rowsBf16Block(w, wo + s * n, c, n, x, xOff, xStride, batch, out, outOff + s, outStride);
            }
            return;
        }
        rowsBf16Block(w, wo, count, n, x, xOff, xStride, batch, out, outOff, outStride);
    }

    /**
     * Whether bf16 runs with {@code batch} activation rows take the streaming passes (four rows at a time, see
     * {@link #quadBf16}, as {@link #quads} lays the mode out): with 2 or more rows, and with one row in
     * {@link Stream#STRIPES}; only on vectors of {@link Bf16Pairs#HALF} lanes.
     */
    private boolean streamsBf16(int batch) {
        return LEN == Bf16Pairs.HALF && (batch > 1 || stream == Stream.STRIPES);
    }

    /** {@link #rowsBf16} over one block of a run. */
    private void rowsBf16Block(
            short[] w,
            int wo,
            int count,
            int n,
            float[] x,
            int xOff,
            int xStride,
            int batch,
            float[] out,
            int outOff,
            int outStride) {
        int r = streamsBf16(batch)
                ? quads(
                        count,
                        (row, gap) -> quadBf16(
                                w,
                                wo + row * n,
                                gap * n,
                                n,
                                x,
                                xOff,
                                xStride,
                                batch,
                                out,
                                outOff + row,
                                outStride,
                                gap))
                : 0;
        Kernels.super.rowsBf16(w, wo + r * n, count - r, n, x, xOff, xStride, batch, out, outOff + r, outStride);
    }

    /**
     * {@link #quad} for bf16 rows ({@link VectorRuns#bf16x4x1}, {@link VectorStreamBf16Narrow}, {@link
     * VectorStreamBf16}); one activation row takes four stripes and four multiply-adds per group, no more.
     */
    private static void quadBf16(
            short[] w,
            int w0,
            int ws,
            int n,
            float[] x,
            int xOff,
            int xStride,
            int batch,
            float[] out,
            int o,
            int os,
            int orow) {
        for (int j = 0; j < batch; j += VectorStreamBlocks.MAX_ROWS) {
            int xo = xOff + j * xStride;
            int oo = o + j * os;
            switch (Math.min(VectorStreamBlocks.MAX_ROWS, batch - j)) {
                case 1 -> VectorRuns.bf16x4x1(w, w0, ws, x, xo, n, out, oo, orow);
                case 2 -> VectorStreamBf16Narrow.bf16x4x2(w, w0, ws, x, xo, xStride, n, out, oo, os, orow);
                case 3 -> VectorStreamBf16Narrow.bf16x4x3(w, w0, ws, x, xo, xStride, n, out, oo, os, orow);
                case 4 -> VectorStreamBf16Narrow.bf16x4x4(w, w0, ws, x, xo, xStride, n, out, oo, os, orow);
                default -> VectorStreamBf16.bf16x4x5(w, w0, ws, x, xo, xStride, 5, n, out, oo, os, orow);
            }
        }
    }

    @Override
    public void dots2Bf16(
            short[] w,
            int wo0,
            int wo1,
            float[] x,
            int xOff,
            int xStride,
            int batch,
            int n,
            float[] out,
            int outOff,
            int outStride) {
        int j = 0;
        for (; j + 1 < batch; j += 2) {
            VectorBlocks.bf16x2x2(
                    w, wo0, wo1 - wo0, x, xOff + j * xStride, xStride, 2, n, out, outOff + j * outStride, outStride);
        }
        if (j < batch) {
            VectorBlocks.bf16x2x1(
                    w, wo0, wo1 - wo0, x, xOff + j * xStride, xStride, 1, n, out, outOff + j * outStride, outStride);
        }
    }
}
