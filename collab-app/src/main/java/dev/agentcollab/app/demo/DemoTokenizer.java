package dev.agentcollab.app.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.inference.pair.TinyPair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a small Gemma-style {@code tokenizer.json} for the demo model: ids 0..3 are {@code <pad> <eos> <bos>
 * <unk>}, 4..259 the byte-fallback tokens {@code <0x00>..<0xFF>}, then {@code ▁} and the printable ASCII
 * characters as pieces, with {@code ▁}+letter merges for the option letters; spaces are normalised to {@code ▁}
 * as in Gemma. It fits a 512-token vocabulary, so the demo can run text prompts and text multiple-choice items
 * through the engine's BPE tokenizer.
 */
final class DemoTokenizer {
    /** Ids used by this tokenizer are below this bound. */
    static final int VOCAB_BOUND = TinyPair.VOCAB;

    private DemoTokenizer() {}

    static void write(Path file) {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode added = root.putArray("added_tokens");
        String[] specials = {"<pad>", "<eos>", "<bos>", "<unk>"};
        ObjectNode model = Json.mapper().createObjectNode();
        model.put("type", "BPE")
                .put("byte_fallback", true)
                .put("unk_token", "<unk>")
                .put("fuse_unk", true);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < specials.length; i++) {
            added.addObject().put("id", i).put("content", specials[i]).put("special", true);
            vocab.put(specials[i], i);
        }
        for (int b = 0; b < 256; b++) {
            vocab.put(String.format(Locale.ROOT, "<0x%02X>", b), 4 + b);
        }
        int next = 260;
        vocab.put("▁", next++);
        for (char c = '!'; c <= '~'; c++) {
            vocab.put(String.valueOf(c), next++);
        }
        ArrayNode merges = model.putArray("merges");
        for (char c = 'A'; c <= 'J'; c++) {
            vocab.put("▁" + c, next++);
            merges.addArray().add("▁").add(String.valueOf(c));
        }
        root.set("model", model);
        root.putObject("normalizer")
                .put("type", "Replace")
                .put("content", "▁")
                .putObject("pattern")
                .put("String", " ");
        ObjectNode decoder = root.putObject("decoder").put("type", "Sequence");
        ArrayNode steps = decoder.putArray("decoders");
        steps.addObject()
                .put("type", "Replace")
                .put("content", " ")
                .putObject("pattern")
                .put("String", "▁");
        steps.addObject().put("type", "ByteFallback");
        steps.addObject().put("type", "Fuse");
        try {
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INTERNAL, "cannot write " + file).withCause(e);
        }
    }
}
