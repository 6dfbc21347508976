package dev.agentcollab.core.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps an error response back to a {@link CollabException}. Understands this server's
 * {@code {"error":{"code","message","hint"}}} and the reference's FastAPI shapes ({@code {"detail":...}} for
 * 404/405/422, plain text for 500), so a client works against both. Stateless.
 */
public final class WireErrors {
    private WireErrors() {}

    /**
     * Builds the exception for an error response.
     *
     * @param status the HTTP status
     * @param body the response body
     * @param retryAfter the {@code Retry-After} delay, or {@code null}
     * @return the exception (not thrown)
     */
    public static CollabException toException(int status, byte[] body, Duration retryAfter) {
        JsonNode root = null;
        try {
            root = Json.mapper().readTree(body);
        } catch (java.io.IOException | RuntimeException ignored) {
            // not JSON: fall through to the status-based mapping
        }
        JsonNode err = root == null ? null : root.get("error");
        if (err != null && err.isObject() && err.path("code").isTextual()) {
            String wire = err.path("code").asText();
            ErrorCode code = ErrorCode.fromWire(wire);
            String message = err.path("message").asText("HTTP " + status);
            if (code == ErrorCode.INTERNAL && !wire.equals(ErrorCode.INTERNAL.name())) {
                // a code this client does not know (a newer server's): the status says what kind of failure it
                // is, so a 503 stays retryable; the server's code is kept in the message
                code = status == 404 ? ErrorCode.NOT_FOUND : byStatus(status);
                message = wire + ": " + message;
            }
            String hint = err.path("hint").isTextual() ? err.path("hint").asText() : null;
            return new CollabException(code, message, hint, retryAfter, null);
        }
        String text = root != null && root.has("detail")
                ? root.get("detail").toString()
                : describe(new String(body, StandardCharsets.UTF_8));
        return new CollabException(
                byStatus(status), "HTTP " + status + ": " + abbreviate(text), null, retryAfter, null);
    }

    private static final Pattern HTML =
            Pattern.compile("^\\s*<(?:!doctype\\s+html|html|head|body|title)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern TITLE =
            Pattern.compile("<(title|h1)\\b[^>]*>(.*?)</\\1\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /**
     * One line for a body that is not the API's JSON: a page of HTML (a proxy's or load balancer's error page) is
     * named by its title, not printed tag by tag; other text has its line breaks folded.
     */
    private static String describe(String text) {
        if (text.isBlank()) {
            return "empty response body";
        }
        if (HTML.matcher(text).find()) {
            Matcher title = TITLE.matcher(text);
            String name = title.find() ? oneLine(title.group(2).replaceAll("<[^>]*>", " ")) : "";
            return "an HTML page" + (name.isEmpty() ? "" : " '" + name + "'")
                    + " instead of the API's JSON (a proxy or gateway in front of the server?)";
        }
        return oneLine(text);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static ErrorCode byStatus(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 404 -> ErrorCode.ROUTE_NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 422, 400 -> ErrorCode.INVALID_REQUEST;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 502 -> ErrorCode.UPSTREAM_ERROR;
            case 503 -> ErrorCode.UNAVAILABLE;
            case 504 -> ErrorCode.TIMEOUT;
            default -> ErrorCode.INTERNAL;
        };
    }

    private static String abbreviate(String s) {
        if (s.length() <= 500) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(499)) ? 499 : 500; // never half a character
        return s.substring(0, end) + "…";
    }
}
