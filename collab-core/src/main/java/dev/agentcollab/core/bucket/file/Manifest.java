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
 * text file, one line per file: {@code <sha256> <size> <mtime-millis> <path>}. Paths cannot contain line breaks
 * (control characters are invalid in {@link BucketPath}), so the format needs no escaping. This is the legacy
 * {@code manifest} file of buckets written before the journal, read once to convert it; {@link Checkpoint} writes
 * and reads the same lines with an {@code E <entry-count>} line at the end. Immutable.
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
