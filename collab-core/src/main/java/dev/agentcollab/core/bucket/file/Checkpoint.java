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
 * A checkpoint file: every file of the bucket as of one batch, and where the contents that live in pack files
 * are. Text, one line per file in the {@link Manifest} format ({@code <sha256> <size> <mtime-millis> <path>},
 * sorted by path), then one line per packed content, {@code L <sha256> <pack-seq> <offset> <size>}, then {@code E <entry-count>}, so that a checkpoint cut short is recognised.
 * Checkpoints written before pack files existed have no {@code L} lines and read unchanged: their contents are all
 * object files.
 *
 * @param entries the files by path
 * @param packed content hash to its place in a pack file
 */
record Checkpoint(NavigableMap<String, Manifest.Entry> entries, Map<String, Location> packed) {
    Checkpoint {
        entries = Collections.unmodifiableNavigableMap(new TreeMap<>(entries));
        packed = Map.copyOf(packed);
        for (Location l : packed.values()) {
            if (!l.pack()) {
                throw new IllegalArgumentException("a checkpoint can only name pack files, not " + l);
            }
        }
    }

    static byte[] encode(NavigableMap<String, Manifest.Entry> entries, Map<String, Location> packed) {
        StringBuilder out = new StringBuilder(entries.size() * 120 + packed.size() * 90 + 16);
        out.append(new String(Manifest.encodeLines(entries), StandardCharsets.UTF_8));
        new TreeMap<>(packed)
                .forEach((hash, l) -> out.append("L ")
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
        String tail = new String(bytes, split, linesEnd - split, StandardCharsets.UTF_8);
        for (String line : tail.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split(" ");
            try {
                if (parts.length != 5 || parts[1].length() != 64) {
                    throw new IllegalArgumentException("expected 'L <sha256> <pack> <offset> <size>'");
                }
                packed.put(
                        parts[1],
                        Location.pack(Long.parseLong(parts[2]), Long.parseLong(parts[3]), Long.parseLong(parts[4])));
            } catch (IllegalArgumentException e) {
                // A complete checkpoint (its E line is there) is only ever renamed into place whole: damage.
                throw CollabException.of(
                        ErrorCode.INTERNAL,
                        "corrupt bucket checkpoint " + where + " at '" + line + "': " + e.getMessage(),
                        "checkpoints are only ever replaced atomically; restore the bucket from a backup");
            }
        }
        Manifest m = Manifest.decode(java.util.Arrays.copyOf(bytes, split), where);
        return m.entries().size() == count ? new Checkpoint(m.entries(), packed) : null;
    }
}
