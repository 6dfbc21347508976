package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A checkpoint file: every file of the bucket as of one batch, and where the contents that live in pack files are.
 * Text, one line per file in the {@link Manifest} format ({@code <sha256> <size> <mtime-millis> <path>}, sorted by
 * path), then one line per packed content, {@code L <sha256> <pack-seq> <offset> <size>}, then
 * {@code E <entry-count>}, so that a checkpoint cut short is recognised. Checkpoints written before pack files
 * existed have no {@code L} lines and read unchanged: their contents are all object files.
 *
 * @param entries the files by path
 * @param packed content hash to its place in a pack file
 */
record Checkpoint(NavigableMap<String, Manifest.Entry> entries, Map<String, Location> packed) {
    Checkpoint {
        // Not copied: a checkpoint of 100k files is decoded at every start, and only this package builds them.
        entries = Collections.unmodifiableNavigableMap(entries);
        packed = Collections.unmodifiableMap(packed);
        for (Location l : packed.values()) {
            if (!l.pack()) {
                throw new IllegalArgumentException("a checkpoint can only name pack files, not " + l);
            }
        }
    }

    static byte[] encode(NavigableMap<String, Manifest.Entry> entries, Map<String, Location> packed) {
        StringBuilder out = new StringBuilder(entries.size() * 120 + packed.size() * 90 + 16);
        out.append(new String(Manifest.encodeLines(entries), StandardCharsets.UTF_8));
        new TreeMap<>(packed).forEach((hash, l) -> out.append("L ")
                .append(hash)
                .append(' ')
                .append(l.file())
                .append(' ')
                .append(l.offset())
                .append(' ')
                .append(l.size())
                .append('\n'));
        out.append("E ").append(entries.size()).append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes a checkpoint.
     *
     * @param bytes the file's bytes
     * @param where the file, for error messages
     * @return the checkpoint, or {@code null} when it is incomplete (no matching {@code E} line)
     */
    static Checkpoint decode(byte[] bytes, String where) {
        int end = bytes.length - 1;
        if (end < 0 || bytes[end] != '\n') {
            return null;
        }
        int start = end - 1;
        while (start >= 0 && bytes[start] != '\n') {
            start--;
        }
        String last = new String(bytes, start + 1, end - start - 1, StandardCharsets.UTF_8);
        if (!last.startsWith("E ")) {
            return null;
        }
        long count;
        try {
            count = Long.parseLong(last.substring(2));
        } catch (NumberFormatException e) {
            return null;
        }
        // The L lines follow the entries: find where they begin, scanning back from the E line.
        int linesEnd = start + 1;
        int split = linesEnd;
        while (split > 0) {
            int lineStart = split - 1;
            while (lineStart > 0 && bytes[lineStart - 1] != '\n') {
                lineStart--;
            }
            if (bytes[lineStart] != 'L' || lineStart + 1 >= bytes.length || bytes[lineStart + 1] != ' ') {
                break;
            }
            split = lineStart;
        }
        Map<String, Location> packed = new HashMap<>();
        int at = split;
        while (at < linesEnd) {
            int eol = at;
            while (bytes[eol] != '\n') {
                eol++;
            }
            packLine(bytes, at, eol, where, packed);
            at = eol + 1;
        }
        Manifest m = Manifest.decode(java.util.Arrays.copyOf(bytes, split), where);
        return m.entries().size() == count ? new Checkpoint(m.entries(), packed) : null;
    }

    /** Parses {@code L <sha256> <pack> <offset> <size>} between {@code from} and {@code end} (the line break). */
    private static void packLine(byte[] bytes, int from, int end, String where, Map<String, Location> into) {
        try {
            // "L " + 64 hex digits + " ": the numbers follow, separated by single spaces.
            if (end - from < 2 + 64 + 6 || bytes[from + 2 + 64] != ' ') {
                throw new IllegalArgumentException("expected 'L <sha256> <pack> <offset> <size>'");
            }
            String hash = new String(bytes, from + 2, 64, StandardCharsets.ISO_8859_1);
            long[] numbers = new long[3];
            int at = from + 2 + 64 + 1;
            for (int k = 0; k < 3; k++) {
                int stop = at;
                while (stop < end && bytes[stop] != ' ') {
                    stop++;
                }
                if (stop == at || (k < 2) == (stop == end)) {
                    throw new IllegalArgumentException("expected 'L <sha256> <pack> <offset> <size>'");
                }
                numbers[k] = parseLong(bytes, at, stop);
                at = stop + 1;
            }
            into.put(hash, Location.pack(numbers[0], numbers[1], numbers[2]));
        } catch (IllegalArgumentException e) {
            // A complete checkpoint (its E line is there) is only ever renamed into place whole: damage.
            throw CollabException.of(
                    ErrorCode.INTERNAL,
                    "corrupt bucket checkpoint " + where + " at '"
                            + new String(bytes, from, end - from, StandardCharsets.UTF_8) + "': " + e.getMessage(),
                    "checkpoints are only ever replaced atomically; restore the bucket from a backup");
        }
    }

    private static long parseLong(byte[] bytes, int from, int end) {
        if (end - from > 18) {
            throw new NumberFormatException("number too long");
        }
        long v = 0;
        for (int i = from; i < end; i++) {
            int d = bytes[i] - '0';
            if (d < 0 || d > 9) {
                throw new NumberFormatException("not a digit: " + (char) bytes[i]);
            }
            v = v * 10 + d;
        }
        return v;
    }
}
