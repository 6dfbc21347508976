package dev.agentcollab.testkit.hub;

import java.util.Objects;

/**
 * A request the fake Hub received, for assertions about what a client sent.
 *
 * @param method the HTTP method
 * @param rawPath the path as sent (still percent-encoded)
 * @param rawQuery the query as sent, or {@code null}
 * @param body the request body (not copied)
 */
public record RecordedRequest(String method, String rawPath, String rawQuery, byte[] body) {
    /** Checks for nulls. */
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(body, "body");
    }
}
