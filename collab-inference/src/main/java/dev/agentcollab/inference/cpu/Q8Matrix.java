package dev.agentcollab.inference.cpu;

import dev.agentcollab.inference.safetensors.Tensor;

/**
 * Q8_0 matrix storage ({@link Q8Blocks}): per chunk of whole rows, one {@code byte[]} of int8 values and one
 * {@code short[]} of f16 block scales. Built by quantising an f32, f16 or bf16 tensor row by row at load time, so no
 * full-precision copy of the matrix is ever held. Products run on the {@link Q8Kernels} that match the backend's
 * {@link Kernels}; row gathers (a tied embedding) dequantise one row.
 */
final class Q8Matrix extends Matrix {
    final byte[][] q;
    final short[][] d;
    final int blocksPerRow;

    private Q8Matrix(WeightPlacement p, byte[][] q, short[][] d) {
        super(p);
        this.q = q;
        this.d = d;
        this.blocksPerRow = Q8Blocks.blocks(p.cols());
    }

    /** Quantises a tensor as placed (the placement's type is {@link StoredType#Q8_0}). */
    static Q8Matrix quantise(Tensor t, WeightPlacement p) {
        return quantiseLowBit(t, p, 8);
    }

    /**
     * Quantises a tensor as placed into int8 values restricted to {@code bits}-bit levels ({@link LowBitBlocks}), in
     * the Q8_0 layout, so the Q8_0 kernels run it unchanged.
     *
     * @param t the tensor
     * @param p its placement (any Q8_0-layout type)
     * @param bits integer width of the levels, 2..8 (8 quantises exactly like {@link #quantise})
     * @return the matrix
     */
    static Q8Matrix quantiseLowBit(Tensor t, WeightPlacement p, int bits) {
        checkShape(t, p);
        int cols = p.cols();
        int bpr = Q8Blocks.blocks(cols);
        float[] row = new float[cols];
        byte[][] q = new byte[p.chunks()][];
        short[][] d = new short[p.chunks()][];
        for (int c = 0; c < q.length; c++) {
            int rows = p.chunkRows(c);
            q[c] = new byte[rows * cols];
            d[c] = new short[rows * bpr];
            long first = (long) c * p.rowsPerChunk();
            for (int r = 0; r < rows; r++) {
                t.bytes().getValues(t.dtype(), (first + r) * cols, row, 0, cols);
                LowBitBlocks.quantiseRow(t.name(), bits, row, 0, cols, q[c], r * cols, d[c], r * bpr);
            }
        }
        return new Q8Matrix(p, q, d);
    }

    @Override
    void dots(Kernels k, int row, float[] x, int xOff, int batch, float[] out, int outOff, int outStride) {
        int c = row / rowsPerChunk;
        int local = row - c * rowsPerChunk;
        Q8Kernels.matching(k)
                .dots(
                        q[c],
                        local * cols,
                        d[c],
                        local * blocksPerRow,
                        x,
                        xOff,
                        cols,
                        batch,
                        cols,
                        out,
                        outOff,
                        outStride);
    }

    @Override
    void dots2(Kernels k, int row, float[] x, int xOff, int batch, float[] out, int outOff, int outStride) {
        int c = row / rowsPerChunk;
        if ((row + 1) / rowsPerChunk != c) {
            dots(k, row, x, xOff, batch, out, outOff, outStride);
            dots(k, row + 1, x, xOff, batch, out, outOff + 1, outStride);
            return;
        }
        int local = row - c * rowsPerChunk;
        Q8Kernels.matching(k)
                .dots2(
                        q[c],
                        local * cols,
                        (local + 1) * cols,
                        d[c],
                        local * blocksPerRow,
                        (local + 1) * blocksPerRow,
                        x,
                        xOff,
                        cols,
                        batch,
                        cols,
                        out,
                        outOff,
                        outStride);
    }

    @Override
    float dot(Kernels k, int row, float[] x, int xOff) {
        int c = row / rowsPerChunk;
        int local = row - c * rowsPerChunk;
        return Q8Kernels.matching(k).dot(q[c], local * cols, d[c], local * blocksPerRow, x, xOff, cols);
    }

    @Override
    public void row(int row, float scale, float[] dst, int dstOff) {
        int c = row / rowsPerChunk;
        int local = row - c * rowsPerChunk;
        Q8Blocks.dequantiseRow(q[c], local * cols, d[c], local * blocksPerRow, cols, scale, dst, dstOff);
    }
}
