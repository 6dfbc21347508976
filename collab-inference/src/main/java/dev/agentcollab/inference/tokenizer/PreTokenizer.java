package dev.agentcollab.inference.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The HF {@code pre_tokenizer}: none, Metaspace, literal Split, or a Sequence of them. */
final class PreTokenizer {
    private PreTokenizer() {}

    static Function<String, List<String>> of(JsonNode n) {
        if (n == null || n.isNull()) {
            return List::of;
        }
        String type = n.path("type").asText();
        return switch (type) {
            case "Sequence" -> {
                List<Function<String, List<String>>> parts = new ArrayList<>();
                n.path("pretokenizers").forEach(c -> parts.add(of(c)));
                yield s -> {
                    List<String> words = List.of(s);
                    for (Function<String, List<String>> p : parts) {
                        List<String> next = new ArrayList<>();
                        words.forEach(w -> next.addAll(p.apply(w)));
                        words = next;
                    }
                    return words;
                };
            }
            case "Metaspace" -> {
                String rep = n.path("replacement").asText("▁");
                boolean prepend = !n.path("prepend_scheme").asText("always").equals("never")
                        && n.path("add_prefix_space").asBoolean(true);
                boolean split = n.path("split").asBoolean(true);
                yield s -> {
                    String r = s.replace(" ", rep);
                    if (prepend && !r.startsWith(rep)) {
                        r = rep + r;
                    }
                    return split ? split(r, rep, "MergedWithNext") : List.of(r);
                };
            }
            case "Split" -> {
                String pattern = TextNormalizer.literal(n.path("pattern"), type);
                String behavior = n.path("behavior").asText("Isolated");
                yield s -> split(s, pattern, behavior);
            }
            default -> throw TextNormalizer.unsupported("pre_tokenizer", type);
        };
    }

    /** Splits on a literal delimiter with HF's SplitDelimiterBehavior semantics. */
    static List<String> split(String s, String delim, String behavior) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = s.indexOf(delim);
        StringBuilder carry = new StringBuilder();
        while (i >= 0) {
            String before = s.substring(start, i);
            switch (behavior) {
                case "Removed" -> add(out, before);
                case "Isolated" -> {
                    add(out, before);
                    out.add(delim);
                }
                case "MergedWithPrevious" -> add(out, before + delim);
                case "MergedWithNext" -> {
                    add(out, carry + before);
                    carry.setLength(0);
                    carry.append(delim);
                }
                case "Contiguous" -> {
                    add(out, before);
                    if (!out.isEmpty()
                            && before.isEmpty()
                            && out.get(out.size() - 1).endsWith(delim)) {
                        out.set(out.size() - 1, out.get(out.size() - 1) + delim);
                    } else {
                        out.add(delim);
                    }
                }
                default -> throw TextNormalizer.unsupported("split behavior", behavior);
            }
            start = i + delim.length();
            i = s.indexOf(delim, start);
        }
        add(out, carry + s.substring(start));
        return out;
    }

    private static void add(List<String> out, String s) {
        if (!s.isEmpty()) {
            out.add(s);
        }
    }
}
