package dev.agentcollab.core.service.verify;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Sets one entry of a flat index file of string values by splicing its bytes: the file as {@link PrettyJson} writes a
 * sorted map of strings (one {@code "key": "value"} line per entry, a trailing newline), so the new bytes are those
 * {@code PrettyJson.write(map with the entry set) + "\n"} would give, at the cost of finding the entry's line (a
 * binary search over the lines, each probe decoding one key) and copying the bytes once. Rendering the whole index
 * again cost a promotion 50–70 ms at 100,000 results; a copy of its 2.7 MB costs well under one.
 *
 * <p>The input must be such a rendering: a file a human saved (another indent, other escapes, values that are not
 * strings) is rendered whole once instead, which makes it one.
 */
final class IndexSplice {
    private static final byte[] OPEN = "{\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "}\n".getBytes(StandardCharsets.US_ASCII);

    private IndexSplice() {}

    /**
     * The rendering of a sorted map of strings, as {@link #put} keeps it.
     *
     * @param entries the map
     * @return {@code PrettyJson.write(entries) + "\n"} in UTF-8
     */
    static byte[] render(Map<String, String> entries) {
        return (PrettyJson.write(entries) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The rendering with one entry set, spliced into a rendering of the map before.
     *
     * @param canonical {@link #render} of the map before, unchanged since
     * @param key the entry's key
     * @param value its new value
     * @return the new rendering, or empty when {@code canonical} is not a non-empty rendering (render the map instead)
     */
    static Optional<byte[]> put(byte[] canonical, String key, String value) {
        int n = canonical.length;
        if (n < OPEN.length + CLOSE.length + 1 || !startsWith(canonical, OPEN) || !endsWith(canonical, CLOSE)) {
            return Optional.empty();
        }
        int first = OPEN.length;
        int close = n - CLOSE.length; // start of the "}" line
        byte[] line = line(key, value);
        int lo = first;
        int hi = close; // the insertion line lies in [lo, hi]; both are line starts
        while (lo < hi) {
            int start = lineStart(canonical, lo + (hi - lo) / 2, lo);
            String probe = keyAt(canonical, start);
            if (probe == null) {
                return Optional.empty();
            }
            int cmp = probe.compareTo(key);
            if (cmp == 0) {
                int end = valueEnd(canonical, start);
                return end < 0 ? Optional.empty() : Optional.of(splice(canonical, start, end, line));
            }
            if (cmp < 0) {
                lo = nextLine(canonical, start);
            } else {
                hi = start;
            }
        }
        if (lo < close) {
            return Optional.of(splice(canonical, lo, lo, concat(line, ",\n")));
        }
        // After the last entry: it gains a comma before its newline.
        return Optional.of(
                splice(canonical, close - 1, close - 1, concat(",\n".getBytes(StandardCharsets.US_ASCII), line)));
    }

    private static byte[] line(String key, String value) {
        return ("  " + PrettyJson.write(key) + ": " + PrettyJson.write(value)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, String b) {
        return concat(a, b.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The bytes with {@code [from, to)} replaced by {@code with}. */
    private static byte[] splice(byte[] bytes, int from, int to, byte[] with) {
        byte[] out = new byte[bytes.length - (to - from) + with.length];
        System.arraycopy(bytes, 0, out, 0, from);
        System.arraycopy(with, 0, out, from, with.length);
        System.arraycopy(bytes, to, out, from + with.length, bytes.length - to);
        return out;
    }

    /** The start of the line holding {@code at}, not before {@code floor} (itself a line start). */
    private static int lineStart(byte[] bytes, int at, int floor) {
        int i = at;
        while (i > floor && bytes[i - 1] != '\n') {
            i--;
        }
        return i;
    }

    /** The start of the line after the one starting at {@code start}. */
    private static int nextLine(byte[] bytes, int start) {
        int i = start;
        while (bytes[i] != '\n') {
            i++;
        }
        return i + 1;
    }

    /**
     * The key of the entry line starting at {@code start}: {@code "  \"key\": "}, the key with {@link PrettyJson}'s
     * escapes.
     *
     * @return the key, or {@code null} when the line is not such an entry
     */
    private static String keyAt(byte[] bytes, int start) {
        if (bytes[start] != ' ' || bytes[start + 1] != ' ' || bytes[start + 2] != '"') {
            return null;
        }
        int end = stringEnd(bytes, start + 2);
        return end < 0 ? null : unquote(bytes, start + 3, end);
    }

    /** The end of the entry line's value: just past its closing quote, before {@code ",\n"} or {@code "\n"}. */
    private static int valueEnd(byte[] bytes, int start) {
        int keyEnd = stringEnd(bytes, start + 2);
        int value = keyEnd + 3; // past the key's quote and ": "
        if (keyEnd < 0 || value >= bytes.length || bytes[value] != '"') {
            return -1;
        }
        int end = stringEnd(bytes, value);
        return end < 0 ? -1 : end + 1;
    }

    /** The index of the closing quote of the string whose opening quote is at {@code open}, or -1. */
    private static int stringEnd(byte[] bytes, int open) {
        for (int i = open + 1; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\\') {
                i++;
            } else if (b == '"') {
                return i;
            } else if (b == '\n') {
                return -1;
            }
        }
        return -1;
    }

    /** The text of a string's bytes between its quotes, undoing {@link PrettyJson}'s escapes. */
    private static String unquote(byte[] bytes, int from, int to) {
        ByteArrayOutputStream out = null;
        int run = from;
        for (int i = from; i < to; i++) {
            if (bytes[i] != '\\') {
                continue;
            }
            if (out == null) {
                out = new ByteArrayOutputStream(to - from);
            }
            out.write(bytes, run, i - run);
            char c =
                    switch (bytes[i + 1]) {
                        case 'b' -> '\b';
                        case 't' -> '\t';
                        case 'n' -> '\n';
                        case 'f' -> '\f';
                        case 'r' -> '\r';
                        case 'u' -> (char) Integer.parseInt(new String(bytes, i + 2, 4, StandardCharsets.US_ASCII), 16);
                        default -> (char) bytes[i + 1];
                    };
            out.write(c); // every escaped character is below 0x80
            i += bytes[i + 1] == 'u' ? 5 : 1;
            run = i + 1;
        }
        if (out == null) {
            return new String(bytes, from, to - from, StandardCharsets.UTF_8);
        }
        out.write(bytes, run, to - run);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWith(byte[] bytes, byte[] suffix) {
        for (int i = 0; i < suffix.length; i++) {
            if (bytes[bytes.length - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }
}
