package dev.agentcollab.core.http.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a client is told about a JSON body the server could not take: the parser's problem in plain words, without
 * the parser's class names and settings (which say nothing to a client and everything about the server).
 */
final class JsonErrors {
    /** A parenthesised remark naming parser internals: {@code (from `StreamReadConstraints...`)}, {@code (bound as ...)}. */
    private static final Pattern INTERNALS = Pattern.compile("\\s*\\((?:[^()]*`[^()]*|[^()]*bound as[^()]*)\\)");

    private JsonErrors() {}

    /**
     * The client-facing text of a parse failure.
     *
     * @param e the failure
     * @return its problem, e.g. {@code Unexpected end-of-input: expected close marker for Object}
     */
    static String describe(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "invalid JSON" : e.getOriginalMessage();
        if (message.contains("FAIL_ON_TRAILING_TOKENS")) {
            return "extra data after the JSON value";
        }
        if (e instanceof StreamConstraintsException) {
            int cut = message.indexOf(" (");
            return (cut < 0 ? message : message.substring(0, cut)).strip();
        }
        String plain = INTERNALS.matcher(message).replaceAll("");
        int source = plain.indexOf("\n at [Source");
        return (source < 0 ? plain : plain.substring(0, source))
                .lines()
                .findFirst()
                .orElse("invalid JSON")
                .strip();
    }

    /**
     * The first string or field name holding a surrogate without its pair (only a {@code \\u} escape can write
     * one: the body itself was checked to be valid UTF-8).
     *
     * @param node the parsed body
     * @return where, as {@code body.<field>}, or empty when every string is proper text
     */
    static Optional<String> loneSurrogate(JsonNode node) {
        return find(node, "body");
    }

    private static Optional<String> find(JsonNode node, String where) {
        if (node.isTextual()) {
            return unpaired(node.textValue()) ? Optional.of(where) : Optional.empty();
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> hit = find(node.get(i), where + "." + i);
                if (hit.isPresent()) {
                    return hit;
                }
            }
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (unpaired(e.getKey())) {
                    return Optional.of(where);
                }
                Optional<String> hit = find(e.getValue(), where + "." + e.getKey());
                if (hit.isPresent()) {
                    return hit;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean unpaired(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
