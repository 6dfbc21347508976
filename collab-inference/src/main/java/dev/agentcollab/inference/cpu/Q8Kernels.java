package dev.agentcollab.inference.cpu;

/**
 * Dot-product kernels over Q8_0 weight rows ({@link Q8Blocks}): int8 values {@code q[qo ..]} with one f16 scale per
 * block at {@code d[dOff ..]}. A row offset {@code qo} is the row's first value and {@code dOff} its first block, so
 * value {@code i} of the row has scale {@code d[dOff + i / 32]}. Every weight {@code q * d} is exact in f32; the
 * kernels read the int8 values directly and never hold a dequantised row.
 *
 * <p>As with {@link Kernels}, each implementation has one summation structure per output, so the batched and
 * register-blocked forms give exactly {@link #dot}'s bits. {@link #matching} picks the implementation that goes with a
 * backend's {@link Kernels}.
 */
interface Q8Kernels {
    /** {@code sum(q[qo+i] * d[dOff + i/32] * x[xo+i])} for {@code i < n}. */
    float dot(byte[] q, int qo, short[] d, int dOff, float[] x, int xo, int n);

    /**
     * {@code out[outOff + j*outStride] = row . x[xOff + j*xStride ..]} for {@code j < batch}; each result is
     * bit-identical to {@link #dot}.
     */
    default void dots(
            byte[] q,
            int qo,
            short[] d,
            int dOff,
            float[] x,
            int xOff,
            int xStride,
            int batch,
            int n,
            float[] out,
            int outOff,
            int outStride) {
        for (int j = 0; j < batch; j++) {
            out[outOff + j * outStride] = dot(q, qo, d, dOff, x, xOff + j * xStride, n);
        }
    }

    /**
     * {@link #dots} for two rows of the same arrays (values at {@code qo0}/{@code qo1}, scales at
     * {@code dOff0}/{@code dOff1}): row 0's results at {@code out[outOff + j*outStride]}, row 1's at
     * {@code outOff + 1 + j*outStride}. A register-blocked kernel loads each int8 vector once for every activation row;
     * every result is still bit-identical to {@link #dot}.
     */
    default void dots2(
            byte[] q,
            int qo0,
            int qo1,
            short[] d,
            int dOff0,
            int dOff1,
            float[] x,
            int xOff,
            int xStride,
            int batch,
            int n,
            float[] out,
            int outOff,
            int outStride) {
        dots(q, qo0, d, dOff0, x, xOff, xStride, batch, n, out, outOff, outStride);
        dots(q, qo1, d, dOff1, x, xOff, xStride, batch, n, out, outOff + 1, outStride);
    }

    /** The scalar Q8_0 kernels. */
    static Q8Kernels scalar() {
        return ScalarQ8Kernels.INSTANCE;
    }

    /**
     * The Q8_0 kernels that go with {@code k}: the Vector API ones when {@code k} is not the scalar kernel and the
     * Vector API kernels load, else the scalar ones.
     *
     * @param k the backend's f32/bf16 kernels
     * @return the Q8_0 kernels
     */
    static Q8Kernels matching(Kernels k) {
        return k instanceof ScalarKernels ? scalar() : Holder.VECTOR;
    }

    /** Lazy holder: loads the Vector API kernels once, or falls back to the scalar ones. */
    final class Holder {
        static final Q8Kernels VECTOR = load();

        private Holder() {}

        private static Q8Kernels load() {
            try {
                Q8Kernels k = (Q8Kernels) Class.forName("dev.agentcollab.inference.cpu.VectorQ8Kernels")
                        .getDeclaredConstructor()
                        .newInstance();
                return k.dot(new byte[0], 0, new short[0], 0, new float[0], 0, 0) == 0f ? k : scalar();
            } catch (Throwable t) { // NoClassDefFoundError without jdk.incubator.vector, or a too narrow vector
                return scalar();
            }
        }
    }
}
