package dev.agentcollab.testkit.hub;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses and checks xorb upload bodies for the fake CAS: a series of chunk records (8-byte header: version 0,
 * compressed length u24, scheme, uncompressed length u24; then the data), optionally followed by a
 * {@code XETBLOB} footer, which is ignored. Only scheme 0 (none) is decoded; LZ4 and byte-grouped LZ4 are answered
 * as unsupported.
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
                break;
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
            if (scheme != 0) {
                throw new Invalid("compression scheme " + scheme + " is not supported by the fake CAS");
            }
            if (compressed != length || length == 0 || length > MAX_CHUNK || length > b.remaining()) {
                throw new Invalid("bad chunk lengths at chunk " + chunks.size());
            }
            byte[] data = new byte[length];
            b.get(data);
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

    private static boolean startsWithFooter(byte[] body, int at) {
        return body.length - at >= FOOTER_IDENT.length
                && Arrays.equals(body, at, at + FOOTER_IDENT.length, FOOTER_IDENT, 0, FOOTER_IDENT.length);
    }

    private static int u24(ByteBuffer b) {
        return (b.get() & 0xFF) | (b.get() & 0xFF) << 8 | (b.get() & 0xFF) << 16;
    }
}
