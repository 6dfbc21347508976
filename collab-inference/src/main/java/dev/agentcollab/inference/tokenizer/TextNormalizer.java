package dev.agentcollab.inference.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The HF {@code normalizer} of a tokenizer.json: Replace (literal), Prepend, NFC/NFKC/NFD/NFKD and Sequence. */
final class TextNormalizer {
    private TextNormalizer() {}

    static UnaryOperator<String> of(JsonNode n) {
        if (n == null || n.isNull()) {
            return s -> s;
        }
        String type = n.path("type").asText();
        return switch (type) {
            case "Sequence" -> {
                List<UnaryOperator<String>> parts = new ArrayList<>();
                n.path("normalizers").forEach(c -> parts.add(of(c)));
                yield s -> {
                    for (UnaryOperator<String> p : parts) {
                        s = p.apply(s);
                    }
                    return s;
                };
            }
            case "Replace" -> {
                String pattern = literal(n.path("pattern"), type);
                String content = n.path("content").asText();
                yield s -> s.replace(pattern, content);
            }
            case "Prepend" -> {
                String prefix = n.path("prepend").asText();
                yield s -> s.isEmpty() ? s : prefix + s;
            }
            case "NFC" -> s -> Normalizer.normalize(s, Normalizer.Form.NFC);
            case "NFKC" -> s -> Normalizer.normalize(s, Normalizer.Form.NFKC);
            case "NFD" -> s -> Normalizer.normalize(s, Normalizer.Form.NFD);
            case "NFKD" -> s -> Normalizer.normalize(s, Normalizer.Form.NFKD);
            default -> throw unsupported("normalizer", type);
        };
    }

    static String literal(JsonNode pattern, String owner) {
        if (pattern.has("String")) {
            return pattern.get("String").asText();
        }
        throw unsupported(owner + " pattern", pattern.toString());
    }

    static CollabException unsupported(String what, String type) {
        return CollabException.of(
                ErrorCode.INVALID_REQUEST,
                "unsupported tokenizer " + what + ": " + type,
                "supported: BPE with byte fallback, literal Replace/Prepend/Split, Metaspace, NFC/NFKC");
    }
}
