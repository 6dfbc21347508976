package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The state of one bucket at one moment: path to content hash, size and write time, sorted by path. Stored as one
 * text file, one line per file: {@code <sha256> <size> <mtime-millis> <path>}; a checkpoint adds a last line
 * {@code E <entry-count>}, so that a checkpoint cut short is recognised. Paths cannot contain line breaks
 * (control characters are invalid in {@link BucketPath}), so the format needs no escaping. The plain form (no
 * {@code E} line) is the legacy {@code manifest} file of buckets written before the journal. Immutable.
 *
 * @param entries the files by path
 */
record Manifest(NavigableMap<String, Entry> entries) {
    static final Manifest EMPTY = new Manifest(new TreeMap<>());

    Manifest {
        entries = Collections.unmodifiableNavigableMap(new TreeMap<>(entries));
    }

    /** One file: its content hash, size and write time. */
    record Entry(String hash, long size, long mtimeMillis) {
        BucketEntry toBucketEntry(String path) {
            return new BucketEntry(BucketPath.of(path), size, hash, Instant.ofEpochMilli(mtimeMillis));
        }
    }

    byte[] encode() {
        return encode(entries, false);
    }

    static byte[] encodeCheckpoint(NavigableMap<String, Entry> entries) {
        return encode(entries, true);
    }

    private static byte[] encode(NavigableMap<String, Entry> entries, boolean checkpoint) {
        StringBuilder out = new StringBuilder(entries.size() * 120 + 16);
        entries.forEach((path, e) -> out.append(e.hash)
                .append(' ')
                .append(e.size)
                .append(' ')
                .append(e.mtimeMillis)
                .append(' ')
                .append(path)
                .append('\n'));
        if (checkpoint) {
            out.append("E ").append(entries.size()).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes a checkpoint.
     *
     * @return the entries, or {@code null} when the checkpoint is incomplete (no matching {@code E} line)
     */
    static NavigableMap<String, Entry> decodeCheckpoint(byte[] bytes, String where) {
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
        Manifest m = decode(java.util.Arrays.copyOf(bytes, start + 1), where);
        try {
            return Long.parseLong(last.substring(2)) == m.entries().size() ? m.entries() : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Manifest decode(byte[] bytes, String where) {
        TreeMap<String, Entry> map = new TreeMap<>();
        String text = new String(bytes, StandardCharsets.UTF_8);
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split(" ", 4);
            try {
                if (parts.length != 4 || parts[0].length() != 64) {
                    throw new IllegalArgumentException("expected '<sha256> <size> <mtime> <path>'");
                }
                map.put(parts[3], new Entry(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2])));
            } catch (IllegalArgumentException e) {
                throw CollabException.of(
                        ErrorCode.INTERNAL,
                        "corrupt bucket manifest " + where + " at line " + lineNo + ": " + e.getMessage(),
                        "the manifest is only ever replaced atomically; restore it from a backup");
            }
        }
        return new Manifest(map);
    }
}
