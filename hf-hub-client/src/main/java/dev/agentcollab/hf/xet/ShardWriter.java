package dev.agentcollab.hf.xet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Serializes an MDB shard (header version 2) in the form the Xet spec prescribes for uploads: the footer (and its
 * lookup tables) MUST be omitted and the header's footer size MUST then be 0, which is what xet-core sends. It
 * registers one file and the xorbs it uses. Layout, all integers little-endian:
 *
 * <ol>
 *   <li>header: the 32-byte magic tag, version {@code u64 = 2}, footer size {@code u64 = 0};
 *   <li>file info section: the file header (file hash, flags {@code u32} with bit 31 "has verification entries",
 *       term count {@code u32}, 8 reserved bytes), one 48-byte entry per term (xorb hash, flags {@code u32},
 *       unpacked bytes, first chunk, end chunk, each {@code u32}), then one 48-byte verification entry per term
 *       (range hash, 16 reserved bytes); closed by a bookend of 32 bytes {@code 0xFF} and 16 zero bytes;
 *   <li>xorb info section: per xorb a header (xorb hash, flags, chunk count, unpacked bytes, serialized bytes, each
 *       {@code u32} after the hash) and one entry per chunk (chunk hash, unpacked offset {@code u32}, length
 *       {@code u32}, 8 reserved bytes); closed by a bookend;
 * </ol>
 *
 * Stateless.
 */
public final class ShardWriter {
    /** The 32-byte tag every shard starts with. */
    public static final byte[] MAGIC = {
        'H',
        'F',
        'R',
        'e',
        'p',
        'o',
        'M',
        'e',
        't',
        'a',
        'D',
        'a',
        't',
        'a',
        0,
        85,
        105,
        103,
        69,
        106,
        123,
        (byte) 129,
        87,
        (byte) 131,
        (byte) 165,
        (byte) 189,
        (byte) 217,
        92,
        (byte) 205,
        (byte) 209,
        74,
        (byte) 169
    };

    /** File flag: the entry is followed by one verification entry per term. */
    public static final int FLAG_WITH_VERIFICATION = 0x80000000;

    static final int HEADER_SIZE = 48;
    static final int ENTRY_SIZE = 48;

    private ShardWriter() {}

    /**
     * Serializes a shard for one file.
     *
     * @param fileHash the file hash
     * @param terms the file's terms, in order
     * @param xorbs the new xorbs the terms use
     * @return the shard bytes
     */
    public static byte[] write(XetHash fileHash, List<XetTerm> terms, List<Xorb> xorbs) {
        int chunkCount = xorbs.stream().mapToInt(x -> x.chunks().size()).sum();
        int fileSection = ENTRY_SIZE * (1 + 2 * terms.size() + 1);
        int xorbSection = ENTRY_SIZE * (xorbs.size() + chunkCount + 1);
        ByteBuffer b =
                ByteBuffer.allocate(HEADER_SIZE + fileSection + xorbSection).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putLong(2).putLong(0);

        b.put(fileHash.bytes())
                .putInt(FLAG_WITH_VERIFICATION)
                .putInt(terms.size())
                .putLong(0);
        for (XetTerm t : terms) {
            b.put(t.xorb().bytes()).putInt(0).putInt(Math.toIntExact(t.unpackedLength()));
            b.putInt(t.chunkStart()).putInt(t.chunkEnd());
        }
        for (XetTerm t : terms) {
            b.put(t.rangeHash().bytes()).putLong(0).putLong(0);
        }
        bookend(b);

        for (Xorb x : xorbs) {
            b.put(x.hash().bytes()).putInt(0).putInt(x.chunks().size());
            b.putInt(Math.toIntExact(x.unpackedLength())).putInt(x.serialized().length);
            int offset = 0;
            for (XetChunk c : x.chunks()) {
                b.put(c.hash().bytes()).putInt(offset).putInt(c.length()).putLong(0);
                offset += c.length();
            }
        }
        bookend(b);
        return b.array();
    }

    private static void bookend(ByteBuffer b) {
        for (int i = 0; i < XetHash.LENGTH; i++) {
            b.put((byte) 0xFF);
        }
        b.putLong(0).putLong(0);
    }
}
