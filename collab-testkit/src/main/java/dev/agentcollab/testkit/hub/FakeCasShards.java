package dev.agentcollab.testkit.hub;

import dev.agentcollab.testkit.hub.FakeCasXorbs.Invalid;
import dev.agentcollab.testkit.hub.FakeCasXorbs.Xorb;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and checks shard uploads for the fake CAS (MDB shard, header version 2, in the upload form without
 * footer or with one; layout in docs/hf-buckets-protocol.md). Every xorb the shard lists must have been uploaded
 * with the same chunk hashes and sizes; every file must carry verification entries (flag bit 31; the spec's
 * {@code shard.md}: "Verification Entries MUST be set for shard uploads"); every file's terms must name uploaded
 * xorbs and valid chunk ranges, carry the right unpacked lengths and verification hashes, and the chunks they cover
 * must hash to the file hash. Returns the files' contents.
 */
final class FakeCasShards {
    private static final int ENTRY = 48;
    private static final int FOOTER = 200;
    private static final int WITH_VERIFICATION = 0x80000000;
    private static final int WITH_METADATA = 0x40000000;
    /** The 32-byte tag every shard starts with (package-visible for the tests that build shards). */
    static final byte[] MAGIC = {
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

    /** One term of a registered file: chunks {@code [start, end)} of a xorb (hash in Xet text form). */
    record Term(String xorb, int start, int end, long unpacked) {}

    /** A file a shard registers: its content and its terms. */
    record File(byte[] content, List<Term> terms) {}

    private FakeCasShards() {}

    /**
     * Checks a shard; answers file hash (Xet text form) to file. The shard is read as a stream, like the CAS reads
     * uploads: header, file section up to its bookend, xorb section up to its bookend. The upload form has no footer
     * and {@code footer_size} 0 (what the spec prescribes and xet-core sends); a shard with a 200-byte footer
     * (what huggingface.js sends) is accepted too, and its footer is not read.
     */
    static Map<String, File> parse(byte[] body, Map<String, Xorb> xorbs) throws Invalid {
        try {
            ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[32];
            b.get(magic);
            long version = b.getLong();
            long footerSize = b.getLong();
            if (!Arrays.equals(magic, MAGIC) || version != 2 || (footerSize != 0 && footerSize != FOOTER)) {
                throw new Invalid("not an MDB shard (magic tag, header version 2, footer size 0 or 200)");
            }
            Map<String, File> files = files(b, xorbs);
            checkXorbs(b, xorbs);
            long rest = body.length - b.position();
            if (rest != (footerSize == 0 ? 0 : FOOTER)) {
                throw new Invalid(
                        "the shard has " + rest + " bytes after its xorb section, its header announces " + footerSize);
            }
            return files;
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new Invalid("truncated or malformed shard");
        }
    }

    private static void checkXorbs(ByteBuffer b, Map<String, Xorb> xorbs) throws Invalid {
        byte[] hash;
        while (!bookend(hash = hash(b))) {
            b.getInt();
            int count = b.getInt();
            long unpacked = Integer.toUnsignedLong(b.getInt());
            b.getInt();
            Xorb stored = xorbs.get(FakeXetHashes.hex(hash));
            if (stored == null) {
                throw new Invalid("shard lists xorb " + FakeXetHashes.hex(hash) + ", which was not uploaded");
            }
            if (count != stored.chunks().size() || unpacked != stored.unpackedLength()) {
                throw new Invalid("shard entry of xorb " + FakeXetHashes.hex(hash) + " disagrees with its upload");
            }
            for (int i = 0; i < count; i++) {
                byte[] chunk = hash(b);
                b.getInt();
                int length = b.getInt();
                b.getLong();
                if (!Arrays.equals(chunk, stored.hashes().get(i))
                        || length != stored.chunks().get(i).length) {
                    throw new Invalid("chunk " + i + " of xorb " + FakeXetHashes.hex(hash) + " disagrees");
                }
            }
        }
        b.position(b.position() + 16);
    }

    private static Map<String, File> files(ByteBuffer b, Map<String, Xorb> xorbs) throws Invalid {
        Map<String, File> files = new LinkedHashMap<>();
        byte[] fileHash;
        while (!bookend(fileHash = hash(b))) {
            int flags = b.getInt();
            if ((flags & WITH_VERIFICATION) == 0) {
                throw new Invalid("file " + FakeXetHashes.hex(fileHash) + " has no verification entries (file flag"
                        + " bit 31 clear): they MUST be set for shard uploads, on every file");
            }
            int terms = b.getInt();
            b.getLong();
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            List<FakeXetHashes.Node> nodes = new ArrayList<>();
            List<byte[]> rangeHashes = new ArrayList<>();
            List<Term> parsed = new ArrayList<>();
            for (int t = 0; t < terms; t++) {
                String xorbHex = FakeXetHashes.hex(hash(b));
                b.getInt();
                long unpacked = Integer.toUnsignedLong(b.getInt());
                int start = b.getInt();
                int end = b.getInt();
                Xorb x = xorbs.get(xorbHex);
                if (x == null || start < 0 || end <= start || end > x.chunks().size()) {
                    throw new Invalid("term " + t + " names unknown xorb " + xorbHex + " or a bad chunk range");
                }
                long length = 0;
                for (int c = start; c < end; c++) {
                    content.writeBytes(x.chunks().get(c));
                    nodes.add(
                            new FakeXetHashes.Node(x.hashes().get(c), x.chunks().get(c).length));
                    length += x.chunks().get(c).length;
                }
                if (length != unpacked) {
                    throw new Invalid("term " + t + " claims " + unpacked + " bytes but covers " + length);
                }
                rangeHashes.add(FakeXetHashes.range(x.hashes().subList(start, end)));
                parsed.add(new Term(xorbHex, start, end, unpacked));
            }
            for (int t = 0; t < terms; t++) {
                if (!Arrays.equals(hash(b), rangeHashes.get(t))) {
                    throw new Invalid("verification hash of term " + t + " is wrong");
                }
                b.position(b.position() + 16);
            }
            if ((flags & WITH_METADATA) != 0) {
                b.position(b.position() + ENTRY);
            }
            byte[] expected = FakeXetHashes.file(nodes);
            if (!Arrays.equals(expected, fileHash)) {
                throw new Invalid("file hash mismatch: the shard names " + FakeXetHashes.hex(fileHash)
                        + " but its chunks hash to " + FakeXetHashes.hex(expected));
            }
            files.put(FakeXetHashes.hex(fileHash), new File(content.toByteArray(), List.copyOf(parsed)));
        }
        b.position(b.position() + 16);
        return files;
    }

    private static byte[] hash(ByteBuffer b) {
        byte[] h = new byte[32];
        b.get(h);
        return h;
    }

    private static boolean bookend(byte[] hash) {
        for (byte x : hash) {
            if (x != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }
}
