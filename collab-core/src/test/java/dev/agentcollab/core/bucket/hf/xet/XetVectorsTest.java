package dev.agentcollab.core.bucket.hf.xet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known-answer tests against vectors published in huggingface/xet-core (commit af1a3ff9, files named in the
 * resources): hash text form, xorb and salted file hashes, chunk boundaries.
 */
class XetVectorsTest {

    @Test
    void hexFormSwapsEachEightByteGroup() {
        // xet_core_structures/src/merklehash/data_hash.rs test_hash_hex_string_endianness
        byte[] raw = {
            22,
            (byte) 175,
            58,
            (byte) 132,
            4,
            75,
            (byte) 131,
            (byte) 214,
            (byte) 190,
            (byte) 153,
            (byte) 138,
            66,
            (byte) 226,
            3,
            (byte) 153,
            (byte) 242,
            (byte) 204,
            86,
            80,
            (byte) 234,
            (byte) 249,
            (byte) 153,
            80,
            99,
            (byte) 159,
            80,
            65,
            (byte) 138,
            (byte) 236,
            (byte) 231,
            (byte) 149,
            78
        };
        String hex = "d6834b04843aaf16f29903e2428a99be635099f9ea5056cc4e95e7ec8a41509f";
        assertEquals(hex, new XetHash(raw).hex());
        assertArrayEquals(raw, XetHash.fromHex(hex).bytes());
    }

    @Test
    void xorbAndFileHashesMatchTheReference() throws IOException {
        // xet_core_structures/src/merklehash/aggregated_hashes.rs test_correctness: 18 cases, 3 salts each
        List<XetLeaf> leaves = new ArrayList<>();
        int cases = 0;
        int files = 0;
        for (String line : lines("xet/merkle-vectors.txt")) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "case" -> leaves = new ArrayList<>();
                case "leaf" -> leaves.add(new XetLeaf(XetHash.fromHex(f[1]), Long.parseLong(f[2])));
                case "xorb" -> {
                    assertEquals(f[1], XetHashing.xorbHash(leaves).hex(), "xorb hash of " + leaves.size() + " leaves");
                    cases++;
                }
                case "file" -> {
                    byte[] salt = XetHash.fromHex(f[1]).bytes();
                    assertEquals(f[2], XetHashing.fileHash(leaves, salt).hex(), "file hash, salt " + f[1]);
                    files++;
                }
                default -> throw new IllegalStateException(line);
            }
        }
        assertEquals(18, cases);
        assertEquals(54, files);
    }

    @Test
    void chunkBoundariesMatchTheReference() throws IOException {
        // xet_data/src/deduplication/chunking.rs test_correctness_100kb_hitting_data: 128 paddings of a pattern
        List<String> lines = lines("xet/chunk-vectors.txt");
        int[] pattern = Arrays.stream(
                        lines.get(0).substring("pattern ".length()).split(" "))
                .mapToInt(Integer::parseInt)
                .toArray();
        for (String line : lines.subList(1, lines.size())) {
            int[] v = Arrays.stream(line.substring("pad ".length()).split(" "))
                    .mapToInt(Integer::parseInt)
                    .toArray();
            byte[] data = triggeringData(pattern, 65536, v[0]);
            assertEquals(v[1], data[11111] & 0xFF, "input at 11111, padding " + v[0]);
            int[] expected = Arrays.copyOfRange(v, 2, v.length);
            assertArrayEquals(expected, boundaries(data), "boundaries, padding " + v[0]);
        }
        assertEquals(129, lines.size());
    }

    @Test
    void constantDataCutsAtTheMaximum() {
        // xet_data/src/deduplication/chunking.rs test_correctness_1mb_const_data
        byte[] data = new byte[1_000_000];
        Arrays.fill(data, (byte) 59);
        assertArrayEquals(
                new int[] {131072, 262144, 393216, 524288, 655360, 786432, 917504, 1000000}, boundaries(data));
    }

    static int[] boundaries(byte[] data) {
        return XetChunker.chunk(data).stream()
                .mapToInt(c -> c.offset() + c.length())
                .toArray();
    }

    /** The pattern, then {@code padding} zero bytes, then the whole repeated until {@code n} bytes. */
    private static byte[] triggeringData(int[] pattern, int n, int padding) {
        byte[] base = new byte[pattern.length + padding];
        for (int i = 0; i < pattern.length; i++) {
            base[i] = (byte) pattern[i];
        }
        byte[] data = new byte[Math.max(n, base.length)];
        int len = base.length;
        System.arraycopy(base, 0, data, 0, len);
        while (len < n) {
            int take = Math.min(n - len, len);
            System.arraycopy(data, 0, data, len, take);
            len += take;
        }
        return data;
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = XetVectorsTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
        }
    }
}
