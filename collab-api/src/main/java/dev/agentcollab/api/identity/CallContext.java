package dev.agentcollab.api.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling, as far as the transport knows: the bearer token (if any) plus the client address and agent
 * string that go into the audit log. A local session is opened with one; the HTTP server builds one per request.
 *
 * @param bearer the bearer token without its scheme, or empty for a tokenless call
 * @param callerIp the client address, or {@code ""} when unknown
 * @param userAgent the client's {@code User-Agent}, or {@code ""} when unknown
 */
public record CallContext(Optional<String> bearer, String callerIp, String userAgent) {
    /** Checks for nulls and treats a blank token as absent. */
    public CallContext {
        Objects.requireNonNull(bearer, "bearer");
        Objects.requireNonNull(callerIp, "callerIp");
        Objects.requireNonNull(userAgent, "userAgent");
        bearer = bearer.map(String::strip).filter(t -> !t.isEmpty());
    }

    /**
     * A context with a token and no transport details.
     *
     * @param token the bearer token, or {@code null} for none
     * @return the context
     */
    public static CallContext ofToken(String token) {
        return new CallContext(Optional.ofNullable(token), "", "");
    }

    /**
     * A tokenless context.
     *
     * @return the context
     */
    public static CallContext anonymous() {
        return ofToken(null);
    }

    /**
     * Parses an {@code Authorization} header value the way the reference does: split on the first whitespace,
     * the scheme must be {@code bearer} (any case) and the token non-empty, otherwise there is no token.
     *
     * @param header the header value, or {@code null}
     * @return the token, or empty
     */
    public static Optional<String> parseAuthorization(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.strip();
        int space = -1;
        for (int i = 0; i < h.length(); i++) {
            if (Character.isWhitespace(h.charAt(i))) {
                space = i;
                break;
            }
        }
        if (space < 0 || !h.substring(0, space).equalsIgnoreCase("bearer")) {
            return Optional.empty();
        }
        String token = h.substring(space + 1).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
