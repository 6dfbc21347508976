package dev.agentcollab.core.service.board;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.core.service.internal.SnapshotFiles;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The board index saved to a local file, so that a restart loads it instead of reading every board message again.
 * It holds, per message filename, the content hash it was indexed at and its keys ({@link BoardIndex.Meta}); the
 * keys are a pure function of the content, so the index checks every entry against the board's listing when it
 * loads a snapshot: an entry whose hash differs from the listed one, or a listed file without an entry, is read
 * and parsed again, and an entry whose file is no longer listed is dropped. A snapshot is therefore never trusted
 * beyond what the listing confirms.
 *
 * <p>Format (version {@value #VERSION}): the magic {@code CBIX}, the version, the central bucket's id, the entry
 * count, each entry as six length-prefixed UTF-8 strings (filename, hash, channel, thread, type, via), then
 * the CRC-32C of everything before it. A file that is truncated, fails its checksum, has another magic or version,
 * or was written for another bucket is ignored with a log line (the index is then built from the store, as without
 * a snapshot). Written atomically: a temporary file in the same folder, forced to disk, renamed over the target.
 * Stateless; callers serialise writes to one file.
 */
final class BoardIndexSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(BoardIndexSnapshot.class);
    private static final int MAGIC = 0x43424958; // "CBIX"
    static final int VERSION = 2; // 2: type and via as Python's str() writes them (null is "None")
    private static final int MAX_STRING = 1 << 20;

    private BoardIndexSnapshot() {}

    /**
     * Reads a snapshot.
     *
     * @param file the snapshot file
     * @param bucket the central bucket it must have been written for
     * @return the entries by filename, or empty when the file is absent or not a valid snapshot of this bucket
     */
    static Optional<Map<String, BoardIndex.Meta>> read(Path file, BucketId bucket) {
        Optional<DataInputStream> opened;
        try {
            opened = SnapshotFiles.open(file, MAGIC, VERSION, "board index snapshot");
        } catch (SnapshotFiles.Unusable e) {
            return ignored(file, e.getMessage());
        }
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        try (DataInputStream in = opened.get()) {
            String owner = string(in);
            if (!owner.equals(bucket.toString())) {
                return ignored(file, "it was written for bucket " + owner + ", not " + bucket);
            }
            int count = in.readInt();
            if (count < 0) {
                return ignored(file, "its entry count is negative");
            }
            Map<String, BoardIndex.Meta> out = new HashMap<>(Math.min(count, 1 << 20) * 4 / 3 + 1);
            Map<String, String> values = new HashMap<>(); // channel, thread, type and via values repeat: one copy each
            for (int i = 0; i < count; i++) {
                String filename = string(in);
                String hash = string(in);
                out.put(
                        filename,
                        new BoardIndex.Meta(
                                hash,
                                shared(values, string(in)),
                                shared(values, string(in)),
                                shared(values, string(in)),
                                shared(values, string(in))));
            }
            if (in.available() > 0) {
                return ignored(file, "it has bytes after its last entry");
            }
            return Optional.of(out);
        } catch (EOFException e) {
            return ignored(file, "it ends inside an entry");
        } catch (IOException | RuntimeException e) {
            return ignored(file, "it could not be decoded (" + e + ")");
        }
    }

    private static Optional<Map<String, BoardIndex.Meta>> ignored(Path file, String why) {
        LOG.warn("board index snapshot {} ignored, the index is built from the store: {}", file, why);
        return Optional.empty();
    }

    private static String shared(Map<String, String> values, String value) {
        String known = values.putIfAbsent(value, value);
        return known == null ? value : known;
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_STRING) {
            throw new IOException("a string length of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Writes a snapshot atomically, replacing the previous one.
     *
     * @param file the snapshot file (its folder is created when missing)
     * @param bucket the central bucket
     * @param entries the entries by filename
     * @throws IOException when the file cannot be written; the previous snapshot is then left as it was
     */
    static void write(Path file, BucketId bucket, Map<String, BoardIndex.Meta> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + entries.size() * 160);
        CRC32C crc = new CRC32C();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes, 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            string(out, bucket.toString());
            out.writeInt(entries.size());
            for (Map.Entry<String, BoardIndex.Meta> e : entries.entrySet()) {
                BoardIndex.Meta m = e.getValue();
                string(out, e.getKey());
                string(out, m.hash());
                string(out, m.channel());
                string(out, m.thread());
                string(out, m.type());
                string(out, m.via());
            }
        }
        byte[] body = bytes.toByteArray();
        crc.update(body);
        SnapshotFiles.write(file, body, SnapshotFiles.tail(crc));
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
