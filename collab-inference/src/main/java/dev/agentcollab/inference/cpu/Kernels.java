package dev.agentcollab.inference.cpu;

import java.lang.reflect.InvocationTargetException;
import org.slf4j.LoggerFactory;

/**
 * The innermost dot-product kernel. Two implementations exist: {@link ScalarKernels} (always) and
 * {@code VectorKernels} (the incubating Vector API, used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}). Each gives deterministic results, but the two differ in summation order,
 * so one backend uses one kernel for everything.
 */
interface Kernels {
    /** System property: {@code scalar} or {@code vector} forces a kernel. */
    String PROPERTY = "collab.inference.kernels";

    /** Kernel name for logs and bench tables. */
    String name();

    /** {@code sum(a[ao+i] * b[bo+i])} for {@code i < n}. */
    float dot(float[] a, int ao, float[] b, int bo, int n);

    /**
     * {@code out[outOff + j*outStride] = w[wo..wo+n) . x[xOff + j*xStride ..]} for {@code j < batch}; each result is
     * bit-identical to {@link #dot} of the same row, so batching never changes logits.
     */
    default void dots(
            float[] w,
            int wo,
            float[] x,
            int xOff,
            int xStride,
            int batch,
            int n,
            float[] out,
            int outOff,
            int outStride) {
        for (int j = 0; j < batch; j++) {
            out[outOff + j * outStride] = dot(w, wo, x, xOff + j * xStride, n);
        }
    }

    /**
     * {@link #dots} for two weight rows at {@code wo0} and {@code wo1} of the same array: row 0's results go to
     * {@code out[outOff + j*outStride]}, row 1's to {@code out[outOff + 1 + j*outStride]}. A register-blocked kernel
     * loads each weight vector once for all {@code batch} activation rows and each activation vector once for both
     * weight rows; every result is still bit-identical to {@link #dot}.
     */
    default void dots2(
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
        dots(w, wo0, x, xOff, xStride, batch, n, out, outOff, outStride);
        dots(w, wo1, x, xOff, xStride, batch, n, out, outOff + 1, outStride);
    }

    /**
     * {@link #dots2} for bf16 weight rows ({@link Bf16Pairs} layout); every result is bit-identical to
     * {@link #dotBf16}.
     */
    default void dots2Bf16(
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
        dotsBf16(w, wo0, x, xOff, xStride, batch, n, out, outOff, outStride);
        dotsBf16(w, wo1, x, xOff, xStride, batch, n, out, outOff + 1, outStride);
    }

    /**
     * {@code sum(bf16(v[i]) * x[xo+i])} for {@code i < n}, where {@code v} is the row of {@code n} values stored at
     * {@code w[wo ..]} in the {@link Bf16Pairs} layout, with {@link #dot}'s summation structure over the values in order
     * (so the result has the bits of {@link #dot} over the same values held as f32).
     */
    float dotBf16(short[] w, int wo, float[] x, int xo, int n);

    /** {@link #dots} for a bf16 weight row ({@link Bf16Pairs} layout); each result is bit-identical to {@link #dotBf16}. */
    default void dotsBf16(
            short[] w,
            int wo,
            float[] x,
            int xOff,
            int xStride,
            int batch,
            int n,
            float[] out,
            int outOff,
            int outStride) {
        for (int j = 0; j < batch; j++) {
            out[outOff + j * outStride] = dotBf16(w, wo, x, xOff + j * xStride, n);
        }
    }

    /**
     * The products of {@code count} consecutive f32 weight rows of {@code n} values each, starting at {@code w[wo]},
     * with {@code batch} activation rows: row {@code r}'s result for activation row {@code j} goes to
     * {@code out[outOff + r + j*outStride]}. Every result is bit-identical to {@link #dot}, so how a kernel orders the
     * rows and blocks never changes a bit; this default takes the rows in pairs through {@link #dots2}.
     */
    default void rows(
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
        int r = 0;
        for (; r + 1 < count; r += 2) {
            dots2(w, wo + r * n, wo + (r + 1) * n, x, xOff, xStride, batch, n, out, outOff + r, outStride);
        }
        if (r < count) {
            dots(w, wo + r * n, x, xOff, xStride, batch, n, out, outOff + r, outStride);
        }
    }

    /** {@link #rows} for bf16 rows ({@link Bf16Pairs} layout); every result is bit-identical to {@link #dotBf16}. */
    default void rowsBf16(
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
        int r = 0;
        for (; r + 1 < count; r += 2) {
            dots2Bf16(w, wo + r * n, wo + (r + 1) * n, x, xOff, xStride, batch, n, out, outOff + r, outStride);
        }
        if (r < count) {
            dotsBf16(w, wo + r * n, x, xOff, xStride, batch, n, out, outOff + r, outStride);
        }
    }

    /** Picks the Vector API kernel when it loads and is not disabled, else the scalar one; logs the choice once. */
    static Kernels best() {
        return Holder.BEST;
    }

    /** Lazy holder so the choice is made and logged once. */
    final class Holder {
        static final Kernels BEST = choose();

        private Holder() {}

        /**
         * The kernels the system properties ask for: scalar when {@value Kernels#PROPERTY} is {@code scalar} or the
         * Vector API does not load, else the Vector API kernels with their own properties. A bad value of one of those
         * properties is an {@link IllegalArgumentException}, never a silent fall-back to the scalar kernels.
         */
        static Kernels choose() {
            String forced = System.getProperty(PROPERTY, "");
            Kernels k = new ScalarKernels();
            if (!forced.equals("scalar")) {
                try {
                    k = (Kernels) Class.forName("dev.agentcollab.inference.cpu.VectorKernels")
                            .getDeclaredConstructor()
                            .newInstance();
                } catch (Throwable t) { // NoClassDefFoundError when jdk.incubator.vector is not resolved
                    if (t instanceof InvocationTargetException e
                            && e.getCause() instanceof IllegalArgumentException bad) {
                        throw bad; // e.g. collab.inference.kernels.stripeBytes=192k
                    }
                    if (forced.equals("vector")) {
                        throw new IllegalStateException("Vector API kernels forced but unavailable: " + t, t);
                    }
                }
            }
            LoggerFactory.getLogger(Kernels.class).debug("collab-inference CPU kernels: {}", k.name());
            return k;
        }
    }
}
