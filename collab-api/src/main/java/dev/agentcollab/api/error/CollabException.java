package dev.agentcollab.api.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one unchecked exception of the SDK. Every failure that a caller can act on carries a stable
 * {@link ErrorCode}, a human-readable message, an optional hint telling the caller what to do, and for
 * {@link ErrorCode#RATE_LIMITED} and other transient codes an optional retry delay. In-memory, filesystem and
 * remote implementations throw exactly the same codes, so code written against a fake behaves the same against
 * a real deployment.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class CollabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The stable error code. */
    private final ErrorCode code;

    /** What the caller can do about it, or {@code null}. */
    private final String hint;

    /** How long to wait before retrying, or {@code null}. */
    private final Duration retryAfter;

    /**
     * Creates an exception.
     *
     * @param code the stable error code
     * @param message the human-readable message
     * @param hint what the caller can do about it, or {@code null}
     * @param retryAfter how long to wait before retrying, or {@code null}
     * @param cause the underlying cause, or {@code null}
     */
    public CollabException(ErrorCode code, String message, String hint, Duration retryAfter, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.hint = hint;
        this.retryAfter = retryAfter;
    }

    /**
     * Creates an exception with a code and message only.
     *
     * @param code the stable error code
     * @param message the human-readable message
     * @return the exception (not thrown)
     */
    public static CollabException of(ErrorCode code, String message) {
        return new CollabException(code, message, null, null, null);
    }

    /**
     * Creates an exception with a hint.
     *
     * @param code the stable error code
     * @param message the human-readable message
     * @param hint what the caller can do about it, or {@code null}
     * @return the exception (not thrown)
     */
    public static CollabException of(ErrorCode code, String message, String hint) {
        return new CollabException(code, message, hint, null, null);
    }

    /**
     * Creates a {@link ErrorCode#RATE_LIMITED} (or other transient) exception carrying a retry delay.
     *
     * @param code the stable error code
     * @param message the human-readable message
     * @param retryAfter how long to wait before retrying
     * @return the exception (not thrown)
     */
    public static CollabException retryAfter(ErrorCode code, String message, Duration retryAfter) {
        return new CollabException(code, message, null, Objects.requireNonNull(retryAfter, "retryAfter"), null);
    }

    /**
     * Creates a {@link ErrorCode#NOT_FOUND} exception in the reference wording {@code no such file: <path>}.
     *
     * @param path the missing path
     * @return the exception (not thrown)
     */
    public static CollabException notFound(String path) {
        return of(ErrorCode.NOT_FOUND, "no such file: " + path);
    }

    /**
     * Creates an {@link ErrorCode#INVALID_PATH} exception.
     *
     * @param message what is wrong with the path
     * @return the exception (not thrown)
     */
    public static CollabException invalidPath(String message) {
        return of(ErrorCode.INVALID_PATH, message);
    }

    /**
     * Returns a copy of this exception with the given cause attached.
     *
     * @param cause the underlying cause
     * @return a new exception with the same code, message, hint and delay
     */
    public CollabException withCause(Throwable cause) {
        return new CollabException(code, getMessage(), hint, retryAfter, cause);
    }

    /**
     * The stable error code.
     *
     * @return the code, never {@code null}
     */
    public ErrorCode code() {
        return code;
    }

    /**
     * What the caller can do about the failure.
     *
     * @return the hint, or empty
     */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    /**
     * How long to wait before retrying, as announced by a rate limiter or a {@code Retry-After} header.
     *
     * @return the delay, or empty
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Whether retrying the same call later may succeed.
     *
     * @return {@link ErrorCode#retryable()} of the code
     */
    public boolean retryable() {
        return code.retryable();
    }

    /**
     * The HTTP status for this failure.
     *
     * @return {@link ErrorCode#httpStatus()} of the code
     */
    public int httpStatus() {
        return code.httpStatus();
    }
}
