package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One committed batch in a bucket's journal. On disk: {@code u32 length | u32 crc32c(payload) | payload}, the
 * payload being UTF-8 lines {@code B <seq> <mtime-millis> <op-count>}, then per operation
 * {@code P <sha256> <size> <path>}, {@code I <sha256> <size> <path>} or {@code D <path>} (copies are resolved to
 * {@code P} or {@code I} before writing), then the contents of the {@code I} operations, back to back in their
 * order ({@code size} bytes each). An {@code I} put carries its content in the record, and the record is where the
 * content lives until a compaction moves it into a pack file: no object file is written for it. Paths cannot
 * contain line breaks ({@code BucketPath} rejects control characters), so nothing needs escaping. A batch is
 * committed exactly when its record is complete and its checksum matches: a torn tail is a batch that never
 * committed.
 *
 * @param seq the batch's sequence number, one more than the previous batch's
 * @param mtimeMillis the write time of every file the batch puts
 * @param ops the operations, in order
 */
record JournalRecord(long seq, long mtimeMillis, List<Op> ops) {
    private static final int HEADER = 8;

    JournalRecord {
        ops = List.copyOf(ops);
    }

    /** One operation of a batch. */
    sealed interface Op {
        /**
         * The path the operation changes.
         *
         * @return the path
         */
        String path();
    }

    /**
     * The file at {@code path} now holds the object {@code hash}.
     *
     * @param path the path
     * @param hash the content's SHA-256
     * @param size the content's size
     * @param content the content when the record carries it (an {@code I} line), else {@code null}
     */
    record Put(String path, String hash, long size, byte[] content) implements Op {
        Put {
            if (content != null && content.length != size) {
                throw new IllegalArgumentException("inline content of " + path + " is not " + size + " bytes");
            }
        }

        /** A put whose content is only in its object file (a {@code P} line). */
        Put(String path, String hash, long size) {
            this(path, hash, size, null);
        }

        /** Whether the record carries the content. */
        boolean inline() {
            return content != null;
        }
    }

    /**
     * The file at {@code path} is removed (a no-op when there is none).
     *
     * @param path the path
     */
    record Delete(String path) implements Op {}

    /** The size of a record's header on disk: its length and its checksum. */
    static final int RECORD_HEADER = HEADER;

