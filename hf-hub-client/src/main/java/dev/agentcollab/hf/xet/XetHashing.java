package dev.agentcollab.hf.xet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.codec.digest.Blake3;

/**
 * Xet's hash functions, all BLAKE3 in keyed mode with fixed 32-byte keys from xet-core:
 *
 * <ul>
 *   <li>chunk hash: BLAKE3 keyed with the data key over the chunk bytes;
 *   <li>internal Merkle node: BLAKE3 keyed with the internal-node key over the text lines
 *       {@code "<hex of child> : <child size>\n"} of 2 to 9 children; a group ends after the first child (from the
 *       third on) whose hash's last 64-bit word is divisible by 4, else after 9 children; levels repeat until one
 *       hash is left;
 *   <li>xorb hash: the Merkle root of the xorb's chunks (zero for no chunks);
 *   <li>file hash: BLAKE3 keyed with a 32-byte salt (all zero for the Hub) over the root of the file's chunks;
 *   <li>verification (range) hash of a shard term: BLAKE3 keyed with the verification key over the raw bytes of
 *       the term's chunk hashes.
 * </ul>
 *
 * Stateless and thread safe.
 */
public final class XetHashing {
    private static final byte[] DATA_KEY = key(
            102, 151, 245, 119, 91, 149, 80, 222, 49, 53, 203, 172, 165, 151, 24, 28, 157, 228, 33, 16, 155, 235, 43,
            88, 180, 208, 176, 75, 147, 173, 242, 41);
    private static final byte[] INTERNAL_NODE_KEY = key(
            1, 126, 197, 199, 165, 71, 41, 150, 253, 148, 102, 102, 180, 138, 2, 230, 93, 221, 83, 111, 55, 199, 109,
            210, 248, 99, 82, 230, 74, 83, 113, 63);
    private static final byte[] VERIFICATION_KEY = key(
            127, 24, 87, 214, 206, 86, 237, 102, 18, 127, 249, 19, 231, 165, 195, 243, 164, 205, 38, 213, 181, 219, 73,
            230, 65, 36, 152, 127, 40, 251, 148, 195);
    private static final int MEAN_BRANCHING = 4;
    private static final int MAX_GROUP = 2 * MEAN_BRANCHING + 1;

    private XetHashing() {}

    /**
     * Hashes one chunk.
     *
     * @param data the buffer
     * @param offset where the chunk starts
     * @param length its length
     * @return the chunk hash
     */
    public static XetHash chunkHash(byte[] data, int offset, int length) {
        return keyed(DATA_KEY, data, offset, length);
    }

    /**
     * The Merkle root of a sequence (the xorb hash of a xorb's chunks).
     *
     * @param leaves the chunks in order
     * @return the root, {@link XetHash#ZERO} for no leaves
     */
    public static XetHash xorbHash(List<XetLeaf> leaves) {
        if (leaves.isEmpty()) {
            return XetHash.ZERO;
        }
        List<XetLeaf> level = leaves;
        while (level.size() > 1) {
            List<XetLeaf> next = new ArrayList<>();
            int from = 0;
            while (from < level.size()) {
                int to = from + cut(level.subList(from, level.size()));
                next.add(merge(level.subList(from, to)));
                from = to;
            }
            level = next;
        }
        return level.get(0).hash();
    }

    /**
     * The file hash the Hub uses (salt of 32 zero bytes).
     *
     * @param leaves the file's chunks in order
     * @return the file hash, {@link XetHash#ZERO} for an empty file
     */
    public static XetHash fileHash(List<XetLeaf> leaves) {
        return fileHash(leaves, new byte[XetHash.LENGTH]);
    }

    /**
     * A file hash with an explicit salt.
     *
     * @param leaves the file's chunks in order
     * @param salt 32 bytes
     * @return the salted root, {@link XetHash#ZERO} for an empty file
     */
    public static XetHash fileHash(List<XetLeaf> leaves, byte[] salt) {
        if (salt.length != XetHash.LENGTH) {
            throw new IllegalArgumentException("the salt has 32 bytes");
        }
        if (leaves.isEmpty()) {
            return XetHash.ZERO;
        }
        byte[] root = xorbHash(leaves).bytes();
        return keyed(salt, root, 0, root.length);
    }

    /**
     * The verification hash of a shard term: the hash over the raw bytes of its chunk hashes.
     *
     * @param chunkHashes the hashes of the chunks the term covers, in order
     * @return the range hash
     */
    public static XetHash rangeHash(List<XetHash> chunkHashes) {
        byte[] all = new byte[chunkHashes.size() * XetHash.LENGTH];
        for (int i = 0; i < chunkHashes.size(); i++) {
            System.arraycopy(chunkHashes.get(i).bytes(), 0, all, i * XetHash.LENGTH, XetHash.LENGTH);
        }
        return keyed(VERIFICATION_KEY, all, 0, all.length);
    }

    private static int cut(List<XetLeaf> rest) {
        if (rest.size() <= 2) {
            return rest.size();
        }
        int end = Math.min(MAX_GROUP, rest.size());
        for (int i = 2; i < end; i++) {
            if (Long.remainderUnsigned(rest.get(i).hash().lastWord(), MEAN_BRANCHING) == 0) {
                return i + 1;
            }
        }
        return end;
    }

    private static XetLeaf merge(List<XetLeaf> group) {
        StringBuilder text = new StringBuilder(group.size() * 88);
        long total = 0;
        for (XetLeaf leaf : group) {
            text.append(leaf.hash().hex())
                    .append(" : ")
                    .append(Long.toUnsignedString(leaf.size()))
                    .append('\n');
            total += leaf.size();
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
        return new XetLeaf(keyed(INTERNAL_NODE_KEY, bytes, 0, bytes.length), total);
    }

    /**
     * BLAKE3 in keyed mode, the primitive under every Xet hash (32-byte output).
     *
     * @param key 32 bytes
     * @param data the message
     * @return the keyed hash
     */
    static XetHash keyedHash(byte[] key, byte[] data) {
        if (key.length != XetHash.LENGTH) {
            throw new IllegalArgumentException("a BLAKE3 key has 32 bytes");
        }
        return keyed(key, data, 0, data.length);
    }

    private static XetHash keyed(byte[] key, byte[] data, int offset, int length) {
        byte[] out = new byte[XetHash.LENGTH];
        Blake3.initKeyedHash(key).update(data, offset, length).doFinalize(out);
        return new XetHash(out);
    }

    private static byte[] key(int... values) {
        byte[] k = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            k[i] = (byte) values[i];
        }
        return k;
    }
}
