package dev.agentcollab.core.service.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
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
     * Renders a frontmatter value as text for equality filters and {@code q}.
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
