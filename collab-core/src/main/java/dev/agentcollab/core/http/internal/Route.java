package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.error.CollabException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One route: an HTTP method and a path template. Templates are literal segments, {@code {name}} (one non-empty
 * segment, so {@code /v1/messages/} is not {@code /v1/messages/{filename}} with an empty name) and a final
 * {@code {name+}} (the rest of the path, slashes included, not empty). Literal segments may contain colons
 * ({@code /v1/jobs:run}).
 *
 * @param method the HTTP method, upper case
 * @param template the path template, starting with {@code /}
 * @param handler the handler
 */
public record Route(String method, String template, Handler handler) {
    /** Validates the template. */
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(handler, "handler");
        if (template == null || !template.startsWith("/")) {
            throw new IllegalArgumentException("template must start with '/', but was " + template);
        }
        List<String> parts = segments(template);
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).endsWith("+}") && i != parts.size() - 1) {
                throw new IllegalArgumentException("a {rest+} segment must come last: " + template);
            }
        }
    }

    /**
     * Matches a raw (still percent-encoded) request path against the template.
     *
     * @param rawPath the request path
     * @return the decoded path parameters, or empty when the path does not match
     */
    public Optional<Map<String, String>> match(String rawPath) {
        return match(segments(template), segments(rawPath));
    }

    /**
     * Matches already split path segments against split template segments (the router splits each once).
     *
     * @param want the template's segments
     * @param got the request path's raw segments
     * @return the decoded path parameters, or empty when the path does not match
     */
    static Optional<Map<String, String>> match(List<String> want, List<String> got) {
        if (want.size() > got.size() || (want.size() < got.size() && !endsWithRest(want))) {
            return Optional.empty();
        }
        Map<String, String> params = null;
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            if (w.startsWith("{") && w.endsWith("+}")) {
                String rest = String.join("/", got.subList(i, got.size()));
                if (rest.isEmpty()) {
                    return Optional.empty();
                }
                params = params == null ? new LinkedHashMap<>() : params;
                params.put(w.substring(1, w.length() - 2), decode(rest));
                return Optional.of(params);
            }
            if (w.startsWith("{") && w.endsWith("}")) {
                if (got.get(i).isEmpty()) {
                    return Optional.empty();
                }
                params = params == null ? new LinkedHashMap<>() : params;
                params.put(w.substring(1, w.length() - 1), decode(got.get(i)));
            } else if (!w.equals(got.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(params == null ? Map.of() : params);
    }

    private static boolean endsWithRest(List<String> want) {
        return !want.isEmpty() && want.getLast().endsWith("+}");
    }

    /**
     * Splits a path or template into its segments, without the leading {@code /}.
     *
     * @param path the path
     * @return the segments
     */
    static List<String> segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw CollabException.invalidPath("malformed percent-encoding in path: '" + s + "'");
        }
    }
}
