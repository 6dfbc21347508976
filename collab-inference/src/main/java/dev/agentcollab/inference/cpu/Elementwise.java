package dev.agentcollab.inference.cpu;

import org.slf4j.LoggerFactory;

/**
 * The element-wise work of a forward that scales with its tokens: the gated GELU of the MLP, the final logit
 * soft-cap and the weighted sum of values in attention. Two implementations exist: {@link ScalarElementwise} (one {@link Math#exp} per element, always) and
 * {@code VectorElementwise} (the incubating Vector API, used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}). Each maps every element through one fixed function of that element
 * alone, whatever range or thread it lands in, so a batched forward and single-row forwards get the same bits; the two
 * implementations' GELU and soft-cap differ from each other in the last bits, so one backend uses one of them for
 * everything ({@link #addScaled} has the same bits in both).
 */
interface Elementwise {
    /** System property: {@code false} forces the scalar implementation, {@code true} the vector one. */
    String PROPERTY = "collab.inference.elementwise.vector";

    /** Implementation name for logs and bench tables. */
    String name();

    /** {@code gate[i] = gelu(gate[i]) * up[i]} for {@code start <= i < end} (GELU with the tanh approximation). */
    void geluMul(float[] gate, float[] up, int start, int end);

    /** {@code logits[i] = cap * tanh(logits[i] / cap)} for {@code start <= i < end}; {@code cap > 0}. */
    void softcap(float[] logits, int start, int end, float cap);

    /**
     * {@code out[oo + i] += p * v[vo + i]} for {@code i < n}, the product rounded to float before the sum (no fused
     * multiply-add), so every implementation gives the bits of this loop.
     */
    void addScaled(float p, float[] v, int vo, float[] out, int oo, int n);

    /** Picks the vector implementation when it loads and is not disabled, else the scalar one; logs the choice once. */
    static Elementwise best() {
        return Holder.BEST;
    }

    /** Lazy holder so the choice is made and logged once. */
    final class Holder {
        static final Elementwise BEST = choose();

        private Holder() {}

        private static Elementwise choose() {
            String forced = System.getProperty(PROPERTY, "");
            Elementwise e = new ScalarElementwise();
            if (!forced.equals("false")) {
                try {
                    e = (Elementwise) Class.forName("dev.agentcollab.inference.cpu.VectorElementwise")
                            .getDeclaredConstructor()
                            .newInstance();
                } catch (Throwable t) { // NoClassDefFoundError when jdk.incubator.vector is not resolved
                    if (forced.equals("true")) {
                        throw new IllegalStateException("Vector API element-wise ops forced but unavailable: " + t, t);
                    }
                }
            }
            LoggerFactory.getLogger(Elementwise.class).debug("collab-inference element-wise ops: {}", e.name());
            return e;
        }
    }
}
