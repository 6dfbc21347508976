package dev.agentcollab.testkit.hub;

import java.io.ByteArrayOutputStream;
import org.apache.commons.codec.digest.XXHash32;

/**
 * A small, fast LZ4 frame writer for the fake CAS, so that it can serve xorb chunks compressed the way clients
 * upload them: 64 KiB blocks, no checksums, and blocks either independent (xet-core's {@code lz4_flex}) or linked
 * (huggingface.js's lz4js), where matches reach back into the previous block. Greedy matching with a hash table;
 * the output is a valid frame (LZ4 frame format 1.6.x), not the smallest one.
 */
final class FakeLz4 {
    private static final int BLOCK = 64 * 1024;
    private static final int MIN_MATCH = 4;
    private static final int LAST_LITERALS = 5;
    private static final int MATCH_LIMIT = 12;
    private static final int MAX_OFFSET = 65_535;

    private FakeLz4() {}

    static byte[] frame(byte[] data, boolean linked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] descriptor = {(byte) (linked ? 0x40 : 0x60), 0x40};
        out.writeBytes(new byte[] {0x04, 0x22, 0x4D, 0x18});
        out.writeBytes(descriptor);
        XXHash32 hc = new XXHash32(0);
        hc.update(descriptor, 0, descriptor.length);
        out.write((int) (hc.getValue() >>> 8) & 0xFF);
        int[] table = new int[1 << 16];
        for (int start = 0; start < data.length; start += BLOCK) {
            int end = Math.min(data.length, start + BLOCK);
            if (!linked) {
                java.util.Arrays.fill(table, -1);
            } else if (start == 0) {
                java.util.Arrays.fill(table, -1);
            }
            byte[] block = block(data, start, end, linked ? 0 : start, table);
            writeLe32(out, block.length);
            out.writeBytes(block);
        }
        writeLe32(out, 0);
        return out.toByteArray();
    }

    /** Compresses {@code [start, end)}; matches may start at {@code windowStart} or later (and within 64 KiB). */
    private static byte[] block(byte[] src, int start, int end, int windowStart, int[] table) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int anchor = start;
        int i = start;
        while (i < end - MATCH_LIMIT) {
            int h = hash(src, i);
            int ref = table[h];
            table[h] = i;
            if (ref >= windowStart && ref >= 0 && i - ref <= MAX_OFFSET && same4(src, ref, i)) {
                int len = MIN_MATCH;
                while (i + len < end - LAST_LITERALS && src[ref + len] == src[i + len]) {
                    len++;
                }
                sequence(out, src, anchor, i - anchor, i - ref, len);
                i += len;
                anchor = i;
            } else {
                i++;
            }
        }
        int literals = end - anchor;
        out.write(Math.min(literals, 15) << 4);
        length(out, literals);
        out.write(src, anchor, literals);
        return out.toByteArray();
    }

    private static void sequence(ByteArrayOutputStream out, byte[] src, int from, int literals, int offset, int match) {
        int m = match - MIN_MATCH;
        out.write(Math.min(literals, 15) << 4 | Math.min(m, 15));
        length(out, literals);
        out.write(src, from, literals);
        out.write(offset & 0xFF);
        out.write(offset >>> 8);
        length(out, m);
    }

    /** The extra length bytes of a 4-bit field that holds 15: 255s, then the rest. */
    private static void length(ByteArrayOutputStream out, int n) {
        if (n < 15) {
            return;
        }
        n -= 15;
        while (n >= 255) {
            out.write(255);
            n -= 255;
        }
        out.write(n);
    }

    private static int hash(byte[] b, int i) {
        int v = (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
        return (v * -1640531535) >>> 16;
    }

    private static boolean same4(byte[] b, int x, int y) {
        return b[x] == b[y] && b[x + 1] == b[y + 1] && b[x + 2] == b[y + 2] && b[x + 3] == b[y + 3];
    }

    private static void writeLe32(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
        out.write((v >>> 16) & 0xFF);
        out.write((v >>> 24) & 0xFF);
    }
}
