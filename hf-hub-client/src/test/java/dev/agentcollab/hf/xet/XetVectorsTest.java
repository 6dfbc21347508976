package dev.agentcollab.hf.xet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Known-answer tests against vectors published in huggingface/xet-core (commit af1a3ff9, files named in the
 * resources): hash text form, xorb and salted file hashes, chunk boundaries; and in huggingface.js
 * ({@code packages/xetchunk-wasm/tests/index.test.ts}, values generated with xet-core): chunk, xorb, file, keyed and
 * verification hashes of deterministic data.
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

    @ParameterizedTest
    @CsvSource({
        // huggingface.js packages/xetchunk-wasm/tests/index.test.ts, "verified against Rust thin-wasm"
        "200000, 7, 13, f0755d96ee199d4f01e83da9fe2c38353de7fd38fb79a320a7d50be510026f74,"
                + " d88d9e0b760f32c90b7c6592b4cb85251c01bb797371e3c637087b96ac578723",
        "1000000, 13, 37, 7be289d851485c40dcde52dbcf37a7823a5ef0bfcdf1ca1c5a32ad9594c71571,"
                + " 041a50f3639f4a080a89237025d643e2a3e22935ca5d7dbc1a38f5c1e859f859"
    })
    void chunkXorbAndFileHashesOfArithmeticDataMatchXetCore(int size, int a, int b, String xorb, String file) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * a + b);
        }
        // The reference hashes every chunk of the content as one xorb; an upload stores a repeated chunk once.
        List<XetChunk> chunks = XetChunker.chunk(data);
        assertEquals(
                xorb,
                XetHashing.xorbHash(chunks.stream().map(XetChunk::leaf).toList())
                        .hex());
        XetFile f = XetFile.of(data);
        assertEquals(file, f.hash().hex());
    }

    @Test
    void aMaximumSizeChunkOfXorshiftDataMatchesXetCore() {
        // huggingface.js packages/xetchunk-wasm/tests/index.test.ts, "Minimum chunk size regression"
        byte[] data = new byte[3 * 1024 * 1024];
        int state = 0x9e3779b9;
        for (int i = 0; i < data.length; i++) {
            state ^= state << 13;
            state ^= state >>> 17;
            state ^= state << 5;
            data[i] = (byte) state;
        }
        List<XetChunk> chunks = XetChunker.chunk(data);
        assertEquals(52, chunks.size());
        assertEquals(131072, chunks.get(44).length());
        assertEquals(
                "8ee1833ff616a01e187888865c8e22f403c860b7a6c347ba28c4511995875086",
                chunks.get(44).hash().hex());
    }

    @Test
    void keyedAndVerificationHashesMatchXetCore() {
        // huggingface.js packages/xetchunk-wasm/tests/index.test.ts, "hmac" and "verificationHash"
        XetHash h1 = XetHash.fromHex("118bbac5c38b2bca9c2b7ae8307786de066696b91b2b5ccb7dbbd4608c966882");
        XetHash h2 = XetHash.fromHex("7884d4de4bcc904767362a91e97eb6c2b6bc5f3a61b640d0cad8bb1129ff0827");
        byte[] key = XetHash.fromHex("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")
                .bytes();
        assertEquals(
                "1e1f5ae2bae99fe030647a14a8c5fe6cdce57826387a7552236dfbebed533e04",
                XetHashing.keyedHash(key, h1.bytes()).hex());
        assertEquals(
                "82d580dd3896919ef870af78b2c7bd21e67e79777922bbc8cef1fc21630c308c",
                XetHashing.rangeHash(List.of(h1, h2)).hex());
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
