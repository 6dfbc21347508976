package dev.agentcollab.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
}
