package dev.agentcollab.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tokenizer.json settings behave as in HF tokenizers (compared with its Rust implementation), or the file is refused
 * naming the setting: none is silently ignored.
 */
class HfTokenizerSemanticsTest {
    @TempDir
    Path dir;

    private int files;

    private static final String SMALL =
            """
            {"version":"1.0","added_tokens":[{"id":1,"content":"<s>","single_word":false,"lstrip":false,"rstrip":false,\
            "normalized":false,"special":true}%s],
             "normalizer":%s,"pre_tokenizer":%s,"post_processor":null,
             "decoder":{"type":"Metaspace","replacement":"\u2581","prepend_scheme":"first","split":false},
             "model":{"type":"BPE","dropout":null,"unk_token":"<unk>","continuing_subword_prefix":null,\
            "end_of_word_suffix":null,"fuse_unk":true,"byte_fallback":false,"ignore_merges":false,
               "vocab":{"<unk>":0,"<s>":1,"\u2581":2,"a":3,"b":4,"\u2581a":5,"\u2581b":6,"-":7,"a-b":8,"a-":9,"<e>":10},
               "merges":["\u2581 a","\u2581 b","a -","a- b"]}}
            """;

    private Path write(String json) throws Exception {
        Path f = dir.resolve("t" + files++ + ".json");
        Files.writeString(f, json);
        return f;
    }

