package dev.agentcollab.inference.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads HF {@code tokenizer.json} files. Supported: {@code "model": {"type": "BPE"}} with {@code byte_fallback},
 * {@code ignore_merges} (no {@code continuing_subword_prefix}, {@code end_of_word_suffix} or {@code dropout}), merges as {@code "a b"} strings or {@code ["a","b"]} pairs; {@code added_tokens} (with
 * {@code lstrip}/{@code rstrip}; {@code single_word}, and {@code normalized} under a normalizer, are rejected);
 * normalizers Replace/Prepend/NFC/NFKC/Sequence; pre-tokenizers Metaspace (any {@code prepend_scheme})/Split (not
 * inverted)/Sequence; decoders
 * Replace/Metaspace/ByteFallback/Fuse/Strip/Sequence, run as a chain over the tokens as in HF (no decoder: the tokens
 * joined with spaces). Other model types (Unigram, WordPiece) and regex patterns are
 * rejected with {@link ErrorCode#INVALID_REQUEST}.
 */
public final class HfTokenizers {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HfTokenizers() {}

    /**
     * Reads a tokenizer file.
     *
     * @param tokenizerJson the file
     * @return the tokenizer
     * @throws CollabException {@link ErrorCode#NOT_FOUND} if missing, {@link ErrorCode#INVALID_REQUEST} if unsupported
     */
    public static Tokenizer load(Path tokenizerJson) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw CollabException.notFound(tokenizerJson.toString());
        }
        try {
            return parse(MAPPER.readTree(tokenizerJson.toFile()));
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "cannot read " + tokenizerJson + ": " + e.getMessage())
                    .withCause(e);
        }
    }

    /**
     * Builds a tokenizer from a parsed {@code tokenizer.json} tree.
     *
     * @param root the JSON root
     * @return the tokenizer
     */
    public static Tokenizer parse(JsonNode root) {
        if (!root.isObject()) {
            throw malformed("it is " + (root.isMissingNode() ? "empty" : "not a JSON object"));
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isObject()) {
            throw malformed("it has no \"model\" object");
        }
        String type = model.path("type").asText("BPE");
        if (!type.equals("BPE")) {
            throw TextNormalizer.unsupported("model", type);
        }
        for (String affix : List.of("continuing_subword_prefix", "end_of_word_suffix")) {
            if (!model.path(affix).asText("").isEmpty()) {
                throw TextNormalizer.unsupported(
                        "BPE " + affix, model.get(affix).toString());
            }
        }
        if (model.path("dropout").asDouble(0) > 0) {
            throw TextNormalizer.unsupported("BPE dropout", model.get("dropout").toString());
        }
        JsonNode vocabNode = model.get("vocab");
        if (vocabNode == null || !vocabNode.isObject()) {
            throw malformed("\"model.vocab\" is not an object of pieces to ids");
        }
        Map<String, Integer> vocab = new HashMap<>();
        vocabNode
                .properties()
                .forEach(e -> vocab.put(e.getKey(), tokenId(e.getValue(), "piece \"" + e.getKey() + "\"")));
        JsonNode mergesNode = model.path("merges");
        if (!mergesNode.isMissingNode() && !mergesNode.isArray()) {
            throw malformed("\"model.merges\" is not an array");
        }
        List<String[]> merges = new ArrayList<>();
        for (JsonNode m : mergesNode) {
            if (m.isArray()) {
                if (m.size() != 2 || !m.get(0).isTextual() || !m.get(1).isTextual()) {
                    throw malformed("merge " + m + " is not a pair of strings");
                }
                merges.add(new String[] {m.get(0).asText(), m.get(1).asText()});
            } else {
                if (!m.isTextual()) {
                    throw malformed("merge " + m + " is neither \"left right\" nor a pair of strings");
                }
                String s = m.asText();
                int sp = s.indexOf(' ', 1);
                if (sp < 0) {
                    throw CollabException.of(ErrorCode.INVALID_REQUEST, "malformed merge: " + s);
                }
                merges.add(new String[] {s.substring(0, sp), s.substring(sp + 1)});
            }
        }
        List<BpeTokenizer.AddedToken> added = new ArrayList<>();
        JsonNode normalizer = root.get("normalizer");
        for (JsonNode a : root.path("added_tokens")) {
            if (!a.path("content").isTextual()) {
                throw malformed("added token " + a + " has no \"content\" string");
            }
            String content = a.path("content").asText();
            int id = tokenId(a.get("id"), "added token \"" + content + "\"");
            if (a.path("single_word").asBoolean(false)) {
                throw unsupportedAddedToken(content, "single_word: true");
            }
            // matched in the normalized text: the same as in the raw text only without a normalizer
            if (a.path("normalized").asBoolean(!a.path("special").asBoolean(false))
                    && normalizer != null
                    && !normalizer.isNull()) {
                throw unsupportedAddedToken(content, "normalized: true (with a normalizer)");
            }
            added.add(new BpeTokenizer.AddedToken(
                    content,
                    id,
                    a.path("special").asBoolean(false),
                    a.path("lstrip").asBoolean(false),
                    a.path("rstrip").asBoolean(false)));
        }
        JsonNode unk = model.path("unk_token");
        return new BpeTokenizer(
                vocab,
                merges,
                model.path("byte_fallback").asBoolean(false),
                model.path("ignore_merges").asBoolean(false),
                unk.isTextual() ? unk.asText() : null,
                model.path("fuse_unk").asBoolean(false),
                added,
                TextNormalizer.of(normalizer),
                PreTokenizer.of(root.get("pre_tokenizer")),
                TokenDecoder.of(root.get("decoder")));
    }

    /** A token id: a JSON integer from 0 to {@link Integer#MAX_VALUE}. */
    private static int tokenId(JsonNode id, String owner) {
        if (id == null || !id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
            throw malformed("the id of " + owner + " is " + (id == null ? "missing" : id + ", not a token id"));
        }
        return id.intValue();
    }

    private static CollabException malformed(String what) {
        return CollabException.of(
                ErrorCode.INVALID_REQUEST,
                "malformed tokenizer.json: " + what,
                "use the model's Hugging Face tokenizer.json as published; download it again if it was cut short");
    }

    private static CollabException unsupportedAddedToken(String content, String setting) {
        return CollabException.of(
                ErrorCode.INVALID_REQUEST,
                "unsupported tokenizer added_tokens setting: " + setting + " on \"" + content + "\"",
                "supported added tokens: matched in the raw text (normalized: false, or no normalizer), with lstrip"
                        + " and rstrip; single_word is not");
    }
}
