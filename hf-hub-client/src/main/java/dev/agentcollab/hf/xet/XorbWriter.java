package dev.agentcollab.hf.xet;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs a file's chunks into xorbs and serializes them. Every chunk record is an 8-byte header (version 0,
 * compressed length as 3 little-endian bytes, compression scheme, uncompressed length as 3 little-endian bytes)
 * followed by the chunk's bytes. This writer always uses scheme 0 (none), which the format allows per chunk (xet-core
 * itself falls back to it whenever compression does not shrink a chunk). The upload body has no footer, like
 * current Xet clients send. A xorb is closed before it would pass 64 MiB serialized or 8192 chunks. Stateless.
 */
public final class XorbWriter {
    /** The largest serialized xorb the CAS accepts. */
    public static final int MAX_XORB_BYTES = 64 * 1024 * 1024;

    /** The most chunks one xorb holds. */
    public static final int MAX_XORB_CHUNKS = 8 * 1024;

    /** The length of a chunk header. */
    public static final int HEADER_LENGTH = 8;

    /** Compression scheme byte: stored as is. */
    public static final int SCHEME_NONE = 0;

    private XorbWriter() {}

    /**
     * Packs chunks of one file into xorbs, in file order.
     *
     * @param data the file content
     * @param chunks its chunks ({@link XetChunker#chunk})
     * @return the xorbs; none for an empty file
     */
    public static List<Xorb> pack(byte[] data, List<XetChunk> chunks) {
        return pack(data, chunks, MAX_XORB_BYTES);
    }

    /**
     * Packs chunks of one file into xorbs of at most {@code maxXorbBytes} serialized bytes, in file order.
     *
     * @param data the file content
     * @param chunks its chunks ({@link XetChunker#chunk})
     * @param maxXorbBytes the serialized size limit, from one maximum chunk record to {@link #MAX_XORB_BYTES}
     * @return the xorbs; none for an empty file
     */
    public static List<Xorb> pack(byte[] data, List<XetChunk> chunks, int maxXorbBytes) {
        if (maxXorbBytes < HEADER_LENGTH + XetChunker.MAX_CHUNK || maxXorbBytes > MAX_XORB_BYTES) {
            throw new IllegalArgumentException("maxXorbBytes out of range: " + maxXorbBytes);
        }
        List<Xorb> xorbs = new ArrayList<>();
        List<XetChunk> open = new ArrayList<>();
        long size = 0;
        for (XetChunk c : chunks) {
            long record = HEADER_LENGTH + (long) c.length();
            if (!open.isEmpty() && (size + record > maxXorbBytes || open.size() == MAX_XORB_CHUNKS)) {
                xorbs.add(serialize(data, open));
                open = new ArrayList<>();
                size = 0;
            }
            open.add(c);
            size += record;
        }
        if (!open.isEmpty()) {
            xorbs.add(serialize(data, open));
        }
        return xorbs;
    }

    private static Xorb serialize(byte[] data, List<XetChunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<XetLeaf> leaves = new ArrayList<>(chunks.size());
        for (XetChunk c : chunks) {
            out.write(0);
            writeU24(out, c.length());
            out.write(SCHEME_NONE);
            writeU24(out, c.length());
            out.write(data, c.offset(), c.length());
            leaves.add(c.leaf());
        }
        return new Xorb(XetHashing.xorbHash(leaves), out.toByteArray(), chunks);
    }

    private static void writeU24(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
        out.write((v >>> 16) & 0xFF);
    }
}
