package dev.agentcollab.inference.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The HF {@code decoder} of a tokenizer.json: a chain of steps over the tokens' strings, joined at the end, as HF
 * tokenizers runs it. Replace (literal), ByteFallback, Fuse, Strip, Metaspace and Sequence; without a decoder the
 * tokens are joined with single spaces, as HF does.
 */
final class TokenDecoder {
    /** One step of the chain: HF's {@code decode_chain}. */
    private interface Step {
        List<String> apply(List<String> tokens);
    }

    private final List<Step> steps;
    private final String separator;

    private TokenDecoder(List<Step> steps, String separator) {
        this.steps = List.copyOf(steps);
        this.separator = separator;
    }

    static TokenDecoder of(JsonNode d) {
        if (d == null || d.isNull()) {
            return new TokenDecoder(List.of(), " ");
        }
        List<Step> steps = new ArrayList<>();
        collect(d, steps);
        return new TokenDecoder(steps, "");
    }

    /**
     * Decodes token strings to text.
     *
     * @param tokens the tokens' pieces, special tokens already left out where asked
     * @return the text
     */
    String decode(List<String> tokens) {
        for (Step step : steps) {
            tokens = step.apply(tokens);
        }
        return String.join(separator, tokens);
    }

    private static void collect(JsonNode d, List<Step> steps) {
        String type = d.path("type").asText();
        switch (type) {
            case "Sequence" -> d.path("decoders").forEach(c -> collect(c, steps));
            case "Replace" -> {
                String pattern = TextNormalizer.literal(d.path("pattern"), type);
                String content = d.path("content").asText();
                steps.add(tokens -> map(tokens, t -> t.replace(pattern, content)));
            }
            case "ByteFallback" -> steps.add(TokenDecoder::byteFallback);
            case "Fuse" -> steps.add(tokens -> List.of(String.join("", tokens)));
            case "Strip" -> {
                int content = oneCodePoint(d.path("content").asText(" "), "Strip content");
                int start = d.path("start").asInt(0);
                int stop = d.path("stop").asInt(0);
                steps.add(tokens -> map(tokens, t -> strip(t, content, start, stop)));
            }
            case "Metaspace" -> {
                int rep = oneCodePoint(d.path("replacement").asText("▁"), "Metaspace replacement");
                String scheme = d.path("prepend_scheme").asText("always");
                if (!List.of("always", "first", "never").contains(scheme)) {
                    throw TextNormalizer.unsupported("Metaspace prepend_scheme", scheme);
                }
                boolean dropFirst =
                        !scheme.equals("never") && d.path("add_prefix_space").asBoolean(true);
                String r = Character.toString(rep);
                steps.add(tokens -> {
                    List<String> out = new ArrayList<>(tokens.size());
                    for (int i = 0; i < tokens.size(); i++) {
                        // HF drops every replacement character of the first token, not just a leading one
                        out.add(tokens.get(i).replace(r, i == 0 && dropFirst ? "" : " "));
                    }
                    return out;
                });
            }
            default -> throw TextNormalizer.unsupported("decoder", type);
        }
    }

    private static int oneCodePoint(String s, String what) {
        if (s.isEmpty() || s.codePointCount(0, s.length()) != 1) {
            throw TextNormalizer.unsupported(what, "\"" + s + "\" (not one character)");
        }
        return s.codePointAt(0);
    }

    private static List<String> map(List<String> tokens, java.util.function.UnaryOperator<String> f) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String t : tokens) {
            out.add(f.apply(t));
        }
        return out;
    }

    /** Removes up to {@code start} leading and {@code stop} trailing {@code content} characters of one token. */
    private static String strip(String token, int content, int start, int stop) {
        int[] cps = token.codePoints().toArray();
        int from = 0;
        while (from < start && from < cps.length && cps[from] == content) {
            from++;
        }
        int to = cps.length;
        while (cps.length - to < stop && to > from && cps[to - 1] == content) {
            to--;
        }
        return new String(cps, from, to - from);
    }

    /**
     * HF's ByteFallback: a run of {@code <0xXX>} tokens becomes its text when the whole run is valid UTF-8, else
     * one U+FFFD per byte; other tokens pass through.
     */
    private static List<String> byteFallback(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String t : tokens) {
            int b = byteOf(t);
            if (b >= 0) {
                bytes.write(b);
                continue;
            }
            flush(bytes, out);
            out.add(t);
        }
        flush(bytes, out);
        return out;
    }

    /** The byte of a {@code <0xXX>} token (hex digits as Rust's {@code u8::from_str_radix} reads them), or -1. */
    private static int byteOf(String p) {
        if (p.length() != 6 || !p.startsWith("<0x") || !p.endsWith(">")) {
            return -1;
        }
        int hi = p.charAt(3) == '+' ? 0 : hexDigit(p.charAt(3));
        int lo = hexDigit(p.charAt(4));
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    private static int hexDigit(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    private static void flush(ByteArrayOutputStream bytes, List<String> out) {
        if (bytes.size() == 0) {
            return;
        }
        try {
            out.add(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            for (int i = 0; i < bytes.size(); i++) {
                out.add("\uFFFD");
            }
        }
        bytes.reset();
    }
}
