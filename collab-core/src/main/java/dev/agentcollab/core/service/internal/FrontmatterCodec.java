package dev.agentcollab.core.service.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The markdown frontmatter codec of the reference (§1.5).
 *
 * <p>Serialise: {@code ---\n} + YAML (block style, insertion order, unicode kept) + {@code ---\n}; a non-empty
 * body follows after a blank line (unless it starts with one) and ends with a newline. Parse: text not starting
 * with {@code ---}, or without a closing {@code \n---}, is all body; otherwise the YAML must be a mapping, read as
 * the reference's PyYAML reads it ({@link Yaml11}: YAML 1.1 booleans, integers and floats, {@code .nan} and
 * {@code .inf}, aliases and merge keys; timestamps stay text). A string is written with quotes whenever its plain
 * form would read back as something else (a number, a boolean, null), so every string reads back as written.
 * Thread safe.
 */
public final class FrontmatterCodec {
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .stringQuotingChecker(new ReadBackQuoting())
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)
                    .build())
            .addModule(new com.fasterxml.jackson.databind.module.SimpleModule("pyyaml-floats")
                    .addSerializer(Double.class, new Yaml11Float<>(Double.class))
                    .addSerializer(Float.class, new Yaml11Float<>(Float.class)))
            .build();

    private FrontmatterCodec() {}

    /**
     * Serialises a document.
     *
     * @param frontmatter the frontmatter, written in iteration order
     * @param body the body
     * @return the markdown text
     */
    public static String serialize(Map<String, ?> frontmatter, String body) {
        StringBuilder out = new StringBuilder("---\n");
        if (!frontmatter.isEmpty()) {
            try {
                out.append(YAML.writeValueAsString(frontmatter));
            } catch (JsonProcessingException e) {
                throw new CollabException(
                        ErrorCode.INVALID_FRONTMATTER, "frontmatter cannot be written as YAML", null, null, e);
            }
        }
        if (out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        out.append("---\n");
        if (!body.isEmpty()) {
            if (!body.startsWith("\n")) {
                out.append('\n');
            }
            out.append(body);
            if (!body.endsWith("\n")) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Serialises a document to UTF-8 bytes.
     *
     * @param doc the document
     * @return the bytes
     */
    public static byte[] bytes(Document doc) {
        return serialize(doc.frontmatter(), doc.body()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses markdown strictly.
     *
     * @param text the text
     * @return the document
     * @throws CollabException {@code INVALID_FRONTMATTER} for unparsable YAML or YAML that is not a mapping
     */
    public static Document parse(String text) {
        if (!text.startsWith("---")) {
            return Document.of(Map.of(), text);
        }
        int start = 3;
        while (start < text.length() && text.charAt(start) == '\n') {
            start++;
        }
        int close = text.indexOf("\n---", start);
        if (close < 0 || start > close) {
            return Document.of(Map.of(), text);
        }
        String yaml = text.substring(start, close);
        int bodyStart = Math.min(text.length(), close + 4 + 1);
        String body = text.substring(bodyStart);
        if (body.startsWith("\n")) {
            body = body.substring(1);
        }
        return Document.of(parseYaml(yaml), body);
    }

    /**
     * Parses markdown leniently, as every read does: a malformed frontmatter degrades to {@code {}} plus the whole
     * text.
     *
     * @param text the text
     * @return the document, with {@link Document#parseError()} set when degraded
     */
    public static Document parseLenient(String text) {
        try {
            return parse(text);
        } catch (CollabException e) {
            return new Document(Map.of(), text, Optional.of(e.getMessage()));
        }
    }

    /**
     * Renders a frontmatter value as text for the service's own reads (channel, thread, owner, ...); the list
     * grammar's filters and {@code q} use {@link #pythonStr}.
     *
     * @param value a parsed YAML value
     * @return its text, {@code ""} for null
     */
    public static String render(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(FrontmatterCodec::render).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value);
    }

    /**
     * Renders a frontmatter value as Python's {@code str()} does, which is what the reference compares the list
     * grammar's equality filters with and what {@code q} searches ({@code f"{k}: {v}"}): a string as itself, null
     * as {@code None}, booleans as {@code True}/{@code False}, floats as Python writes them ({@code 300.0},
     * {@code 1e-05}, {@code inf}, {@code nan}), lists as {@code ['a', 1]} and maps as {@code {'k': 300}}, their
     * elements written as Python's {@code repr()} writes them.
     *
     * @param value a parsed YAML value
     * @return its text as Python would print it
     */
    public static String pythonStr(Object value) {
        return value instanceof String text ? text : pythonRepr(value);
    }

    private static String pythonRepr(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double || value instanceof Float) {
            return pythonFloat(((Number) value).doubleValue());
        }
        if (value instanceof String text) {
            return pythonQuote(text);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(FrontmatterCodec::pythonRepr).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(e -> pythonRepr(e.getKey()) + ": " + pythonRepr(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(value); // integers of any size
    }

    /** Python's {@code repr(float)}: the shortest digits that read back, in exponent form below 1e-4 or from 1e16. */
    private static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String sign = (d < 0 || (d == 0 && 1 / d < 0)) ? "-" : "";
        if (d == 0) {
            return sign + "0.0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int point = digits.length() - shortest.scale(); // the value is 0.DIGITS times ten to this
        if (point > 16 || point <= -4) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            int exponent = point - 1;
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        if (point <= 0) {
            return sign + "0." + "0".repeat(-point) + digits;
        }
        if (point >= digits.length()) {
            return sign + digits + "0".repeat(point - digits.length()) + ".0";
        }
        return sign + digits.substring(0, point) + "." + digits.substring(point);
    }

    /** Python's {@code repr(str)}: single quotes unless only double quotes avoid escaping one. */
    private static String pythonQuote(String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(text.length() + 2).append(quote);
        text.codePoints().forEach(c -> {
            if (c == quote || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == ' ' || (c > ' ' && c < 0x7f)) {
                out.append((char) c);
            } else if (!pythonPrintable(c)) {
                out.append(
                        c < 0x100
                                ? String.format("\\x%02x", c)
                                : c < 0x10000 ? String.format("\\u%04x", c) : String.format("\\U%08x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append(quote).toString();
    }

    /** Python's {@code str.isprintable} for one character: not a control, format, private, unassigned or space. */
    private static boolean pythonPrintable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseYaml(String yaml) {
        if (yaml.isBlank()) {
            return Map.of();
        }
        Object parsed = Yaml11.read(yaml);
        if (parsed == null) {
            return Map.of();
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw CollabException.of(ErrorCode.INVALID_FRONTMATTER, "frontmatter must be a mapping");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /**
     * Jackson's quoting rules, plus quotes for every string the reader would take for a number, a boolean or null
     * if written plain ({@code .nan}, {@code 1e5}, {@code 0x1F}, {@code 1_000}, {@code <<}, ...).
     */
    private static final class ReadBackQuoting extends StringQuotingChecker.Default {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean needToQuoteName(String name) {
            return super.needToQuoteName(name) || Yaml11.plainIsNotText(name) || breaksLines(name);
        }

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || Yaml11.plainIsNotText(value) || breaksLines(value);
        }

        /** Line breaks YAML knows beyond {@code \n} and {@code \r}, which a plain or single-quoted scalar folds. */
        private static boolean breaksLines(String s) {
            return s.indexOf('\u0085') >= 0 || s.indexOf('\u2028') >= 0 || s.indexOf('\u2029') >= 0;
        }
    }

    /**
     * Floats as YAML 1.1 spells them, so that they read back as the same numbers here and in PyYAML:
     * {@code .nan}, {@code .inf}, {@code -.inf}, and an exponent with its sign ({@code 1.5E+7}; Java writes
     * {@code 1.5E7}, which PyYAML reads as text).
     */
    private static final class Yaml11Float<T extends Number>
            extends com.fasterxml.jackson.databind.ser.std.StdSerializer<T> {
        private static final long serialVersionUID = 1L;

        Yaml11Float(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(
                T value,
                com.fasterxml.jackson.core.JsonGenerator gen,
                com.fasterxml.jackson.databind.SerializerProvider provider)
                throws java.io.IOException {
            double v = value.doubleValue();
            String text;
            if (Double.isNaN(v)) {
                text = ".nan";
            } else if (Double.isInfinite(v)) {
                text = v > 0 ? ".inf" : "-.inf";
            } else {
                text = value.toString();
                int e = text.indexOf('E');
                if (e > 0 && text.charAt(e + 1) != '-') {
                    text = text.substring(0, e + 1) + "+" + text.substring(e + 1);
                }
            }
            gen.writeNumber(text);
        }
    }
}