    byte[] encode() {
        byte[] lines = lines();
        int inlineBytes = 0;
        for (Op op : ops) {
            if (op instanceof Put p && p.inline()) {
                inlineBytes += p.content.length;
            }
        }
        ByteBuffer payload = ByteBuffer.allocate(Math.addExact(lines.length, inlineBytes));
        payload.put(lines);
        for (Op op : ops) {
            if (op instanceof Put p && p.inline()) {
                payload.put(p.content);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(payload.array());
        ByteBuffer out = ByteBuffer.allocate(HEADER + payload.capacity());
        out.putInt(payload.capacity()).putInt((int) crc.getValue()).put(payload.array());
        return out.array();
    }

    /**
     * Where the contents of the {@code I} operations begin, counted from the start of the record on disk: they
     * follow, back to back in op order, so that the index can serve them from the journal without keeping them.
     *
     * @return the offset of the first inline content within the encoded record
     */
    int inlineStart() {
        return HEADER + lines().length;
    }

    private byte[] lines() {
        StringBuilder text = new StringBuilder(64 + ops.size() * 100);
        text.append("B ")
                .append(seq)
                .append(' ')
                .append(mtimeMillis)
                .append(' ')
                .append(ops.size())
                .append('\n');
        for (Op op : ops) {
            switch (op) {
                case Put p ->
                    text.append(p.inline() ? "I " : "P ")
                            .append(p.hash)
                            .append(' ')
                            .append(p.size)
                            .append(' ')
                            .append(p.path)
                            .append('\n');
                case Delete d -> text.append("D ").append(d.path).append('\n');
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The complete records at the start of {@code bytes}, and where they end.
     *
     * @param records the records, in order
     * @param lengths each record's length on disk
     * @param end the offset just after the last complete record; anything after it is a torn tail
     */
    record Scan(List<JournalRecord> records, List<Integer> lengths, int end) {}

    /**
     * Decodes records until the bytes end, a record is short or a record fails its checksum: those are a torn
     * tail, a batch that never committed, which the next writer cuts. A record that is complete and whose checksum
     * matches but that does not parse was not torn: a newer version of this store wrote it (a kind of line this
     * code does not know) or the disk damaged it. Cutting it would drop a committed batch and every batch after
     * it, so it stops the bucket with an error instead, and nothing is cut.
     *
     * @param bytes journal bytes, starting at a record boundary
     * @return the complete records and their end
     * @throws CollabException {@code INTERNAL} for a complete record this code cannot read
     */
    static Scan scan(byte[] bytes) {
        return scan(bytes, "the journal", 0);
    }

    /**
     * As {@link #scan(byte[])}, naming the journal and the tail's offset in it in the error.
     *
     * @param bytes journal bytes, starting at a record boundary
     * @param where the journal file, for the error
     * @param offset where {@code bytes} start in that file, for the error
     * @return the complete records and their end
     */
    static Scan scan(byte[] bytes, String where, long offset) {
        List<JournalRecord> records = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int end = 0;
        while (in.remaining() >= HEADER) {
            int length = in.getInt();
            int crc = in.getInt();
            if (length < 0 || length > in.remaining()) {
                break;
            }
            CRC32C check = new CRC32C();
            check.update(bytes, in.position(), length);
            if ((int) check.getValue() != crc) {
                break;
            }
            if (length == 0) {
                break; // a zero-filled tail: an empty payload's checksum is 0 too, and this code writes none
            }
            JournalRecord record = parse(bytes, in.position(), length);
            if (record == null) {
                throw unreadable(where, offset + end, bytes, in.position(), length);
            }
            in.position(in.position() + length);
            records.add(record);
            lengths.add(in.position() - end);
            end = in.position();
        }
        return new Scan(records, lengths, end);
    }

    private static CollabException unreadable(String where, long offset, byte[] bytes, int from, int length) {
        String start = new String(bytes, from, Math.min(length, 40), StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElse("");
        return CollabException.of(
                ErrorCode.INTERNAL,
                "unreadable record in bucket journal " + where + " at byte " + offset + " (it begins '" + start
                        + "'): it is complete and its checksum matches, so it is a committed batch, not a torn"
                        + " write; nothing was cut",
                "if a newer version of agent-collab wrote this bucket, run that version; if the disk damaged it,"
                        + " restore the bucket from a backup");
    }

    private static JournalRecord parse(byte[] bytes, int from, int length) {
        int end = from + length;
        try {
            int at = from;
            int eol = lineEnd(bytes, at, end);
            String[] head = new String(bytes, at, eol - at, StandardCharsets.UTF_8).split(" ");
            at = eol + 1;
            if (head.length != 4 || !head[0].equals("B")) {
                return null;
            }
            int count = Integer.parseInt(head[3]);
            List<Op> ops = new ArrayList<>(count);
            List<Integer> inline = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                eol = lineEnd(bytes, at, end);
                String line = new String(bytes, at, eol - at, StandardCharsets.UTF_8);
                at = eol + 1;
                if (line.startsWith("P ") || line.startsWith("I ")) {
                    String[] p = line.split(" ", 4);
                    ops.add(new Put(p[3], p[1], Long.parseLong(p[2])));
                    if (line.charAt(0) == 'I') {
                        inline.add(ops.size() - 1);
                    }
                } else if (line.startsWith("D ")) {
                    ops.add(new Delete(line.substring(2)));
                } else {
                    return null;
                }
            }
            for (int k : inline) {
                Put p = (Put) ops.get(k);
                int size = Math.toIntExact(p.size());
                if (size > end - at) {
                    return null;
                }
                ops.set(k, new Put(p.path(), p.hash(), size, Arrays.copyOfRange(bytes, at, at + size)));
                at += size;
            }
            if (at != end) {
                return null; // trailing bytes: not a record this code wrote
            }
            return new JournalRecord(Long.parseLong(head[1]), Long.parseLong(head[2]), ops);
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    /** The index of the line break ending the line at {@code from}; throws when there is none before {@code end}. */
    private static int lineEnd(byte[] bytes, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated line");
    }
}
