package dev.agentcollab.testkit.hub;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Builds minimal valid Xet uploads for tests of the fake CAS: one xorb holding the content as a single uncompressed
 * chunk (content up to 128 KiB), and a shard registering it as one file. Built with {@link FakeXetHashes}.
 */
final class XetTestUploads {
    final byte[] content;
    final byte[] chunkHash;
    final byte[] xorbHash;
    final byte[] fileHash;

    XetTestUploads(byte[] content) {
        this.content = content.clone();
        this.chunkHash = FakeXetHashes.chunk(content);
        List<FakeXetHashes.Node> nodes = List.of(new FakeXetHashes.Node(chunkHash, content.length));
        this.xorbHash = FakeXetHashes.root(nodes);
        this.fileHash = FakeXetHashes.file(nodes);
    }

    byte[] xorb() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        u24(out, content.length);
        out.write(0);
        u24(out, content.length);
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** A shard of one file with one term; {@code rangeHash} may be tampered with by tests. */
    byte[] shard(byte[] rangeHash) {
        ByteBuffer b = ByteBuffer.allocate(48 + 48 * 4 + 48 * 3 + 200).order(ByteOrder.LITTLE_ENDIAN);
        b.put(FakeCasShards.MAGIC.clone());
        b.putLong(2).putLong(200);
        b.put(fileHash).putInt(0x80000000).putInt(1).putLong(0);
        b.put(xorbHash).putInt(0).putInt(content.length).putInt(0).putInt(1);
        b.put(rangeHash).putLong(0).putLong(0);
        bookend(b);
        int xorbOffset = b.position();
        b.put(xorbHash).putInt(0).putInt(1).putInt(content.length).putInt(content.length + 8);
        b.put(chunkHash).putInt(0).putInt(content.length).putLong(0);
        bookend(b);
        int footer = b.position();
        b.putLong(1).putLong(48).putLong(xorbOffset).put(new byte[48 + 32 + 16 + 48]);
        b.putLong(content.length + 8)
                .putLong(content.length)
                .putLong(content.length)
                .putLong(footer);
        return b.array();
    }

    byte[] shard() {
        return shard(FakeXetHashes.range(List.of(chunkHash)));
    }

    /** The same shard in the spec's upload form: no footer, {@code footer_size} 0. */
    byte[] shardWithoutFooter() {
        byte[] withFooter = shard();
        byte[] form = java.util.Arrays.copyOf(withFooter, withFooter.length - 200);
        ByteBuffer.wrap(form).order(ByteOrder.LITTLE_ENDIAN).putLong(40, 0);
        return form;
    }

    /**
     * The upload-form shard without verification entries: file flags 0 (bit 31 clear) and no entry after the term,
     * which the spec forbids for uploads.
     */
    byte[] shardWithoutVerification() {
        byte[] form = shardWithoutFooter();
        byte[] out = new byte[form.length - 48];
        System.arraycopy(form, 0, out, 0, 144);
        System.arraycopy(form, 192, out, 144, form.length - 192);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(80, 0);
        return out;
    }

    /**
     * The xorb followed by an {@code XETBLOB} footer (the storage form: main header, hash section, boundary section,
     * trailer and footer length), which the spec forbids in upload bodies.
     */
    byte[] xorbWithFooter() {
        ByteBuffer f = ByteBuffer.allocate(40 + 12 + 32 + 12 + 8 + 28 + 4).order(ByteOrder.LITTLE_ENDIAN);
        f.put("XETBLOB".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put((byte) 1)
                .put(xorbHash);
        f.put("XBLBHSH".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put((byte) 0)
                .putInt(1)
                .put(chunkHash);
        f.put("XBLBBND".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put((byte) 1)
                .putInt(1);
        f.putInt(content.length + 8).putInt(content.length);
        f.put(new byte[28]).putInt(f.capacity() - 4);
        byte[] xorb = xorb();
        byte[] out = java.util.Arrays.copyOf(xorb, xorb.length + f.capacity());
        System.arraycopy(f.array(), 0, out, xorb.length, f.capacity());
        return out;
    }

    private static void bookend(ByteBuffer b) {
        for (int i = 0; i < 32; i++) {
            b.put((byte) 0xFF);
        }
        b.putLong(0).putLong(0);
    }

    private static void u24(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
        out.write((v >>> 16) & 0xFF);
    }
}
