package dev.agentcollab.core.http.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.internal.Utf8;
import dev.agentcollab.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed JSON request body with strict typed accessors. Every shape error (invalid JSON, not an object, a
 * missing required field, a wrong JSON type) is a 422 {@code INVALID_REQUEST} naming the field, as the
 * reference's schema validation does (anchor §1.3); unknown fields are ignored. Immutable.
 */
public final class JsonBody {
    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    /**
     * Parses a body.
     *
     * @param bytes the raw body
     * @return the body
     * @throws CollabException {@code INVALID_REQUEST} when it is not a JSON object
     */
    public static JsonBody parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw invalid("body", "field required");
        }
        // strictly: what is not UTF-8 would be stored as something else than was sent
        String text =
                Utf8.strict(bytes).orElseThrow(() -> invalid("body", "JSON decode error: the body is not valid UTF-8"));
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark, as json.loads takes it on bytes (utf-8-sig)
        }
        JsonNode tree;
        try {
            // Trailing content after the object ("{...} x") is invalid JSON, as in the reference: reject it.
            tree = Json.mapper()
                    .reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(text);
        } catch (JacksonException e) {
            throw invalid("body", "JSON decode error: " + JsonErrors.describe(e));
        } catch (java.io.IOException e) {
            throw invalid("body", "unreadable body");
        }
        if (!(tree instanceof ObjectNode obj)) {
            throw invalid("body", "input should be a JSON object");
        }
        JsonErrors.loneSurrogate(obj).ifPresent(where -> {
            throw invalid(where, "a \\u escape leaves an unpaired surrogate, which no UTF-8 text can hold");
        });
        return new JsonBody(obj);
    }

    /**
     * Whether the field is present and not JSON {@code null}.
     *
     * @param field the field name
     * @return whether a value is present
     */
    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /**
     * An optional string field.
     *
     * @param field the field name
     * @return the value; empty when absent or null
     * @throws CollabException {@code INVALID_REQUEST} when it is not a string
     */
    public Optional<String> string(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw invalid("body." + field, "input should be a valid string");
        }
        return Optional.of(v.textValue());
    }

    /**
     * A required string field.
     *
     * @param field the field name
     * @return the value
     * @throws CollabException {@code INVALID_REQUEST} when absent, null or not a string
     */
    public String requiredString(String field) {
        return string(field).orElseThrow(() -> invalid("body." + field, "field required"));
    }

    /**
     * A boolean field ({@code true/false}, or the strings and numbers pydantic accepts).
     *
     * @param field the field name
     * @param fallback the value when absent or null
     * @return the value
     * @throws CollabException {@code INVALID_REQUEST} when it is not a boolean
     */
    public boolean bool(String field, boolean fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() && (v.asLong() == 0 || v.asLong() == 1)) {
            return v.asLong() == 1;
        }
        if (v.isTextual()) {
            Optional<Boolean> b = QueryParams.toBool(v.textValue());
            if (b.isPresent()) {
                return b.get();
            }
        }
        throw invalid("body." + field, "input should be a valid boolean");
    }

    /**
     * A list-of-strings field.
     *
     * @param field the field name
     * @return the values; empty when absent or null
     * @throws CollabException {@code INVALID_REQUEST} when it is not a list of strings
     */
    public List<String> stringList(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw invalid("body." + field, "input should be a valid list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw invalid("body." + field + "." + out.size(), "input should be a valid string");
            }
            out.add(item.textValue());
        }
        return List.copyOf(out);
    }

    /**
     * The raw tree.
     *
     * @return the object node (do not modify)
     */
    public ObjectNode tree() {
        return node;
    }

    /**
     * Creates the 422 error for a body shape problem.
     *
     * @param location where, e.g. {@code body.refs}
     * @param message what is wrong
     * @return the exception (not thrown)
     */
    public static CollabException invalid(String location, String message) {
        return CollabException.of(ErrorCode.INVALID_REQUEST, location + ": " + message);
    }
}
