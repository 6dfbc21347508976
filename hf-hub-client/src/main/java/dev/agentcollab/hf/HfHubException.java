package dev.agentcollab.hf;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one unchecked exception of this client: a Hub or CAS call that failed, or an answer this client cannot read.
 * It carries what a caller needs to decide what to do: a {@link Kind}, the HTTP status (0 when no answer came),
 * the Hub's {@code X-Error-Code} and error message when it sent them, the {@code Retry-After} delay when given,
 * and the {@link Resource} the call was about (so a 404 can be told apart: a missing bucket or a missing file).
 *
 * <p>The client never retries; transient kinds ({@link Kind#retryable()}) are for the caller's retry policy.
 */
public class HfHubException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, classified the way {@code huggingface_hub}'s {@code hf_raise_for_status} reads answers. */
    public enum Kind {
        /** 401, an invalid token, or a call that needs a token made without one. */
        UNAUTHORIZED(false),
        /** 403: the token may not do this. */
        FORBIDDEN(false),
        /** 404, or an {@code X-Error-Code} such as {@code RepoNotFound}, {@code BucketNotFound}, {@code EntryNotFound}. */
        NOT_FOUND(false),
        /** 409: the resource exists or changed concurrently. */
        CONFLICT(false),
        /** 400, 422 and other 4xx answers not listed here: the Hub refused the request as sent. */
        BAD_REQUEST(false),
        /** 413: the request body is too large. */
        PAYLOAD_TOO_LARGE(false),
        /** 429: throttled; {@link #retryAfter()} tells how long to wait when the Hub said. */
        RATE_LIMITED(true),
        /** 503, or the Hub could not be reached at all (connection refused, reset, DNS). */
        UNAVAILABLE(true),
        /**
         * 408 or 504 (the Hub or a proxy gave up waiting; RFC 9110 lets the request be sent again), or the request
         * timed out, or the calling thread was interrupted while waiting.
         */
        TIMEOUT(true),
        /** Another 5xx answer. */
        SERVER_ERROR(true),
        /** The answer came but is not what the protocol says: invalid JSON, a missing field, corrupt Xet data. */
        INVALID_RESPONSE(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        /**
         * The kind of a failed HTTP answer by its status alone.
         *
         * @param status an HTTP status of 400 or more
         * @return the kind: 401, 403, 404, 408, 409, 413, 429, 503 and 504 have their own; other 5xx are
         *     {@link #SERVER_ERROR}, other 4xx {@link #BAD_REQUEST}
         */
        public static Kind ofStatus(int status) {
            return switch (status) {
                case 401 -> UNAUTHORIZED;
                case 403 -> FORBIDDEN;
                case 404 -> NOT_FOUND;
                case 408 -> TIMEOUT;
                case 409 -> CONFLICT;
                case 413 -> PAYLOAD_TOO_LARGE;
                case 429 -> RATE_LIMITED;
                case 503 -> UNAVAILABLE;
                case 504 -> TIMEOUT;
                default -> status >= 500 ? SERVER_ERROR : BAD_REQUEST;
            };
        }

        /**
         * Whether sending the same call again later may succeed.
         *
         * @return {@code true} for throttling, unavailability, timeouts and server errors
         */
        public boolean retryable() {
            return retryable;
        }
    }

    /** What a failed call was about, so that callers can tell a missing bucket from a missing file. */
    public enum Resource {
        /** {@code whoami-v2}. */
        IDENTITY,
        /** A bucket: info, listing, paths-info, batch, Xet tokens. */
        BUCKET,
        /** The creation of a bucket (a 409 means it exists). */
        BUCKET_CREATION,
        /** A file of a bucket ({@code resolve}). */
        FILE,
        /** An organisation's member list. */
        ORGANIZATION,
        /** A job of HF Jobs: launch, inspect, cancel, list, logs, hardware. */
        JOB
    }

    private final Kind kind;
    private final int status;
    private final Resource resource;
    private final String hubErrorCode;
    private final String hubMessage;
    private final Duration retryAfter;

    /**
     * Creates an exception.
     *
     * @param kind the classification
     * @param status the HTTP status, or 0 when no answer came (or the answer was not the problem)
     * @param resource what the call was about
     * @param message the text, naming the call
     * @param hubErrorCode the {@code X-Error-Code} header, or {@code null}
     * @param hubMessage the Hub's error message ({@code X-Error-Message} or the body's {@code error}), or {@code null}
     * @param retryAfter the {@code Retry-After} delay, or {@code null}
     * @param cause the underlying failure, or {@code null}
     */
    public HfHubException(
            Kind kind,
            int status,
            Resource resource,
            String message,
            String hubErrorCode,
            String hubMessage,
            Duration retryAfter,
            Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.resource = Objects.requireNonNull(resource, "resource");
        if (status != 0 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status must be 0 or an HTTP status, but was " + status);
        }
        this.status = status;
        this.hubErrorCode = hubErrorCode;
        this.hubMessage = hubMessage;
        this.retryAfter = retryAfter;
    }

    /**
     * A failure without an HTTP answer behind it.
     *
     * @param kind the classification
     * @param resource what the call was about
     * @param message the text
     * @return the exception
     */
    public static HfHubException of(Kind kind, Resource resource, String message) {
        return new HfHubException(kind, 0, resource, message, null, null, null, null);
    }

    /**
     * The failure a Hub answer that is not a success stands for, classified the way {@code hf_raise_for_status}
     * does: {@code X-Error-Code} first ({@code ...NotFound} is {@link Kind#NOT_FOUND}), then the status. Keeps the
     * Hub's message ({@code X-Error-Message}, else the body's {@code error} or {@code error.message}, else the body's
     * first 300 characters) and its {@code Retry-After} (delay-seconds, or an HTTP-date read against the answer's {@code Date}).
     *
     * @param status the HTTP status
     * @param headers the answer's headers
     * @param body the answer's body ({@code null} or empty when none)
     * @param resource what the call was about
     * @param what the call, for the message (e.g. {@code "launch job"})
     * @return the exception, whose message is {@code "<what>: HTTP <status>[: <Hub's message>]"}
     */
    public static HfHubException fromAnswer(
            int status, HttpHeaders headers, byte[] body, Resource resource, String what) {
        return HubErrors.fromAnswer(
                status,
                Objects.requireNonNull(headers, "headers"),
                body,
                Objects.requireNonNull(resource, "resource"),
                Objects.requireNonNull(what, "what"));
    }

    /**
     * An answer that breaks the protocol ({@link Kind#INVALID_RESPONSE}).
     *
     * @param resource what the call was about
     * @param message the text
     * @param cause the parse failure, or {@code null}
     * @return the exception
     */
    public static HfHubException invalidResponse(Resource resource, String message, Throwable cause) {
        return new HfHubException(Kind.INVALID_RESPONSE, 0, resource, message, null, null, null, cause);
    }

    /**
     * The classification.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The HTTP status of the answer.
     *
     * @return the status, or 0 when no answer came or the failure is not an HTTP status
     */
    public int status() {
        return status;
    }

    /**
     * What the failed call was about.
     *
     * @return the resource
     */
    public Resource resource() {
        return resource;
    }

    /**
     * The Hub's machine-readable error, from the {@code X-Error-Code} header ({@code RepoNotFound},
     * {@code BucketNotFound}, {@code EntryNotFound}, ...).
     *
     * @return the code, when sent
     */
    public Optional<String> hubErrorCode() {
        return Optional.ofNullable(hubErrorCode).filter(s -> !s.isBlank());
    }

    /**
     * The Hub's human-readable error, from {@code X-Error-Message} or the body's {@code error}.
     *
     * @return the message, when sent
     */
    public Optional<String> hubMessage() {
        return Optional.ofNullable(hubMessage).filter(s -> !s.isBlank());
    }

    /**
     * How long the Hub asked to wait ({@code Retry-After}, given as seconds or as an HTTP-date; a date in the past is zero).
     *
     * @return the delay, when given
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Whether the same call may succeed later ({@link Kind#retryable()}).
     *
     * @return {@code true} when retrying may help
     */
    public boolean retryable() {
        return kind.retryable();
    }
}
