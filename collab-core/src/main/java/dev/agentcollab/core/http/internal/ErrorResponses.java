package dev.agentcollab.core.http.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import java.time.Duration;

/**
 * The one place that turns a {@link CollabException} into an HTTP response: status from the code, body
 * {@code {"error":{"code","message","hint"}}} (hint omitted when absent) and {@code Retry-After} in whole
 * seconds when the error carries a delay (at least 1), or 30 s for the two 503 codes that the reference
 * always answers with a delay. Every other 429 and 503 without a delay (a storage failure, a throttled Hub, a
 * draining server) gets {@link #DEFAULT_RETRY_DELAY}, so no 429/503 ever leaves without the header. Stateless
 * and thread safe.
 */
public final class ErrorResponses {
    /** Delay the reference sends with its 503 codes (anchor §1.2). */
    public static final Duration DEFAULT_503_DELAY = Duration.ofSeconds(30);

    /** Delay sent with any other 429 or 503 whose error carries none. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);

    private ErrorResponses() {}

    /**
     * Builds the error body.
     *
     * @param e the error
     * @return the JSON object
     */
    public static ObjectNode body(CollabException e) {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("code", e.code().name());
        err.put("message", e.getMessage());
        e.hint().ifPresent(h -> err.put("hint", h));
        return root;
    }

    /**
     * The {@code Retry-After} value for an error.
     *
     * @param e the error
     * @return whole seconds (always at least 1 for a 429 or 503), or {@code -1} when the response carries no header
     */
    public static long retryAfterSeconds(CollabException e) {
        if (e.retryAfter().isPresent()) {
            Duration d = e.retryAfter().get();
            long s = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
            return Math.max(1, s);
        }
        if (e.code() == ErrorCode.ORGANIZER_CHECK_UNAVAILABLE || e.code() == ErrorCode.QUOTA_BACKEND_UNAVAILABLE) {
            return DEFAULT_503_DELAY.toSeconds();
        }
        if (e.httpStatus() == 429 || e.httpStatus() == 503) {
            return DEFAULT_RETRY_DELAY.toSeconds();
        }
        return -1;
    }

    /**
     * Writes the error response.
     *
     * @param call the call
     * @param e the error
     * @throws java.io.IOException when the response cannot be written
     */
    public static void write(HttpCall call, CollabException e) throws java.io.IOException {
        long retry = retryAfterSeconds(e);
        if (retry > 0) {
            call.responseHeader("Retry-After", Long.toString(retry));
        }
        if (e.code() == ErrorCode.METHOD_NOT_ALLOWED) {
            e.hint().ifPresent(h -> call.responseHeader("Allow", h.replace("allowed: ", "")));
        }
        call.json(e.httpStatus(), body(e));
    }
}
