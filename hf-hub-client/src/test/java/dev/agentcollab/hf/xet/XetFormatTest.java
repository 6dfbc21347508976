package dev.agentcollab.hf.xet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.hf.HfHubException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.junit.jupiter.api.Test;

/** Chunking properties, xorb records both ways (including LZ4 and BG4 chunks) and the shard layout. */
class XetFormatTest {

    @Test
    void chunksRespectTheSizeBoundsAndResyncAfterAnEditNearTheStart() {
        byte[] data = random(1_500_000, 3);
        List<XetChunk> chunks = XetChunker.chunk(data);
        for (XetChunk c : chunks.subList(0, chunks.size() - 1)) {
            assertTrue(c.length() >= XetChunker.MIN_CHUNK && c.length() <= XetChunker.MAX_CHUNK, c.toString());
        }
        assertEquals(data.length, chunks.getLast().offset() + chunks.getLast().length());
        byte[] edited = new byte[data.length + 10];
        System.arraycopy(data, 0, edited, 10, data.length);
        List<XetHash> before = chunks.stream().map(XetChunk::hash).toList();
        List<XetHash> after =
                XetChunker.chunk(edited).stream().map(XetChunk::hash).toList();
        assertEquals(before.subList(2, before.size()), after.subList(after.size() - before.size() + 2, after.size()));
    }

    @Test
    void writtenXorbsDecodeBackToTheirChunks() {
        byte[] data = random(400_000, 5);
        XetFile file = XetFile.of(data);
        assertEquals(1, file.xorbs().size());
        Xorb xorb = file.xorbs().getFirst();
        List<byte[]> decoded =
                XorbReader.decode(xorb.serialized(), xorb.chunks().size());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        decoded.forEach(joined::writeBytes);
        assertArrayEquals(data, joined.toByteArray());
        assertEquals(
                XetHashing.xorbHash(file.chunks().stream().map(XetChunk::leaf).toList()), xorb.hash());
        assertEquals(XetTerm.whole(xorb), file.terms().getFirst());
    }

    @Test
    void lz4AndByteGroupedChunksDecode() throws IOException {
        byte[] chunk = new byte[10_003];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i % 7 == 0 ? i : 1);
        }
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        record(records, 1, lz4(chunk), chunk.length);
        record(records, 2, lz4(split(chunk)), chunk.length);
        record(records, 0, chunk, chunk.length);
        List<byte[]> decoded = XorbReader.decode(records.toByteArray(), 3);
        decoded.forEach(d -> assertArrayEquals(chunk, d));
        byte[] bad = records.toByteArray();
        bad[4] = 9;
        assertEquals(
                HfHubException.Kind.INVALID_RESPONSE,
                assertThrows(HfHubException.class, () -> XorbReader.decode(bad, 3))
                        .kind());
    }

    @Test
    void theShardIsInTheUploadFormWithoutFooter() {
        byte[] data = random(200_000, 9);
        XetFile file = XetFile.of(data);
        byte[] shard = file.shard();
        ByteBuffer b = ByteBuffer.wrap(shard).order(ByteOrder.LITTLE_ENDIAN);
        assertArrayEquals(ShardWriter.MAGIC, Arrays.copyOf(shard, 32));
        assertEquals(2, b.getLong(32));
        assertEquals(0, b.getLong(40), "footer_size MUST be 0 when the footer is omitted");
        assertArrayEquals(file.hash().bytes(), Arrays.copyOfRange(shard, 48, 80));
        assertEquals(ShardWriter.FLAG_WITH_VERIFICATION, b.getInt(80));
        assertEquals(1, b.getInt(84));
        int xorbInfo = 48 + 48 * (1 + 2 + 1);
        assertBookend(shard, xorbInfo - 48);
        assertArrayEquals(file.xorbs().getFirst().hash().bytes(), Arrays.copyOfRange(shard, xorbInfo, xorbInfo + 32));
        assertEquals(file.chunks().size(), b.getInt(xorbInfo + 36));
        assertEquals(xorbInfo + 48 * (1 + file.chunks().size() + 1), shard.length, "the shard ends at the bookend");
        assertBookend(shard, shard.length - 48);
        assertEquals(XetHash.ZERO, XetFile.of(new byte[0]).hash());
    }

    @Test
    void aChunkRepeatedInTheContentIsStoredOnce() {
        byte[] data = new byte[1_000_000];
        XetFile file = XetFile.of(data);
        assertEquals(8, file.chunks().size(), "constant data cuts at every 128 KiB");
        assertEquals(1, file.xorbs().size());
        Xorb xorb = file.xorbs().getFirst();
        assertEquals(2, xorb.chunks().size(), "the full 128 KiB chunk and the shorter last one, once each");
        long covered = file.terms().stream().mapToLong(XetTerm::unpackedLength).sum();
        assertEquals(data.length, covered);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        List<byte[]> decoded =
                XorbReader.decode(xorb.serialized(), xorb.chunks().size());
        for (XetTerm t : file.terms()) {
            decoded.subList(t.chunkStart(), t.chunkEnd()).forEach(joined::writeBytes);
        }
        assertArrayEquals(data, joined.toByteArray());
    }

    private static void assertBookend(byte[] shard, int at) {
        for (int i = 0; i < 32; i++) {
            assertEquals((byte) 0xFF, shard[at + i], "bookend byte " + i);
        }
    }

    private static void record(ByteArrayOutputStream out, int scheme, byte[] stored, int length) {
        out.write(0);
        u24(out, stored.length);
        out.write(scheme);
        u24(out, length);
        out.writeBytes(stored);
    }

    private static void u24(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
        out.write((v >>> 16) & 0xFF);
    }

    private static byte[] lz4(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(out)) {
            lz4.write(data);
        }
        return out.toByteArray();
    }

    /** The BG4 split: byte planes 0..3 one after another. */
    private static byte[] split(byte[] data) {
        List<Byte> planes = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            for (int i = k; i < data.length; i += 4) {
                planes.add(data[i]);
            }
        }
        byte[] out = new byte[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = planes.get(i);
        }
        return out;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
