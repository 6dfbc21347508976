package dev.agentcollab.api.identity;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling, as far as the transport knows: the bearer token (if any) plus the client address and agent
 * string that go into the audit log. A local session is opened with one; the HTTP server builds one per request.
 *
 * @param bearer the bearer token without its scheme, or empty for a tokenless call
 * @param callerIp the client address, or {@code ""} when unknown
 * @param userAgent the client's {@code User-Agent}, or {@code ""} when unknown
 * @param idempotencyKey the caller's key for the write of this call ({@code Idempotency-Key}): a repeat with the
 *     same key and the same request returns the first response without writing again; empty for none
 */
public record CallContext(Optional<String> bearer, String callerIp, String userAgent, Optional<String> idempotencyKey) {
    /** The longest idempotency key accepted. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    /**
     * Checks for nulls, treats a blank token as absent and validates the idempotency key (1 to
     * {@value #MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters).
     *
     * @throws CollabException {@code INVALID_REQUEST} for a malformed idempotency key
     */
    public CallContext {
        Objects.requireNonNull(bearer, "bearer");
        Objects.requireNonNull(callerIp, "callerIp");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        bearer = bearer.map(String::strip).filter(t -> !t.isEmpty());
        idempotencyKey.ifPresent(CallContext::checkKey);
    }

    /**
     * A context without an idempotency key.
     *
     * @param bearer the bearer token without its scheme, or empty for a tokenless call
     * @param callerIp the client address, or {@code ""} when unknown
     * @param userAgent the client's {@code User-Agent}, or {@code ""} when unknown
     */
    public CallContext(Optional<String> bearer, String callerIp, String userAgent) {
        this(bearer, callerIp, userAgent, Optional.empty());
    }

    /**
     * This context with an idempotency key for its write.
     *
     * @param key the key, e.g. a UUID the caller keeps until the write is acknowledged
     * @return the new context
     * @throws CollabException {@code INVALID_REQUEST} for a malformed key
     */
    public CallContext withIdempotencyKey(String key) {
        return new CallContext(bearer, callerIp, userAgent, Optional.of(Objects.requireNonNull(key, "key")));
    }

    private static void checkKey(String key) {
        boolean printable = !key.isEmpty() && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
        if (!printable || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
                            + " printable ASCII characters without spaces",
                    "send a fresh UUID per logical write and the same one on each retry");
        }
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
