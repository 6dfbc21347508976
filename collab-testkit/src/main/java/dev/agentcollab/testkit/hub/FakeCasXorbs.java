package dev.agentcollab.testkit.hub;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;

/**
 * Parses and checks xorb upload bodies for the fake CAS: a series of chunk records (8-byte header: version 0,
 * compressed length u24, scheme, uncompressed length u24; then the data) and nothing else: "XORBs are sent without
 * footer" (spec {@code xorb.md}), so a body carrying a {@code XETBLOB} footer is refused. Schemes 0 (none), 1 (an LZ4
 * frame) and 2 (an LZ4 frame of the four byte planes, BG4) are decoded; LZ4 frames may use linked or independent
 * blocks. {@link #reencode} rewrites a stored xorb with another scheme, so that the fake can serve compressed xorbs as
 * the real CAS mostly does.
 */
final class FakeCasXorbs {
    static final int MAX_XORB_BYTES = 64 * 1024 * 1024;
    static final int MAX_CHUNK = 128 * 1024;
    private static final byte[] FOOTER_IDENT = "XETBLOB".getBytes(StandardCharsets.US_ASCII);

    /**
     * A stored xorb: its chunks' bytes and hashes in order, the body as uploaded and where each chunk record starts
     * in it ({@code recordStarts[i]}; the last entry is where the records end).
     */
    record Xorb(List<byte[]> chunks, List<byte[]> hashes, byte[] serialized, int[] recordStarts) {
        long unpackedLength() {
            return chunks.stream().mapToLong(c -> c.length).sum();
        }
    }

    /** An upload the fake refuses, with the reason to answer (HTTP 400). */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private FakeCasXorbs() {}

    /** Decodes a body and checks that its chunks hash to {@code expectedHash}. */
    static Xorb parse(byte[] body, byte[] expectedHash) throws Invalid {
        if (body.length > MAX_XORB_BYTES) {
            throw new Invalid("xorb larger than 64 MiB");
        }
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> chunks = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        List<FakeXetHashes.Node> nodes = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        while (b.hasRemaining()) {
            if (startsWithFooter(body, b.position())) {
                throw new Invalid("xorb carries an XETBLOB footer after chunk " + chunks.size()
                        + ": XORBs are sent without footer");
            }
            starts.add(b.position());
            if (b.remaining() < 8) {
                throw new Invalid("truncated chunk header at byte " + b.position());
            }
            int version = b.get() & 0xFF;
            int compressed = u24(b);
            int scheme = b.get() & 0xFF;
            int length = u24(b);
            if (version != 0) {
                throw new Invalid("unknown chunk header version " + version);
            }
            if (length == 0 || length > MAX_CHUNK || compressed > b.remaining() || compressed > 2 * MAX_CHUNK) {
                throw new Invalid("bad chunk lengths at chunk " + chunks.size());
            }
            byte[] stored = new byte[compressed];
            b.get(stored);
            byte[] data = unpack(stored, scheme, chunks.size());
            if (data.length != length) {
                throw new Invalid("chunk " + chunks.size() + " decodes to " + data.length + " bytes, not " + length);
            }
            byte[] hash = FakeXetHashes.chunk(data);
            chunks.add(data);
            hashes.add(hash);
            nodes.add(new FakeXetHashes.Node(hash, length));
        }
        if (chunks.isEmpty()) {
            throw new Invalid("a xorb holds at least one chunk");
        }
        byte[] actual = FakeXetHashes.root(nodes);
        if (!Arrays.equals(actual, expectedHash)) {
            throw new Invalid("xorb hash mismatch: the route names " + FakeXetHashes.hex(expectedHash)
                    + " but the chunks hash to " + FakeXetHashes.hex(actual));
        }
        starts.add(b.position());
        int[] recordStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        return new Xorb(List.copyOf(chunks), List.copyOf(hashes), body.clone(), recordStarts);
    }

    /** The same chunks, each record rewritten with the given scheme; the xorb hash does not change. */
    static Xorb reencode(Xorb xorb, XorbCompression scheme) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> starts = new ArrayList<>();
        for (byte[] chunk : xorb.chunks()) {
            starts.add(out.size());
            int code = scheme == XorbCompression.NONE ? 0 : scheme == XorbCompression.BG4_LZ4_LINKED ? 2 : 1;
            byte[] stored =
                    switch (scheme) {
                        case NONE -> chunk;
                        case LZ4_LINKED -> lz4(chunk, true);
                        case LZ4_INDEPENDENT -> lz4(chunk, false);
                        case BG4_LZ4_LINKED -> lz4(split(chunk), true);
                    };
            out.write(0);
            u24(out, stored.length);
            out.write(code);
            u24(out, chunk.length);
            out.writeBytes(stored);
        }
        starts.add(out.size());
        return new Xorb(
                xorb.chunks(),
                xorb.hashes(),
                out.toByteArray(),
                starts.stream().mapToInt(Integer::intValue).toArray());
    }

    private static byte[] unpack(byte[] stored, int scheme, int index) throws Invalid {
        return switch (scheme) {
            case 0 -> stored;
            case 1 -> unlz4(stored, index);
            case 2 -> regroup(unlz4(stored, index));
            default -> throw new Invalid("unknown compression scheme " + scheme + " at chunk " + index);
        };
    }

    private static byte[] unlz4(byte[] frame, int index) throws Invalid {
        try (InputStream in = new FramedLZ4CompressorInputStream(new ByteArrayInputStream(frame))) {
            return in.readNBytes(MAX_CHUNK + 1);
        } catch (IOException | RuntimeException e) {
            throw new Invalid("invalid LZ4 frame at chunk " + index + ": " + e.getMessage());
        }
    }

    private static byte[] lz4(byte[] data, boolean linked) {
        return FakeLz4.frame(data, linked);
    }

    /** BG4: byte k of every group of 4 goes to plane k; the first {@code n % 4} planes are one byte longer. */
    private static byte[] split(byte[] data) {
        byte[] out = new byte[data.length];
        int at = 0;
        for (int k = 0; k < 4; k++) {
            for (int i = k; i < data.length; i += 4) {
                out[at++] = data[i];
            }
        }
        return out;
    }

    private static byte[] regroup(byte[] planes) {
        byte[] out = new byte[planes.length];
        int at = 0;
        for (int k = 0; k < 4; k++) {
            for (int i = k; i < planes.length; i += 4) {
                out[i] = planes[at++];
            }
        }
        return out;
    }

    private static void u24(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
        out.write((v >>> 16) & 0xFF);
    }

    private static boolean startsWithFooter(byte[] body, int at) {
        return body.length - at >= FOOTER_IDENT.length
                && Arrays.equals(body, at, at + FOOTER_IDENT.length, FOOTER_IDENT, 0, FOOTER_IDENT.length);
    }

    private static int u24(ByteBuffer b) {
        return (b.get() & 0xFF) | (b.get() & 0xFF) << 8 | (b.get() & 0xFF) << 16;
    }
}
