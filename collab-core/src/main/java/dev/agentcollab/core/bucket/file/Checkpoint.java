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
 * Text, one line per file, sorted by path, in the {@link Manifest} format
 * ({@code <sha256> <size> <mtime-millis> <path>}); the line of a file whose content is in a pack starts with
 * {@code @<pack-seq> <offset> } (the content's size is the file's); then {@code E <entry-count>}, so that a
 * checkpoint cut short is recognised. Checkpoints written before pack files existed have no {@code @} lines and
 * read unchanged: their contents are all object files. The location sits on the entry's own line so that a
 * checkpoint of 100k packed files grows by about 15 bytes a line, not by a second line repeating the hash.
 *
 * @param entries the files by path
 * @param packed content hash to its place in a pack file
 */
record Checkpoint(NavigableMap<String, Manifest.Entry> entries, Map<String, Location> packed) {
    private static final String FORMAT = "expected '[@<pack> <offset> ]<sha256> <size> <mtime> <path>'";

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
        StringBuilder out = new StringBuilder(entries.size() * 130 + 16);
        entries.forEach((path, e) -> {
            Location l = packed.get(e.hash());
            if (l != null) {
                out.append('@').append(l.file()).append(' ').append(l.offset()).append(' ');
            }
            out.append(e.hash())
                    .append(' ')
                    .append(e.size())
                    .append(' ')
                    .append(e.mtimeMillis())
                    .append(' ')
                    .append(path)
                    .append('\n');
        });
        out.append("E ").append(entries.size()).append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes a checkpoint.
     *
     * @param bytes the file's bytes
     * @param where the file, for error messages
     * @return the checkpoint
     * @throws CollabException {@code INTERNAL} when it is incomplete (no {@code E} line, or fewer or more entries than
     *     that line counts) or has a malformed line: a checkpoint is only ever renamed into place whole, after it was
     *     forced, so either is damage (a torn temporary file lies in {@code tmp/}, never here), and reading on
     *     without it would roll the bucket back and let the next sweep delete what only it names
     */
    static Checkpoint decode(byte[] bytes, String where) {
        int end = bytes.length - 1;
        if (end < 0 || bytes[end] != '\n') {
            throw damaged(where, "it does not end with a complete line");
        }
        int start = end - 1;
        while (start >= 0 && bytes[start] != '\n') {
            start--;
        }
        String last = new String(bytes, start + 1, end - start - 1, StandardCharsets.UTF_8);
        if (!last.startsWith("E ")) {
            throw damaged(where, "its last line is not 'E <entry count>'");
        }
        long count;
        try {
            count = Long.parseLong(last.substring(2));
        } catch (NumberFormatException e) {
            throw damaged(where, "its last line is not 'E <entry count>'");
        }
        TreeMap<String, Manifest.Entry> entries = new TreeMap<>();
        Map<String, Location> packed = new HashMap<>();
        int linesEnd = start + 1;
        int at = 0;
        int lineNo = 0;
        while (at < linesEnd) {
            int eol = at;
            while (bytes[eol] != '\n') {
                eol++;
            }
            lineNo++;
            if (eol > at) {
                line(bytes, at, eol, entries, packed, where, lineNo);
            }
            at = eol + 1;
        }
        if (entries.size() != count) {
            throw damaged(where, "it holds " + entries.size() + " entries where its last line counts " + count);
        }
        return new Checkpoint(entries, packed);
    }

    private static CollabException damaged(String where, String what) {
        return CollabException.of(
                ErrorCode.INTERNAL,
                "damaged bucket checkpoint " + where + ": " + what + "; checkpoints are only ever renamed into place"
                        + " whole, so the bucket is not opened (reading on without it would lose the batches it"
                        + " holds)",
                "restore the bucket from a backup");
    }

    /** Parses one entry line between {@code from} and {@code end} (its line break) into the maps. */
    private static void line(
            byte[] bytes,
            int from,
            int end,
            TreeMap<String, Manifest.Entry> entries,
            Map<String, Location> packed,
            String where,
            int lineNo) {
        try {
            int[] at = {from};
            long pack = -1;
            long offset = -1;
            if (bytes[from] == '@') {
                at[0]++;
                pack = number(bytes, at, end);
                offset = number(bytes, at, end);
            }
            if (end - at[0] < 64 + 1 || bytes[at[0] + 64] != ' ') {
                throw new IllegalArgumentException(FORMAT);
            }
            String hash = new String(bytes, at[0], 64, StandardCharsets.ISO_8859_1);
            at[0] += 65;
            long size = number(bytes, at, end);
            long mtime = number(bytes, at, end);
            if (at[0] >= end) {
                throw new IllegalArgumentException(FORMAT);
            }
            String path = new String(bytes, at[0], end - at[0], StandardCharsets.UTF_8);
            entries.put(path, new Manifest.Entry(hash, size, mtime));
            if (pack >= 0) {
                packed.putIfAbsent(hash, Location.pack(pack, offset, size));
            }
        } catch (IllegalArgumentException e) {
            // A complete checkpoint (its E line is there) is only ever renamed into place whole: damage.
            throw CollabException.of(
                    ErrorCode.INTERNAL,
                    "corrupt bucket checkpoint " + where + " at line " + lineNo + ": " + e.getMessage(),
                    "checkpoints are only ever replaced atomically; restore the bucket from a backup");
        }
    }

    /** Parses a decimal number (a write time may be negative) ending at a space, and moves past the space. */
    private static long number(byte[] bytes, int[] at, int end) {
        boolean negative = at[0] < end && bytes[at[0]] == '-';
        int from = negative ? at[0] + 1 : at[0];
        int stop = from;
        while (stop < end && bytes[stop] != ' ') {
            stop++;
        }
        if (stop == from || stop == end || stop - from > 18) {
            throw new IllegalArgumentException(FORMAT);
        }
        long v = 0;
        for (int i = from; i < stop; i++) {
            int d = bytes[i] - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException(FORMAT);
            }
            v = v * 10 + d;
        }
        at[0] = stop + 1;
        return negative ? -v : v;
    }
}
