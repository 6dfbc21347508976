package dev.agentcollab.inference.cpu;

import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;

/**
 * A gather-only table of rows (an untied token embedding, or the per-layer embedding table) in row chunks, kept in the
 * checkpoint's 16-bit type (bf16 or f16 bits) and decoded one gathered row at a time, so that E4B's 5.6 GB PLE table
 * never becomes a float array nor one array over Java's limit. f32 tables follow the {@link WeightFormat} (f32, or
 * rounded to bf16). Decoding widens exactly, so a gather equals the f32 value of the stored element times the scale.
 */
final class EmbeddingTable implements RowSource {
    private final WeightPlacement placement;
    private final float[][] f32;
    private final short[][] bits;

    private EmbeddingTable(WeightPlacement placement, float[][] f32, short[][] bits) {
        this.placement = placement;
        this.f32 = f32;
        this.bits = bits;
    }

    /** The stored type for a table of {@code disk} values under {@code format}. */
    static StoredType storedType(DType disk, WeightFormat format) {
        return switch (disk) {
            case BF16 -> StoredType.BF16;
            case F16 -> StoredType.F16;
            default -> format == WeightFormat.F32 ? StoredType.F32 : StoredType.BF16;
        };
    }

    /** Copies a tensor into chunks as placed. */
    static EmbeddingTable of(Tensor t, WeightPlacement p) {
        Matrix.checkShape(t, p);
        if (p.store() != WeightPlacement.Store.ROW_TABLE
                || p.type() != storedType(t.dtype(), WeightFormat.F32)
                        && p.type() != storedType(t.dtype(), WeightFormat.BF16)) {
            throw new IllegalArgumentException(p.name() + " is not placed as a row table of " + t.dtype());
        }
        int n = p.chunks();
        if (p.type() == StoredType.F32) {
            float[][] w = new float[n][];
            for (int c = 0; c < n; c++) {
                w[c] = new float[p.chunkRows(c) * p.cols()];
                t.bytes().getFloats((long) c * p.rowsPerChunk() * p.cols() * 4, w[c], 0, w[c].length);
            }
            return new EmbeddingTable(p, w, null);
        }
        short[][] w = new short[n][];
        for (int c = 0; c < n; c++) {
            w[c] = new short[p.chunkRows(c) * p.cols()];
            long index = (long) c * p.rowsPerChunk() * p.cols();
            if (p.type() == StoredType.F16) {
                t.bytes().getShorts(index * 2, w[c], 0, w[c].length);
            } else {
                Matrix.bf16Bits(t, index, w[c], p.cols());
            }
        }
        return new EmbeddingTable(p, null, w);
    }

    /** Where the table lives. */
    WeightPlacement placement() {
        return placement;
    }

    @Override
    public int rows() {
        return placement.rows();
    }

    @Override
    public int cols() {
        return placement.cols();
    }

    @Override
    public void row(int row, float scale, float[] dst, int dstOff) {
        int per = placement.rowsPerChunk();
        int cols = placement.cols();
        int c = row / per;
        int base = (row - c * per) * cols;
        switch (placement.type()) {
            case F32 -> {
                float[] a = f32[c];
                for (int i = 0; i < cols; i++) {
                    dst[dstOff + i] = a[base + i] * scale;
                }
            }
            case BF16 -> {
                short[] a = bits[c];
                for (int i = 0; i < cols; i++) {
                    dst[dstOff + i] = Float.intBitsToFloat(a[base + i] << 16) * scale;
                }
            }
            case F16 -> {
                short[] a = bits[c];
                for (int i = 0; i < cols; i++) {
                    dst[dstOff + i] = Float.float16ToFloat(a[base + i]) * scale;
                }
            }
        }
    }
}
