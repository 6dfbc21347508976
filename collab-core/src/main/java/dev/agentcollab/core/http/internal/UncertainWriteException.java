package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;

/**
 * A write whose outcome is unknown: the request may have reached the server before the connection failed or the
 * timeout fired, or the server failed part-way with a retryable code. The client retries it only under
 * {@link dev.agentcollab.core.http.ClientConfig#retryUncertainWrites()}, with the write's idempotency key (so the
 * server writes at most once); with that off, or once the attempts are spent, the caller gets this exception and
 * should read first, or retry under the same key. The code stays the transport's
 * ({@code TIMEOUT} or {@code UNAVAILABLE}) or the server's; the server's error, if any, is the cause, and its
 * {@code Retry-After} is kept, so a retry waits what the server asked for.
 */
public final class UncertainWriteException extends CollabException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param code {@code TIMEOUT}, {@code UNAVAILABLE} or the server's retryable code
     * @param message what failed
     * @param cause the transport failure or the server's error
     */
    public UncertainWriteException(ErrorCode code, String message, Throwable cause) {
        this(code, message, null, cause);
    }

    /**
     * Creates the exception for a server's retryable error, keeping the delay the server asked for.
     *
     * @param code the server's retryable code
     * @param message what failed
     * @param retryAfter the server's {@code Retry-After}, or {@code null} when it sent none
     * @param cause the server's error
     */
    public UncertainWriteException(ErrorCode code, String message, java.time.Duration retryAfter, Throwable cause) {
        super(
                code,
                message,
                "the write may or may not have happened; read before retrying, or retry with the same Idempotency-Key",
                retryAfter,
                cause);
    }
}
