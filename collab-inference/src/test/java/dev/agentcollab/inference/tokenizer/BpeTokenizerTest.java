package dev.agentcollab.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small Gemma-style tokenizer.json (BPE, byte fallback, space to ▁, special tokens) written and loaded back. */
class BpeTokenizerTest {
    private static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path dir;

    /** ids: 0 pad, 1 eos, 2 bos, 3 unk, 4..259 bytes, then pieces. */
    static ObjectNode gemmaStyle(boolean arrayMerges) {
        ObjectNode root = M.createObjectNode();
        ArrayNode added = root.putArray("added_tokens");
        String[] specials = {"<pad>", "<eos>", "<bos>", "<unk>"};
        for (int i = 0; i < specials.length; i++) {
            added.addObject().put("id", i).put("content", specials[i]).put("special", true);
        }
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE")
                .put("byte_fallback", true)
                .put("unk_token", "<unk>")
                .put("fuse_unk", true);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < specials.length; i++) {
            vocab.put(specials[i], i);
        }
        for (int b = 0; b < 256; b++) {
            vocab.put(String.format("<0x%02X>", b), 4 + b);
        }
        String[] pieces = {
            "▁",
            "h",
            "e",
            "l",
            "o",
            "w",
            "r",
            "d",
            "he",
            "ll",
            "llo",
            "hello",
            "▁w",
            "▁wor",
            "or",
            "▁world",
            "▁hello",
            "<start_of_turn>",
            "<end_of_turn>",
            "é",
            "▁worl"
        };
        for (int i = 0; i < pieces.length; i++) {
            vocab.put(pieces[i], 260 + i);
        }
        String[][] merges = {
            {"h", "e"},
            {"l", "l"},
            {"ll", "o"},
            {"he", "llo"},
            {"▁", "w"},
            {"o", "r"},
            {"▁w", "or"},
            {"▁wor", "l"},
            {"▁worl", "d"},
            {"▁", "hello"}
        };
        ArrayNode m = model.putArray("merges");
        for (String[] pair : merges) {
            if (arrayMerges) {
                m.addArray().add(pair[0]).add(pair[1]);
            } else {
                m.add(pair[0] + " " + pair[1]);
            }
        }
        added.addObject().put("id", 277).put("content", "<start_of_turn>").put("special", true);
        added.addObject().put("id", 278).put("content", "<end_of_turn>").put("special", true);
        root.putObject("normalizer")
                .put("type", "Replace")
                .put("content", "▁")
                .putObject("pattern")
                .put("String", " ");
        root.putNull("pre_tokenizer");
        ObjectNode dec = root.putObject("decoder").put("type", "Sequence");
        ArrayNode decs = dec.putArray("decoders");
        ObjectNode rep = decs.addObject().put("type", "Replace").put("content", " ");
        rep.putObject("pattern").put("String", "▁");
        decs.addObject().put("type", "ByteFallback");
        decs.addObject().put("type", "Fuse");
        return root;
    }

    private Tokenizer load(ObjectNode json) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, json.toPrettyString());
        return HfTokenizers.load(file);
    }

    @Test
    void mergesByRankAndFallsBackToBytes() throws IOException {
        Tokenizer t = load(gemmaStyle(false));
        // "hello▁world": h+e, l+l, ll+o, he+llo -> hello; ▁+w, o+r, ▁w+or, ▁wor+l, ▁worl+d -> ▁world
        int hello = t.id("hello").orElseThrow();
        int[] ids = t.encode("hello world");
        assertArrayEquals(new int[] {hello, t.id("▁world").orElseThrow()}, ids);
        assertEquals("hello world", t.decode(ids, false));
        // "x" is not in the vocabulary: byte fallback
        assertArrayEquals(new int[] {hello, 4 + 'x'}, t.encode("hellox"));
        int[] emoji = t.encode("é😀");
        assertEquals(t.id("é").orElseThrow(), emoji[0]);
        assertEquals(1 + 4, emoji.length, "the emoji is 4 UTF-8 byte tokens");
        assertEquals(4 + 0xF0, emoji[1]);
        assertEquals("é😀", t.decode(emoji, false));
    }

    @Test
    void specialTokensAreMatchedBeforeNormalizationAndCanBeSkipped() throws IOException {
        Tokenizer t = load(gemmaStyle(true));
        int[] ids = t.encode("<bos><start_of_turn>hello<end_of_turn>");
        assertArrayEquals(new int[] {2, 277, t.id("hello").orElseThrow(), 278}, ids);
        assertEquals("hello", t.decode(ids, true));
        assertEquals("<bos><start_of_turn>hello<end_of_turn>", t.decode(ids, false));
    }

    @Test
    void arrayAndStringMergesEncodeIdentically() throws IOException {
        Tokenizer a = load(gemmaStyle(true));
        Tokenizer b = load(gemmaStyle(false));
        for (String s : new String[] {"hello world", " hello  hello", "wow, ölé!", "héllo\n\tworld"}) {
            assertArrayEquals(a.encode(s), b.encode(s), s);
            assertEquals(s, a.decode(a.encode(s), false), s);
        }
        assertEquals(281, a.vocabSize());
        assertEquals("▁hello", a.piece(a.encode(" hello")[0]));
    }

    @Test
    void unpairedSurrogatesAreRejectedNotTurnedIntoQuestionMarks() throws IOException {
        Tokenizer t = load(gemmaStyle(false));
        for (String bad : new String[] {"a\uD83D", "\uDE00b", "x\uDE00\uD83Dy"}) {
            CollabException e = assertThrows(CollabException.class, () -> t.encode(bad), bad);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
        }
        assertEquals("é😀", t.decode(t.encode("é\uD83D\uDE00"), false), "a paired surrogate is fine");
    }

    @Test
    void theLongestAddedTokenWinsAmongOverlappingOnes() throws IOException {
        ObjectNode json = gemmaStyle(false);
        ArrayNode added = (ArrayNode) json.get("added_tokens");
        ObjectNode vocab = (ObjectNode) json.get("model").get("vocab");
        String[] tokens = {"<s", "<start", "<start_of_turn>x"};
        for (int i = 0; i < tokens.length; i++) {
            added.addObject().put("id", 281 + i).put("content", tokens[i]).put("special", true);
            vocab.put(tokens[i], 281 + i);
        }
        Tokenizer t = load(json);
        assertArrayEquals(new int[] {283}, t.encode("<start_of_turn>x"));
        assertArrayEquals(new int[] {277, t.id("hello").orElseThrow()}, t.encode("<start_of_turn>hello"));
        assertArrayEquals(new int[] {282, 281}, t.encode("<start<s"));
        int[] dense = t.encode("<<s<");
        assertArrayEquals(new int[] {4 + '<', 281, 4 + '<'}, dense);
    }

    @Test
    void aMergeOutsideTheVocabularyIsRejectedAtLoad() {
        ObjectNode json = gemmaStyle(false);
        ((ArrayNode) json.get("model").get("merges")).add("w d");
        CollabException e = assertThrows(CollabException.class, () -> HfTokenizers.parse(json));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    }

    @Test
    void aMalformedFileIsRefusedWithAClearErrorNotLoadedEmptyOrThrownRaw() throws IOException {
        String vocab = "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":%s}%s}";
        String[][] cases = {
            {"", "malformed tokenizer.json: it is empty"},
            {"[]", "malformed tokenizer.json: it is not a JSON object"},
            {"{\"version\":\"1.0\"}", "malformed tokenizer.json: it has no \"model\" object"},
            {
                "{\"model\":{\"type\":\"BPE\",\"vocab\":[\"a\"]}}",
                "malformed tokenizer.json: \"model.vocab\" is not an object of pieces to ids"
            },
            {
                "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":-1}}}",
                "malformed tokenizer.json: the id of piece \"a\" is -1, not a token id"
            },
            {
                "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":\"zero\"}}}",
                "malformed tokenizer.json: the id of piece \"a\" is \"zero\", not a token id"
            },
            {vocab.formatted("[[\"a\"]]", ""), "malformed tokenizer.json: merge [\"a\"] is not a pair of strings"},
            {vocab.formatted("{}", ""), "malformed tokenizer.json: \"model.merges\" is not an array"},
            {
                vocab.formatted("[]", ",\"added_tokens\":[{\"id\":-3,\"content\":\"x\"}]"),
                "malformed tokenizer.json: the id of added token \"x\" is -3, not a token id"
            },
            {
                vocab.formatted("[]", ",\"added_tokens\":[{\"content\":\"x\"}]"),
                "malformed tokenizer.json: the id of added token \"x\" is missing"
            },
        };
        for (String[] c : cases) {
            Path file = dir.resolve("tokenizer.json");
            Files.writeString(file, c[0]);
            CollabException e = assertThrows(CollabException.class, () -> HfTokenizers.load(file), c[0]);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code(), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
        }
    }

    @Test
    void unsupportedModelsAreRejected() {
        ObjectNode json = gemmaStyle(false);
        ((ObjectNode) json.get("model")).put("type", "Unigram");
        assertThrows(CollabException.class, () -> HfTokenizers.parse(json));
        assertThrows(CollabException.class, () -> HfTokenizers.load(dir.resolve("missing.json")));
    }
}
