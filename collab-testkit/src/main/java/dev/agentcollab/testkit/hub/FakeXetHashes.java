package dev.agentcollab.testkit.hub;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.codec.digest.Blake3;

/**
 * The fake CAS's own, independent implementation of the Xet hashes it checks uploads with (it does not share code
 * with the SDK's uploader, so the two check each other): BLAKE3-keyed chunk hashes, the Merkle aggregation behind
 * xorb and file hashes, verification range hashes, and Xet's hash text form (each 8-byte group byte-reversed).
 * Hashes are raw 32-byte arrays.
 */
final class FakeXetHashes {
    private static final byte[] DATA_KEY = bytes(
            102, 151, 245, 119, 91, 149, 80, 222, 49, 53, 203, 172, 165, 151, 24, 28, 157, 228, 33, 16, 155, 235, 43,
            88, 180, 208, 176, 75, 147, 173, 242, 41);
    private static final byte[] NODE_KEY = bytes(
            1, 126, 197, 199, 165, 71, 41, 150, 253, 148, 102, 102, 180, 138, 2, 230, 93, 221, 83, 111, 55, 199, 109,
            210, 248, 99, 82, 230, 74, 83, 113, 63);
    private static final byte[] VERIFICATION_KEY = bytes(
            127, 24, 87, 214, 206, 86, 237, 102, 18, 127, 249, 19, 231, 165, 195, 243, 164, 205, 38, 213, 181, 219, 73,
            230, 65, 36, 152, 127, 40, 251, 148, 195);

    /** A Merkle input: a raw hash and the bytes it covers. */
    record Node(byte[] hash, long size) {}

    private FakeXetHashes() {}

    static byte[] chunk(byte[] data) {
        return keyed(DATA_KEY, data);
    }

    static byte[] range(List<byte[]> chunkHashes) {
        byte[] all = new byte[32 * chunkHashes.size()];
        for (int i = 0; i < chunkHashes.size(); i++) {
            System.arraycopy(chunkHashes.get(i), 0, all, 32 * i, 32);
        }
        return keyed(VERIFICATION_KEY, all);
    }

    static byte[] root(List<Node> nodes) {
        if (nodes.isEmpty()) {
            return new byte[32];
        }
        List<Node> level = nodes;
        while (level.size() > 1) {
            List<Node> up = new ArrayList<>();
            int i = 0;
            while (i < level.size()) {
                int end = groupEnd(level, i);
                StringBuilder text = new StringBuilder();
                long size = 0;
                for (Node n : level.subList(i, end)) {
                    text.append(hex(n.hash())).append(" : ").append(n.size()).append('\n');
                    size += n.size();
                }
                up.add(new Node(keyed(NODE_KEY, text.toString().getBytes(StandardCharsets.US_ASCII)), size));
                i = end;
            }
            level = up;
        }
        return level.get(0).hash();
    }

    /** The file hash with the all-zero salt the Hub uses; zero for no chunks. */
    static byte[] file(List<Node> chunks) {
        return chunks.isEmpty() ? new byte[32] : keyed(new byte[32], root(chunks));
    }

    static String hex(byte[] hash) {
        return HexFormat.of().formatHex(swap(hash));
    }

    static byte[] fromHex(String hex) {
        return swap(HexFormat.of().parseHex(hex));
    }

    /** Groups run 2 to 9 nodes; one ends early after a node (third or later) whose last word is 0 mod 4. */
    private static int groupEnd(List<Node> level, int start) {
        int left = level.size() - start;
        if (left <= 2) {
            return level.size();
        }
        int max = Math.min(9, left);
        for (int k = 2; k < max; k++) {
            byte[] h = level.get(start + k).hash();
            if ((h[24] & 3) == 0) {
                return start + k + 1;
            }
        }
        return start + max;
    }

    private static byte[] swap(byte[] in) {
        if (in.length != 32) {
            throw new IllegalArgumentException("a Xet hash has 32 bytes");
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = in[(i / 8) * 8 + 7 - i % 8];
        }
        return out;
    }

    private static byte[] keyed(byte[] key, byte[] data) {
        byte[] out = new byte[32];
        Blake3.initKeyedHash(key).update(data).doFinalize(out);
        return out;
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }
}
