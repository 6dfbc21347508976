package dev.agentcollab.inference.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The HF {@code pre_tokenizer}: none, Metaspace, literal Split, or a Sequence of them. Settings whose HF meaning is
 * not implemented (a Split's {@code invert: true} or empty pattern, an unknown Metaspace {@code prepend_scheme}, a
 * Metaspace replacement that is not one character) are refused, not ignored.
 */
final class PreTokenizer {
    private PreTokenizer() {}

    /** One pre-tokenizer: a text's words, and whether the first word still starts where the text did. */
    interface Words {
        /**
         * Splits a text.
         *
         * @param s the text
         * @param atStart whether {@code s} starts at the start of the encoded input (Metaspace's {@code first})
         * @return the words
         */
        Split apply(String s, boolean atStart);
    }

    /**
     * Words.
     *
     * @param words the words, none empty
     * @param firstAtStart whether the first word starts at the start of the encoded input
     */
    record Split(List<String> words, boolean firstAtStart) {}

    static Words of(JsonNode n) {
        if (n == null || n.isNull()) {
            return (s, atStart) -> new Split(s.isEmpty() ? List.of() : List.of(s), atStart);
        }
        String type = n.path("type").asText();
        return switch (type) {
            case "Sequence" -> {
                List<Words> parts = new ArrayList<>();
                n.path("pretokenizers").forEach(c -> parts.add(of(c)));
                yield (s, atStart) -> {
                    List<String> words = s.isEmpty() ? List.of() : List.of(s);
                    boolean first = atStart;
                    for (Words p : parts) {
                        List<String> next = new ArrayList<>();
                        boolean nextFirst = false;
                        for (int k = 0; k < words.size(); k++) {
                            Split out = p.apply(words.get(k), k == 0 && first);
                            if (next.isEmpty()) {
                                nextFirst = k == 0 && out.firstAtStart();
                            }
                            next.addAll(out.words());
                        }
                        words = next;
                        first = nextFirst;
                    }
                    return new Split(words, first);
                };
            }
            case "Metaspace" -> {
                String rep = n.path("replacement").asText("▁");
                if (rep.isEmpty() || rep.codePointCount(0, rep.length()) != 1) {
                    // HF reads the replacement as one character; an empty one would never advance a split
                    throw TextNormalizer.unsupported("Metaspace replacement", "\"" + rep + "\" (not one character)");
                }
                String scheme = n.path("prepend_scheme").asText("always");
                if (!List.of("always", "first", "never").contains(scheme)) {
                    throw TextNormalizer.unsupported("Metaspace prepend_scheme", scheme);
                }
                boolean prepend =
                        !scheme.equals("never") && n.path("add_prefix_space").asBoolean(true);
                boolean onlyFirst = scheme.equals("first");
                boolean split = n.path("split").asBoolean(true);
                yield (s, atStart) -> {
                    String r = s.replace(" ", rep);
                    // "first": only the text at the very start of the input, not one after an added token
                    if (prepend && (atStart || !onlyFirst) && !r.startsWith(rep)) {
                        r = rep + r;
                    }
                    return new Split(split ? split(r, rep, "MergedWithNext") : List.of(r), atStart);
                };
            }
            case "Split" -> {
                String pattern = TextNormalizer.literal(n.path("pattern"), type);
                if (pattern.isEmpty()) {
                    throw TextNormalizer.unsupported("Split pattern", "\"\" (empty)");
                }
                String behavior = n.path("behavior").asText("Isolated");
                if (n.path("invert").asBoolean(false)) {
                    throw TextNormalizer.unsupported("Split invert", "true");
                }
                yield (s, atStart) -> new Split(
                        split(s, pattern, behavior),
                        atStart && !(behavior.equals("Removed") && !pattern.isEmpty() && s.startsWith(pattern)));
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
