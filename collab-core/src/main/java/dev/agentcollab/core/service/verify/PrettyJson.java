package dev.agentcollab.core.service.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agentcollab.core.json.Json;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes small JSON documents byte-for-byte like Python's {@code json.dumps(obj, indent=2, sort_keys=True)}: keys
 * sorted, two-space indent, {@code ": "} between key and value, {@code "{}"}/{@code "[]"} for empty containers.
 * Humans edit {@code results/verification_status.json} and diff {@code job_status.json}, so the format is kept
 * stable and identical to the reference deployment's files.
 */
public final class PrettyJson {
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

    private static void append(StringBuilder out, Object value, int depth) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            out.append("{\n");
            int i = 0;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                indent(out, depth + 1);
                out.append(scalar(e.getKey())).append(": ");
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
        } else {
            out.append(scalar(value));
        }
    }

    private static void indent(StringBuilder out, int depth) {
        out.append("  ".repeat(depth));
    }

    private static String scalar(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON-serialisable: " + value, e);
        }
    }
}
