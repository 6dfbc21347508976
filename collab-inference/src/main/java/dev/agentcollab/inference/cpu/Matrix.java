package dev.agentcollab.inference.cpu;

import dev.agentcollab.inference.model.WeightShapes;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import dev.agentcollab.inference.safetensors.TensorBytes;

/**
 * A row-major {@code [rows, cols]} weight matrix held as f32, bf16 or Q8_0 ({@link Q8Matrix}, also for Q3_0); rows are the output features. The rows live in
 * one or more chunk arrays of whole rows ({@link RowChunking}), so a matrix may exceed one Java array; every product
 * reads a row from its chunk with the same kernel, so results do not depend on the chunking.
 */
abstract sealed class Matrix implements RowSource permits Matrix.F32, Matrix.Bf16, Q8Matrix {
    /**
     * Values before the first row of each f32 chunk array. G1 starts a large array on a 64-byte boundary and its data
     * 16 bytes (the header) after it, so 12 floats (48 bytes) start the first row on a cache line, and with rows of a
     * multiple of 16 floats every row: a full-width (64-byte) load then reads one cache line instead of straddling
     * two. This is a guess about the JVM's layout: where it is wrong it costs speed, never a bit.
     */
    static final int F32_PAD = 12;

    /** {@link #F32_PAD} for bf16 chunk arrays: 24 shorts, 48 bytes. */
    static final int BF16_PAD = 24;

    final int rows;
    final int cols;
    final int rowsPerChunk;

