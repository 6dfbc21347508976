package dev.agentcollab.app;

import java.util.Objects;

/** A count with its noun in the right number, as the command line prints it: "1 file", "2 files", "0 replies". */
public final class Counted {
    private Counted() {}

    /**
     * A count and a noun whose plural adds {@code s}.
     *
     * @param n the count
     * @param noun the singular, e.g. {@code file}
     * @return e.g. {@code 1 file}, {@code 3 files}
     */
    public static String of(long n, String noun) {
        return of(n, noun, noun + "s");
    }

    /**
     * A count and a noun with its own plural.
     *
     * @param n the count
     * @param singular the singular, e.g. {@code reply}
     * @param plural the plural, e.g. {@code replies}
     * @return e.g. {@code 1 reply}, {@code 0 replies}
     */
    public static String of(long n, String singular, String plural) {
        Objects.requireNonNull(singular, "singular");
        Objects.requireNonNull(plural, "plural");
        return n + " " + (n == 1 ? singular : plural);
    }
}
