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
 * kernels ({@link VectorBlocks}: two weight rows by up to four activation rows, one accumulator per output) keep that
 * structure per output, so every batched result has exactly {@link #dot}'s bits. Up to 4 rows read each weight vector
 * from memory once (2 weight and 4 activation loads per 8 multiply-adds); rows 5 to 8 of a verification take a second
 * pass over the same two weight rows, which are then in the L1 cache (see {@link VectorBlocks} for why not one
 * 8-row pass).
 */
final class VectorKernels implements Kernels {
    /** Widest activation block (8 accumulators and 3 live vectors: fits AVX2's 16 registers too). */
    private static final int MAX_BLOCK = 4;

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
        int upper = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < upper; i += LEN) {
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
        for (int j = 0; j < batch; ) {
            int b = Math.min(MAX_BLOCK, batch - j);
            int xo = xOff + j * xStride;
            int o = outOff + j * outStride;
            if (b > 2) {
                VectorBlocks.f32x2x4(w, wo0, wo1 - wo0, x, xo, xStride, b, n, out, o, outStride);
            } else if (b == 2) {
                VectorBlocks.f32x2x2(w, wo0, wo1 - wo0, x, xo, xStride, b, n, out, o, outStride);
            } else {
                VectorBlocks.f32x2x1(w, wo0, wo1 - wo0, x, xo, xStride, b, n, out, o, outStride);
            }
            j += b;
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
        for (int j = 0; j < batch; ) {
            int b = Math.min(MAX_BLOCK, batch - j);
            int xo = xOff + j * xStride;
            int o = outOff + j * outStride;
            if (b > 2) {
                VectorBlocks.bf16x2x4(w, wo0, wo1 - wo0, x, xo, xStride, b, n, out, o, outStride);
            } else if (b == 2) {
                VectorBlocks.bf16x2x2(w, wo0, wo1 - wo0, x, xo, xStride, b, n, out, o, outStride);
            } else {
                VectorBlocks.bf16x2x1(w, wo0, wo1 - wo0, x, xo, xStride, b, n, out, o, outStride);
            }
            j += b;
        }
    }
}
