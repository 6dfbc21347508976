package dev.agentcollab.hf.xet;

import dev.agentcollab.hf.HfHubException;
import dev.agentcollab.hf.HfHubException.Resource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;

/**
 * Decodes xorb chunk records (as {@link XorbWriter} documents them) fetched from the CAS: scheme 0 (stored), 1 (an
 * LZ4 frame) and 2 (an LZ4 frame of the chunk's bytes regrouped into four byte planes, "BG4"), the three schemes
 * xet-core writes. Every valid LZ4 frame decodes: independent blocks (xet-core's {@code lz4_flex} default) and
 * linked blocks (huggingface.js writes those), with or without content size, block and content checksums; a
 * checksum that is present is verified. Stateless.
 */
public final class XorbReader {
    private static final int SCHEME_LZ4 = 1;
    private static final int SCHEME_BG4_LZ4 = 2;

    private XorbReader() {}

    /**
     * Decodes consecutive chunk records.
     *
     * @param bytes the records, as served for a chunk range
     * @param count how many chunks the bytes hold
     * @return each chunk's bytes, in order
     * @throws HfHubException {@code INVALID_RESPONSE} when the records are malformed
     */
    public static List<byte[]> decode(byte[] bytes, int count) {
        List<byte[]> chunks = new ArrayList<>(count);
        int at = 0;
        for (int i = 0; i < count; i++) {
            if (bytes.length - at < XorbWriter.HEADER_LENGTH) {
                throw malformed("truncated chunk header " + i);
            }
            int version = bytes[at] & 0xFF;
            int stored = u24(bytes, at + 1);
            int scheme = bytes[at + 4] & 0xFF;
            int length = u24(bytes, at + 5);
            at += XorbWriter.HEADER_LENGTH;
            if (version != 0 || stored > bytes.length - at || length > XetChunker.MAX_CHUNK) {
                throw malformed("bad chunk header " + i);
            }
            chunks.add(unpack(bytes, at, stored, scheme, length));
            at += stored;
        }
        return chunks;
    }

    private static byte[] unpack(byte[] bytes, int at, int stored, int scheme, int length) {
        byte[] out;
        if (scheme == XorbWriter.SCHEME_NONE) {
            out = java.util.Arrays.copyOfRange(bytes, at, at + stored);
        } else if (scheme == SCHEME_LZ4 || scheme == SCHEME_BG4_LZ4) {
            out = lz4Frame(bytes, at, stored);
            if (scheme == SCHEME_BG4_LZ4) {
                out = regroup(out);
            }
        } else {
            throw malformed("unknown compression scheme " + scheme);
        }
        if (out.length != length) {
            throw malformed("a chunk decoded to " + out.length + " bytes instead of " + length);
        }
        return out;
    }

    private static byte[] lz4Frame(byte[] bytes, int at, int stored) {
        try (InputStream in = new FramedLZ4CompressorInputStream(new ByteArrayInputStream(bytes, at, stored))) {
            return in.readNBytes(XetChunker.MAX_CHUNK + 1);
        } catch (IOException | RuntimeException e) {
            throw HfHubException.invalidResponse(Resource.FILE, "invalid LZ4 frame in a xorb chunk", e);
        }
    }

    /** Undoes the BG4 split: plane k holds bytes k, k+4, ...; the first {@code n % 4} planes are one longer. */
    static byte[] regroup(byte[] planes) {
        int n = planes.length;
        byte[] out = new byte[n];
        int split = n / 4;
        int rem = n % 4;
        int start = 0;
        for (int k = 0; k < 4; k++) {
            int size = split + (k < rem ? 1 : 0);
            for (int i = 0; i < size; i++) {
                out[4 * i + k] = planes[start + i];
            }
            start += size;
        }
        return out;
    }

    private static int u24(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16;
    }

    private static HfHubException malformed(String what) {
        return HfHubException.invalidResponse(Resource.FILE, "malformed xorb data from the CAS: " + what, null);
    }
}
