package dev.agentcollab.inference.cpu;

/**
 * The layout of bf16 matrix rows in memory: each whole group of {@value #GROUP} values of a row is stored as
 * {@value #HALF} pairs, pair {@code k} holding values {@code k} and {@code HALF + k}; the values after a row's last
 * whole group stay in order. Read as 32-bit lanes, a pair is one int whose low half is value {@code k} and whose high
 * half is value {@code HALF + k}, so a Vector API kernel gets both halves of a group from full-width loads with one
 * shift or one mask each, instead of a widening convert and a shift per vector. The halves come out in the values'
 * order, so a kernel still accumulates them in the f32 kernel's order (a bf16 checkpoint gives the same logits in
 * f32 and bf16 storage). The layout is fixed (it does not depend on the vector width): a width of {@code LEN} takes
 * {@code HALF / LEN} loads per half.
 *
 * <p>Built once at load time ({@link #pack}); {@link #index} maps a value to its position for scalar readers.
 */
final class Bf16Pairs {
    /** Values per group. */
    static final int GROUP = 32;

    /** Pairs per group. */
    static final int HALF = GROUP / 2;

    private Bf16Pairs() {}

    /** The values of a row of {@code n} that lie in whole groups (stored as pairs). */
    static int paired(int n) {
        return n - n % GROUP;
    }

    /** Where value {@code i} of a row of {@code n} values is stored, relative to the row's start. */
    static int index(int i, int n) {
        if (i >= paired(n)) {
            return i;
        }
        int r = i % GROUP;
        return i - r + (r < HALF ? 2 * r : 2 * (r - HALF) + 1);
    }

    /** Rearranges {@code rows} rows of {@code cols} values at {@code w[off ..]} from value order into this layout. */
    static void pack(short[] w, int off, int rows, int cols) {
        short[] group = new short[GROUP];
        int paired = paired(cols);
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols;
            for (int g = 0; g < paired; g += GROUP) {
                System.arraycopy(w, base + g, group, 0, GROUP);
                for (int k = 0; k < HALF; k++) {
                    w[base + g + 2 * k] = group[k];
                    w[base + g + 2 * k + 1] = group[HALF + k];
                }
            }
        }
    }
}
