package dev.agentcollab.inference.cpu;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A row-major {@code [rows, cols]} weight matrix held as f32 or bf16; rows are the output features. */
abstract sealed class Matrix permits Matrix.F32, Matrix.Bf16 {
    final int rows;
    final int cols;

    private Matrix(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
    }

    /** {@code out[outOff + j*outStride] = row . x[xOff + j*cols ..]} for {@code j < batch}. */
    abstract void dots(Kernels k, int row, float[] x, int xOff, int batch, float[] out, int outOff, int outStride);

    /** One dot product of a row with {@code x[xOff .. xOff+cols)}; equals {@link #dots} with batch 1. */
    abstract float dot(Kernels k, int row, float[] x, int xOff);

    /** Decodes row {@code row}, scaled, into {@code dst}. */
    abstract void row(int row, float scale, float[] dst, int dstOff);

    /** Builds a matrix from a tensor, checking its element count against {@code rows * cols}. */
    static Matrix of(Tensor t, int rows, int cols, WeightFormat format) {
        long n = (long) rows * cols;
        if (t.numel() != n) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "tensor " + t.name() + " has " + t.numel() + " values, config implies " + rows + "x" + cols);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw CollabException.of(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "tensor " + t.name() + " has " + n + " elements, more than one Java array holds");
        }
        if (format == WeightFormat.F32) {
            return new F32(rows, cols, t.toFloats());
        }
        short[] bits = new short[(int) n];
        ByteBuffer buf = t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (t.dtype() == DType.BF16) {
            buf.asShortBuffer().get(bits);
        } else {
            for (int i = 0; i < bits.length; i++) {
                bits[i] = DType.toBf16(t.dtype().get(buf, i));
            }
        }
        return new Bf16(rows, cols, bits);
    }

    /** f32 storage. */
    static final class F32 extends Matrix {
        final float[] w;

        F32(int rows, int cols, float[] w) {
            super(rows, cols);
            this.w = w;
        }

        @Override
        void dots(Kernels k, int row, float[] x, int xOff, int batch, float[] out, int outOff, int outStride) {
            k.dots(w, row * cols, x, xOff, cols, batch, cols, out, outOff, outStride);
        }

        @Override
        float dot(Kernels k, int row, float[] x, int xOff) {
            return k.dot(w, row * cols, x, xOff, cols);
        }

        @Override
        void row(int row, float scale, float[] dst, int dstOff) {
            int base = row * cols;
            for (int i = 0; i < cols; i++) {
                dst[dstOff + i] = w[base + i] * scale;
            }
        }
    }

    /** bf16 storage (the upper 16 bits of an f32). */
    static final class Bf16 extends Matrix {
        final short[] w;

        Bf16(int rows, int cols, short[] w) {
            super(rows, cols);
            this.w = w;
        }

        @Override
        void dots(Kernels k, int row, float[] x, int xOff, int batch, float[] out, int outOff, int outStride) {
            k.dotsBf16(w, row * cols, x, xOff, cols, batch, cols, out, outOff, outStride);
        }

        @Override
        float dot(Kernels k, int row, float[] x, int xOff) {
            return k.dotBf16(w, row * cols, x, xOff, cols);
        }

        @Override
        void row(int row, float scale, float[] dst, int dstOff) {
            int base = row * cols;
            for (int i = 0; i < cols; i++) {
                dst[dstOff + i] = Float.intBitsToFloat(w[base + i] << 16) * scale;
            }
        }
    }
}