    Matrix(WeightPlacement p) {
        this.rows = p.rows();
        this.cols = p.cols();
        this.rowsPerChunk = p.rowsPerChunk();
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    /** {@code out[outOff + j*outStride] = row . x[xOff + j*cols ..]} for {@code j < batch}. */
    abstract void dots(Kernels k, int row, float[] x, int xOff, int batch, float[] out, int outOff, int outStride);

    /**
     * {@link #dots} for rows {@code row} and {@code row + 1}: row's results at {@code out[outOff + j*outStride]}, the
     * next row's at {@code outOff + 1 + j*outStride}. Rows in one chunk go through the register-blocked kernel; every
     * result equals {@link #dots} of its row.
     */
    abstract void dots2(Kernels k, int row, float[] x, int xOff, int batch, float[] out, int outOff, int outStride);

    /**
     * {@link #dots} for rows {@code start..end-1}: row {@code r}'s results at {@code out[outOff + (r - start) +
     * j*outStride]}. Every result equals {@link #dots} of its row; storages whose rows sit in arrays hand each chunk's
     * run of rows to the kernel at once ({@link Kernels#rows}), so it can stream several rows together.
     */
    void dotsRows(
            Kernels k, int start, int end, float[] x, int xOff, int batch, float[] out, int outOff, int outStride) {
        int o = start;
        for (; o + 1 < end; o += 2) {
            dots2(k, o, x, xOff, batch, out, outOff + o - start, outStride);
        }
        if (o < end) {
            dots(k, o, x, xOff, batch, out, outOff + o - start, outStride);
        }
    }

    /** One dot product of a row with {@code x[xOff .. xOff+cols)}; equals {@link #dots} with batch 1. */
    abstract float dot(Kernels k, int row, float[] x, int xOff);

    /** Builds a matrix from a tensor with the default chunking, checking its element count. */
    static Matrix of(Tensor t, int rows, int cols, WeightFormat format) {
        return of(t, rows, cols, format, RowChunking.defaults());
    }

    /** Builds a matrix from a tensor, checking its element count against {@code rows * cols}. */
    static Matrix of(Tensor t, int rows, int cols, WeightFormat format, RowChunking chunking) {
        StoredType type = StoredType.matrix(format);
        return of(t, WeightPlacement.of(t.name(), WeightPlacement.Store.MATRIX, rows, cols, type, chunking));
    }

    /** Builds a matrix as placed. */
    static Matrix of(Tensor t, WeightPlacement p) {
        checkShape(t, p);
        if (p.store() != WeightPlacement.Store.MATRIX) {
            throw new IllegalArgumentException(p.name() + " is not placed as a matrix");
        }
        int n = p.chunks();
        if (p.type() == StoredType.Q8_0) {
            return Q8Matrix.quantise(t, p);
        }
        if (p.type() == StoredType.Q3_0) {
            return Q8Matrix.quantiseLowBit(t, p, 3);
        }
        if (p.type() == StoredType.F32) {
            float[][] w = new float[n][];
            for (int c = 0; c < n; c++) {
                w[c] = new float[F32_PAD + p.chunkRows(c) * p.cols()];
                t.bytes()
                        .getValues(
                                t.dtype(),
                                (long) c * p.rowsPerChunk() * p.cols(),
                                w[c],
                                F32_PAD,
                                p.chunkRows(c) * p.cols());
            }
            return new F32(p, w);
        }
        short[][] w = new short[n][];
        for (int c = 0; c < n; c++) {
            w[c] = new short[BF16_PAD + p.chunkRows(c) * p.cols()];
            bf16Bits(t, (long) c * p.rowsPerChunk() * p.cols(), w[c], BF16_PAD, p.cols());
            Bf16Pairs.pack(w[c], BF16_PAD, p.chunkRows(c), p.cols());
        }
        return new Bf16(p, w);
    }

    /** Fills {@code dst} with bf16 bits of the tensor's values from {@code index}: copied, or rounded row by row. */
    static void bf16Bits(Tensor t, long index, short[] dst, int cols) {
        bf16Bits(t, index, dst, 0, cols);
    }

    /** {@link #bf16Bits(Tensor, long, short[], int)} into {@code dst[dstOff ..]} up to its end. */
    static void bf16Bits(Tensor t, long index, short[] dst, int dstOff, int cols) {
        TensorBytes bytes = t.bytes();
        if (t.dtype() == DType.BF16) {
            bytes.getShorts(index * 2, dst, dstOff, dst.length - dstOff);
            return;
        }
        float[] row = new float[cols];
        for (int off = 0; dstOff + off < dst.length; off += cols) {
            bytes.getValues(t.dtype(), index + off, row, 0, cols);
            for (int i = 0; i < cols; i++) {
                dst[dstOff + off + i] = DType.toBf16(row[i]);
            }
        }
    }

    /** Checks that the tensor is a float matrix of exactly {@code [rows, cols]} ({@link WeightShapes#matrix}). */
    static void checkShape(Tensor t, WeightPlacement p) {
        WeightShapes.matrix(t, p.rows(), p.cols());
    }

    /** f32 storage, each chunk's rows from {@link #F32_PAD}. */
    static final class F32 extends Matrix {
        final float[][] w;

        F32(WeightPlacement p, float[][] w) {
            super(p);
            this.w = w;
        }

        private int offset(int row, int c) {
            return F32_PAD + (row - c * rowsPerChunk) * cols;
        }

        @Override
        void dots(Kernels k, int row, float[] x, int xOff, int batch, float[] out, int outOff, int outStride) {
            int c = row / rowsPerChunk;
            k.dots(w[c], offset(row, c), x, xOff, cols, batch, cols, out, outOff, outStride);
        }

        @Override
        void dots2(Kernels k, int row, float[] x, int xOff, int batch, float[] out, int outOff, int outStride) {
            int c = row / rowsPerChunk;
            if ((row + 1) / rowsPerChunk != c) {
                dots(k, row, x, xOff, batch, out, outOff, outStride);
                dots(k, row + 1, x, xOff, batch, out, outOff + 1, outStride);
                return;
            }
            int wo = offset(row, c);
            k.dots2(w[c], wo, wo + cols, x, xOff, cols, batch, cols, out, outOff, outStride);
        }

        @Override
        void dotsRows(
                Kernels k, int start, int end, float[] x, int xOff, int batch, float[] out, int outOff, int outStride) {
            for (int r = start; r < end; ) {
                int c = r / rowsPerChunk;
                int stop = Math.min(end, (c + 1) * rowsPerChunk);
                k.rows(w[c], offset(r, c), stop - r, cols, x, xOff, cols, batch, out, outOff + r - start, outStride);
                r = stop;
            }
        }

        @Override
        float dot(Kernels k, int row, float[] x, int xOff) {
            int c = row / rowsPerChunk;
            return k.dot(w[c], offset(row, c), x, xOff, cols);
        }

        @Override
        public void row(int row, float scale, float[] dst, int dstOff) {
            int c = row / rowsPerChunk;
            float[] a = w[c];
            int base = offset(row, c);
            for (int i = 0; i < cols; i++) {
                dst[dstOff + i] = a[base + i] * scale;
            }
        }
    }

    /** bf16 storage (the upper 16 bits of an f32), each row in the {@link Bf16Pairs} layout, from {@link #BF16_PAD}. */
    static final class Bf16 extends Matrix {
        final short[][] w;

        Bf16(WeightPlacement p, short[][] w) {
            super(p);
            this.w = w;
        }

        private int offset(int row, int c) {
            return BF16_PAD + (row - c * rowsPerChunk) * cols;
        }

        @Override
        void dots(Kernels k, int row, float[] x, int xOff, int batch, float[] out, int outOff, int outStride) {
            int c = row / rowsPerChunk;
            k.dotsBf16(w[c], offset(row, c), x, xOff, cols, batch, cols, out, outOff, outStride);
        }

        @Override
        void dots2(Kernels k, int row, float[] x, int xOff, int batch, float[] out, int outOff, int outStride) {
            int c = row / rowsPerChunk;
            if ((row + 1) / rowsPerChunk != c) {
                dots(k, row, x, xOff, batch, out, outOff, outStride);
                dots(k, row + 1, x, xOff, batch, out, outOff + 1, outStride);
                return;
            }
            int wo = offset(row, c);
            k.dots2Bf16(w[c], wo, wo + cols, x, xOff, cols, batch, cols, out, outOff, outStride);
        }

        @Override
        void dotsRows(
                Kernels k, int start, int end, float[] x, int xOff, int batch, float[] out, int outOff, int outStride) {
            for (int r = start; r < end; ) {
                int c = r / rowsPerChunk;
                int stop = Math.min(end, (c + 1) * rowsPerChunk);
                k.rowsBf16(
                        w[c], offset(r, c), stop - r, cols, x, xOff, cols, batch, out, outOff + r - start, outStride);
                r = stop;
            }
        }

        @Override
        float dot(Kernels k, int row, float[] x, int xOff) {
            int c = row / rowsPerChunk;
            return k.dotBf16(w[c], offset(row, c), x, xOff, cols);
        }

        @Override
        public void row(int row, float scale, float[] dst, int dstOff) {
            int c = row / rowsPerChunk;
            short[] a = w[c];
            int base = offset(row, c);
            for (int i = 0; i < cols; i++) {
                dst[dstOff + i] = Float.intBitsToFloat(a[base + Bf16Pairs.index(i, cols)] << 16) * scale;
            }
        }
    }
}
