package dev.agentcollab.core.service.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agentcollab.core.json.Json;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes small JSON documents byte-for-byte like Python's {@code json.dumps(obj, indent=2, sort_keys=True)}: keys
 * sorted, two-space indent, {@code ": "} between key and value, {@code "{}"}/{@code "[]"} for empty containers.
 * Humans edit {@code results/verification_status.json} and diff {@code job_status.json}, so the format is kept
 * stable and identical to the reference deployment's files.
 */
public final class PrettyJson {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PrettyJson() {}

    /**
     * Renders a value (maps, collections, strings, numbers, booleans, {@code null}).
     *
     * @param value the value
     * @return the JSON text, without a trailing newline
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value, 0);
        return out.toString();
    }

    /**
     * Jackson's default string escaping, without a call into it per string: quote, backslash and control characters;
     * nothing else.
     */
    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void append(StringBuilder out, Object value, int depth) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            Map<?, ?> sorted = inStringOrder(map) ? map : sortedByName(map);
            out.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : sorted.entrySet()) {
                indent(out, depth + 1);
                quote(out, String.valueOf(e.getKey()));
                out.append(": ");
                append(out, e.getValue(), depth + 1);
                out.append(++i < sorted.size() ? ",\n" : "\n");
            }
            indent(out, depth);
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            int i = 0;
            for (Object item : list) {
                indent(out, depth + 1);
                append(out, item, depth + 1);
                out.append(++i < list.size() ? ",\n" : "\n");
            }
            indent(out, depth);
            out.append(']');
        } else if (value instanceof String text) {
            quote(out, text);
        } else {
            out.append(scalar(value));
        }
    }

    /**
     * Whether a map already iterates in the order the output needs (string keys, natural order), so it is written
     * without a sorted copy: the verification index has an entry per result and is written on every promotion.
     */
    private static boolean inStringOrder(Map<?, ?> map) {
        return map instanceof SortedMap<?, ?> sorted
                && sorted.comparator() == null
                && sorted.firstKey() instanceof String;
    }

    private static Map<String, Object> sortedByName(Map<?, ?> map) {
        Map<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
        return sorted;
    }

    private static void indent(StringBuilder out, int depth) {
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    private static String scalar(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON-serialisable: " + value, e);
        }
    }
}
