package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decoded query parameters. The last value of a repeated parameter wins (as in FastAPI for scalar params);
 * unknown parameters are ignored by callers. Type errors are 422 {@code INVALID_REQUEST}, like the reference's
 * framework coercion errors (anchor §1.3). Immutable.
 */
public final class QueryParams {
    private static final List<String> TRUE = List.of("true", "1", "yes", "on", "t", "y");
    private static final List<String> FALSE = List.of("false", "0", "no", "off", "f", "n");
    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * Parses a raw query string.
     *
     * @param rawQuery the raw query ({@code a=1&b=x%20y}), or {@code null}
     * @return the parameters
     */
    public static QueryParams parse(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                out.put(decode(k), decode(v));
            }
        }
        return new QueryParams(out);
    }

    /**
     * A string parameter.
     *
     * @param name the parameter name
     * @return the value, or empty when absent
     */
    public Optional<String> string(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /**
     * An integer parameter.
     *
     * @param name the parameter name
     * @return the value, or empty when absent
     * @throws CollabException {@code INVALID_REQUEST} when present but not an integer
     */
    public OptionalInt integer(String name) {
        String v = values.get(name);
        if (v == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            throw invalid(name, "a valid integer", v);
        }
    }

    /**
     * A boolean parameter; accepts {@code true/false/1/0/yes/no/on/off} (any case).
     *
     * @param name the parameter name
     * @param fallback the value when absent
     * @return the value
     * @throws CollabException {@code INVALID_REQUEST} when present but not a boolean
     */
    public boolean bool(String name, boolean fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        return toBool(v).orElseThrow(() -> invalid(name, "a valid boolean", v));
    }

    /**
     * Interprets a string as a boolean the way pydantic does ({@code true/false/1/0/yes/no/on/off}, any case).
     *
     * @param value the string
     * @return the boolean, or empty when the string is none of those
     */
    public static Optional<Boolean> toBool(String value) {
        String s = value.strip().toLowerCase(Locale.ROOT);
        if (TRUE.contains(s)) {
            return Optional.of(true);
        }
        return FALSE.contains(s) ? Optional.of(false) : Optional.empty();
    }

    /**
     * All parameters.
     *
     * @return an immutable map
     */
    public Map<String, String> asMap() {
        return values;
    }

    private static CollabException invalid(String name, String what, String value) {
        return CollabException.of(
                ErrorCode.INVALID_REQUEST, "query." + name + ": input should be " + what + ", got '" + value + "'");
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "malformed percent-encoding in query: '" + s + "'");
        }
    }
}
