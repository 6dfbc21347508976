package dev.agentcollab.core.service.board;

import java.util.function.LongConsumer;

/**
 * The 3-character grams of folded text, as {@code long} keys (three UTF-16 units, 16 bits each): the key space of
 * {@link TextIndex}. A needle that is a substring of a text has each of its grams among the text's grams, so the
 * messages holding every gram of a needle are a superset of those that contain it. Stateless.
 */
final class Trigrams {
    /** The shortest needle that has a gram; shorter ones are not answered from the index. */
    static final int MIN_LENGTH = 3;

    private Trigrams() {}

    /**
     * Calls an action with the key of each gram of a text, in order, repeats included.
     *
     * @param text a folded text
     * @param action called with each key
     */
    static void forEach(String text, LongConsumer action) {
        for (int i = 0; i + MIN_LENGTH <= text.length(); i++) {
            action.accept(key(text.charAt(i), text.charAt(i + 1), text.charAt(i + 2)));
        }
    }

    /**
     * The key of one gram.
     *
     * @param a the first unit
     * @param b the second unit
     * @param c the third unit
     * @return the key
     */
    static long key(char a, char b, char c) {
        return ((long) a << 32) | ((long) b << 16) | c;
    }
}