    /** Our ids and HF's for each text. */
    private static void assertEncodesAsHf(Path file, String... texts) throws Exception {
        Tokenizer ours = HfTokenizers.load(file);
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file)
                .optAddSpecialTokens(false)
                .build()) {
            for (String text : texts) {
                int[] expected = Arrays.stream(hf.encode(text).getIds())
                        .mapToInt(Math::toIntExact)
                        .toArray();
                int[] got = ours.encode(text);
                assertArrayEquals(
                        expected,
                        got,
                        () -> text + ": HF " + Arrays.toString(expected) + ", ours " + Arrays.toString(got));
            }
        }
    }

    @Test
    void metaspacePrependSchemeFirstPrependsOnlyAtTheStartOfTheInput() throws Exception {
        String metaspace =
                "{\"type\":\"Metaspace\",\"replacement\":\"\u2581\",\"prepend_scheme\":\"first\",\"split\":false}";
        Path file = write(SMALL.formatted("", "null", metaspace));
        assertEncodesAsHf(file, "a<s>b", "<s>a", "a b<s> b", "a", " a");
        assertArrayEquals(new int[] {5, 1, 4}, HfTokenizers.load(file).encode("a<s>b"), "▁a <s> b, not ▁b");
        String inSequence =
                "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Split\",\"pattern\":{\"String\":\"-\"},"
                        + "\"behavior\":\"Removed\",\"invert\":false}," + metaspace + "]}";
        assertEncodesAsHf(write(SMALL.formatted("", "null", inSequence)), "a-b", "-a", "a<s>-b", "--a-b");
    }

    @Test
    void addedTokensLstripAndRstripTakeTheWhitespaceAroundThem() throws Exception {
        String e = ",{\"id\":10,\"content\":\"<e>\",\"single_word\":false,\"lstrip\":%s,\"rstrip\":%s,"
                + "\"normalized\":false,\"special\":true}";
        String metaspace =
                "{\"type\":\"Metaspace\",\"replacement\":\"\u2581\",\"prepend_scheme\":\"always\",\"split\":true}";
        for (String[] strip : new String[][] {{"true", "true"}, {"true", "false"}, {"false", "true"}}) {
            Path file = write(SMALL.formatted(e.formatted(strip[0], strip[1]), "null", metaspace));
            assertEncodesAsHf(file, "a <e> b", "a<e>b", "a  <e>\t\u00a0b", " <e> ", "<e>  <e>");
        }
        Path both = write(SMALL.formatted(e.formatted("true", "true"), "null", metaspace));
        assertArrayEquals(new int[] {5, 10, 6}, HfTokenizers.load(both).encode("a <e> b"));
    }

    @Test
    void decodeSkipsIdsOutsideTheVocabularyAsHfDoesWhilePieceRefusesThem() throws Exception {
        String metaspace =
                "{\"type\":\"Metaspace\",\"replacement\":\"\u2581\",\"prepend_scheme\":\"first\",\"split\":false}";
        Path file = write(SMALL.formatted("", "null", metaspace));
        Tokenizer ours = HfTokenizers.load(file);
        int[][] cases = {{5, 11, 6}, {11}, {-1, 5, 1}, {1, 4096, 3, Integer.MAX_VALUE, 6}};
        assertEquals("a b", ours.decode(cases[0], false), "▁a, an unknown id, ▁b");
        assertEquals("", ours.decode(cases[1], true));
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file)
                .optAddSpecialTokens(false)
                .build()) {
            for (int[] c : cases) {
                for (boolean skip : new boolean[] {true, false}) {
                    long[] ids = Arrays.stream(c).asLongStream().toArray();
                    assertEquals(hf.decode(ids, skip), ours.decode(c, skip), Arrays.toString(c) + " skip " + skip);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ours.piece(11), "a lookup names what it cannot find");
        assertThrows(IllegalArgumentException.class, () -> ours.piece(-1));
    }

    @Test
    void byteFallbackDecodesAnInvalidUtf8RunAsOneReplacementCharacterPerByte() throws Exception {
        ObjectNode json = BpeTokenizerTest.gemmaStyle(false);
        json.get("added_tokens").forEach(a -> ((ObjectNode) a)
                .put("single_word", false)
                .put("lstrip", false)
                .put("rstrip", false)
                .put("normalized", false));
        Path file = write(json.toPrettyString());
        Tokenizer ours = HfTokenizers.load(file);
        int hello = ours.id("hello").orElseThrow();
        int sot = ours.id("<start_of_turn>").orElseThrow();
        int[][] cases = {
            {4 + 0xE2, 4 + 0x82},
            {4 + 0xE2, 4 + 0x82, 4 + 0xAC},
            {4 + 0xE2, 4 + 0x82, 4 + 0xAC, 4 + 0xE2},
            {4 + 'A', 4 + 0xE2, hello},
            {hello, 4 + 0xE2, 4 + 0x82, 4 + 0xAC},
            {4 + 0xE2, sot, 4 + 0x82, 4 + 0xAC},
            {4 + 0xED, 4 + 0xA0, 4 + 0x80}, // an encoded surrogate is not UTF-8
            {4 + 0xC0, 4 + 0x80}, // nor an overlong encoding
        };
        assertEquals("\uFFFD\uFFFD", ours.decode(cases[0], false));
        assertEquals("€", ours.decode(cases[1], false));
        assertEquals("\uFFFD\uFFFD\uFFFD\uFFFD", ours.decode(cases[2], false));
        assertEquals("\uFFFD\uFFFDhello", ours.decode(cases[3], false), "the whole run, the valid 'A' too");
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file)
                .optAddSpecialTokens(false)
                .build()) {
            for (int[] c : cases) {
                for (boolean skip : new boolean[] {true, false}) {
                    long[] ids = Arrays.stream(c).asLongStream().toArray();
                    assertEquals(hf.decode(ids, skip), ours.decode(c, skip), Arrays.toString(c) + " skip " + skip);
                }
            }
        }
    }

    @Test
    void decodersRunAsAChainOverTheTokensAsInHf() throws Exception {
        String replace = "{\"type\":\"Replace\",\"pattern\":{\"String\":\"\u2581\"},\"content\":\" \"}";
        String strip = "{\"type\":\"Strip\",\"content\":\" \",\"start\":%d,\"stop\":%d}";
        String fuse = "{\"type\":\"Fuse\"}";
        String metaspace =
                "{\"type\":\"Metaspace\",\"replacement\":\"\u2581\",\"prepend_scheme\":\"%s\",\"split\":true}";
        List<String> decoders = List.of(
                metaspace.formatted("always"),
                metaspace.formatted("first"),
                metaspace.formatted("never"),
                "{\"type\":\"Sequence\",\"decoders\":[" + replace + "," + strip.formatted(1, 0) + "," + fuse + "]}",
                "{\"type\":\"Sequence\",\"decoders\":[" + replace + "," + fuse + "," + strip.formatted(0, 1) + "]}",
                "{\"type\":\"Sequence\",\"decoders\":[{\"type\":\"Replace\",\"pattern\":{\"String\":\"a\"},"
                        + "\"content\":\"A\"},{\"type\":\"ByteFallback\"}," + fuse + "]}",
                "null");
        // 11 "▁▁", 12 " ", 13 "<0x41>", 14 "<0x+A>" (Rust reads "+A" as hex 0A)
        int[][] cases = {{11, 3}, {11, 11, 3}, {1, 11, 3}, {12, 12, 5}, {1, 5, 6}, {5, 1, 6, 12}, {13, 5}, {14, 3}};
        for (String decoder : decoders) {
            String json = SMALL.formatted("", "null", "null")
                    .replace(metaspace.formatted("first").replace("true}", "false}"), decoder)
                    .replace("\"<e>\":10}", "\"<e>\":10,\"\u2581\u2581\":11,\" \":12,\"<0x41>\":13,\"<0x+A>\":14}");
            Path file = write(json);
            Tokenizer ours = HfTokenizers.load(file);
            try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .build()) {
                for (int[] c : cases) {
                    for (boolean skip : new boolean[] {true, false}) {
                        long[] ids = Arrays.stream(c).asLongStream().toArray();
                        assertEquals(
                                hf.decode(ids, skip),
                                ours.decode(c, skip),
                                decoder + " " + Arrays.toString(c) + " skip " + skip);
                    }
                }
            }
        }
    }

    @Test
    void aMergeListedTwiceTakesItsLaterRank() throws Exception {
        Path file = write(SMALL.formatted("", "null", "null")
                .replace("\"<e>\":10}", "\"<e>\":10,\"ab\":11,\"ba\":12}")
                .replace("\"a- b\"]", "\"a- b\",\"a b\",\"b a\",\"a b\"]"));
        assertEncodesAsHf(file, "aba", "bab", "abab", "ab");
        assertArrayEquals(new int[] {3, 12}, HfTokenizers.load(file).encode("aba"), "b a (rank 5) before a b (rank 6)");
    }

    @Test
    void fuseUnkTurnsARunOfUnknownCharactersIntoOneUnknownToken() throws Exception {
        for (String fuse : List.of("true", "false")) {
            Path file = write(SMALL.formatted("", "null", "null").replace("\"fuse_unk\":true", "\"fuse_unk\":" + fuse));
            assertEncodesAsHf(file, "axyzb", "xa", "x\ty", "a<s>xy");
        }
        Path fused = write(SMALL.formatted("", "null", "null"));
        assertArrayEquals(new int[] {3, 0, 4}, HfTokenizers.load(fused).encode("axyzb"));
    }

    @Test
    void settingsWithoutAnImplementationAreRefusedNamingTheSetting() throws Exception {
        String split = "{\"type\":\"Split\",\"pattern\":{\"String\":\"-\"},\"behavior\":\"Removed\",\"invert\":true}";
        String added = ",{\"id\":10,\"content\":\"<e>\",\"single_word\":%s,\"lstrip\":false,\"rstrip\":false,"
                + "\"normalized\":%s,\"special\":false}";
        String nfc = "{\"type\":\"NFC\"}";
        List<List<String>> cases = List.of(
                List.of("", "null", split, "unsupported tokenizer Split invert: true"),
                List.of(
                        added.formatted("true", "false"),
                        "null",
                        "null",
                        "unsupported tokenizer added_tokens setting: single_word: true on \"<e>\""),
                List.of(
                        added.formatted("false", "true"),
                        nfc,
                        "null",
                        "unsupported tokenizer added_tokens setting: normalized: true (with a normalizer) on \"<e>\""),
                List.of(
                        "",
                        "null",
                        "{\"type\":\"Metaspace\",\"replacement\":\"\u2581\",\"prepend_scheme\":\"sometimes\"}",
                        "unsupported tokenizer Metaspace prepend_scheme: sometimes"),
                // an empty delimiter is found again at the same place forever: refused at load, not a hang
                List.of(
                        "",
                        "null",
                        split.replace("-", "").replace("true", "false"),
                        "unsupported tokenizer Split pattern: \"\" (empty)"),
                List.of(
                        "",
                        "null",
                        "{\"type\":\"Metaspace\",\"replacement\":\"\",\"prepend_scheme\":\"always\"}",
                        "unsupported tokenizer Metaspace replacement: \"\" (not one character)"));
        for (List<String> c : cases) {
            Path file = write(SMALL.formatted(c.get(0), c.get(1), c.get(2)));
            CollabException e = assertThrows(CollabException.class, () -> HfTokenizers.load(file), c::toString);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertEquals(c.get(3), e.getMessage());
        }
        // model settings that change the ids HF gives
        List<List<String>> model = List.of(
                List.of(
                        "\"continuing_subword_prefix\":null",
                        "\"continuing_subword_prefix\":\"##\"",
                        "unsupported tokenizer BPE continuing_subword_prefix: \"##\""),
                List.of(
                        "\"end_of_word_suffix\":null",
                        "\"end_of_word_suffix\":\"</w>\"",
                        "unsupported tokenizer BPE end_of_word_suffix: \"</w>\""),
                List.of("\"dropout\":null", "\"dropout\":0.1", "unsupported tokenizer BPE dropout: 0.1"));
        for (List<String> c : model) {
            Path file = write(SMALL.formatted("", "null", "null").replace(c.get(0), c.get(1)));
            CollabException e = assertThrows(CollabException.class, () -> HfTokenizers.load(file), c::toString);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertEquals(c.get(2), e.getMessage());
        }
        // without a normalizer, matching in the normalized text is matching in the raw text
        Path plain = write(SMALL.formatted(added.formatted("false", "true"), "null", "null"));
        assertEncodesAsHf(plain, "a<e>b");
    }
}
