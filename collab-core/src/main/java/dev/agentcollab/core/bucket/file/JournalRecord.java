package dev.agentcollab.core.bucket.file;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One committed batch in a bucket's journal. On disk: {@code u32 length | u32 crc32c(payload) | payload}, the
 * payload being UTF-8 lines {@code B <seq> <mtime-millis> <op-count>}, then per operation
 * {@code P <sha256> <size> <path>} or {@code D <path>} (copies are resolved to {@code P} before writing). Paths
 * cannot contain line breaks ({@code BucketPath} rejects control characters), so nothing needs escaping. A batch
 * is committed exactly when its record is complete and its checksum matches: a torn tail is a batch that never
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
     */
    record Put(String path, String hash, long size) implements Op {}

    /**
     * The file at {@code path} is removed (a no-op when there is none).
     *
     * @param path the path
     */
    record Delete(String path) implements Op {}

    byte[] encode() {
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
                    text.append("P ")
                            .append(p.hash)
                            .append(' ')
                            .append(p.size)
                            .append(' ')
                            .append(p.path)
                            .append('\n');
                case Delete d -> text.append("D ").append(d.path).append('\n');
            }
        }
        byte[] payload = text.toString().getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer out = ByteBuffer.allocate(HEADER + payload.length);
        out.putInt(payload.length).putInt((int) crc.getValue()).put(payload);
        return out.array();
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
     * Decodes records until the bytes end or a record is short, fails its checksum or does not parse.
     *
     * @param bytes journal bytes, starting at a record boundary
     * @return the complete records and their end
     */
    static Scan scan(byte[] bytes) {
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
            JournalRecord record = parse(new String(bytes, in.position(), length, StandardCharsets.UTF_8));
            if (record == null) {
                break;
            }
            in.position(in.position() + length);
            records.add(record);
            lengths.add(in.position() - end);
            end = in.position();
        }
        return new Scan(records, lengths, end);
    }

    private static JournalRecord parse(String payload) {
        String[] lines = payload.split("\n");
        try {
            String[] head = lines[0].split(" ");
            if (head.length != 4 || !head[0].equals("B")) {
                return null;
            }
            int count = Integer.parseInt(head[3]);
            if (lines.length != count + 1) {
                return null;
            }
            List<Op> ops = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                String line = lines[i];
                if (line.startsWith("P ")) {
                    String[] p = line.split(" ", 4);
                    ops.add(new Put(p[3], p[1], Long.parseLong(p[2])));
                } else if (line.startsWith("D ")) {
                    ops.add(new Delete(line.substring(2)));
                } else {
                    return null;
                }
            }
            return new JournalRecord(Long.parseLong(head[1]), Long.parseLong(head[2]), ops);
        } catch (RuntimeException malformed) {
            return null;
        }
    }
}
