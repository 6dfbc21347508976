package dev.agentcollab.core.bucket.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Maps Hub HTTP failures onto {@link CollabException} codes, the way {@code hf_raise_for_status} classifies them:
 * {@code X-Error-Code} ({@code RepoNotFound}, {@code EntryNotFound}) first, then the status. Transient failures
 * (429, 5xx, transport errors) map to retryable codes and keep {@code Retry-After}.
 */
final class HfErrors {
    private HfErrors() {}

    /** What a failed call was about, so that a 404 or 409 gets the right code. */
    enum Subject {
        IDENTITY,
        BUCKET,
        CREATE,
        FILE,
        ORG
    }

    static CollabException fromResponse(HttpResponse<byte[]> response, Subject subject, String what) {
        int status = response.statusCode();
        String errorCode = response.headers().firstValue("X-Error-Code").orElse("");
        String message = what + ": HTTP " + status
                + serverMessage(response).map(m -> ": " + m).orElse("");
        Duration retryAfter = retryAfter(response).orElse(null);
        ErrorCode code = byErrorCode(errorCode, subject).orElseGet(() -> switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> subject == Subject.ORG ? ErrorCode.UNAUTHORIZED : ErrorCode.BUCKET_NOT_OWNED_BY_CALLER;
            case 404 -> notFound(errorCode, subject);
            case 409 -> subject == Subject.CREATE ? ErrorCode.BUCKET_EXISTS : ErrorCode.CONFLICT;
            case 400, 422 -> ErrorCode.INVALID_REQUEST;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.UNAVAILABLE;
            case 504 -> ErrorCode.TIMEOUT;
            default -> status >= 500 ? ErrorCode.UPSTREAM_ERROR : ErrorCode.INVALID_REQUEST;
        });
        String hint =
                switch (code) {
                    case UNAUTHORIZED ->
                        "check the Hub token (config key 'token'); it may be missing, expired or revoked";
                    case BUCKET_NOT_OWNED_BY_CALLER -> "the token needs write access to the bucket's organisation";
                    default -> null;
                };
        return new CollabException(code, message, hint, retryAfter, null);
    }

    static CollabException fromTransport(Exception e, String what) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new CollabException(ErrorCode.TIMEOUT, what + ": interrupted", null, null, e);
        }
        if (e instanceof HttpTimeoutException) {
            return new CollabException(ErrorCode.TIMEOUT, what + ": timed out", null, null, e);
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof IOException) {
            return new CollabException(ErrorCode.UNAVAILABLE, what + ": " + detail, "the Hub is unreachable", null, e);
        }
        return new CollabException(ErrorCode.INTERNAL, what + ": " + detail, null, null, e);
    }

    /**
     * The code {@code X-Error-Code} decides whatever the status, as {@code hf_raise_for_status} reads it: a missing
     * repository is a missing bucket even when answered with 401, a missing entry a missing file.
     */
    private static Optional<ErrorCode> byErrorCode(String errorCode, Subject subject) {
        return switch (errorCode) {
            case "RepoNotFound", "BucketNotFound" ->
                Optional.of(subject == Subject.ORG ? ErrorCode.NOT_FOUND : ErrorCode.BUCKET_NOT_FOUND);
            case "EntryNotFound" -> Optional.of(ErrorCode.NOT_FOUND);
            default -> Optional.empty();
        };
    }

    private static ErrorCode notFound(String errorCode, Subject subject) {
        if (errorCode.equals("EntryNotFound")) {
            return ErrorCode.NOT_FOUND;
        }
        if (errorCode.equals("RepoNotFound") || errorCode.equals("BucketNotFound")) {
            return ErrorCode.BUCKET_NOT_FOUND;
        }
        return subject == Subject.FILE || subject == Subject.ORG ? ErrorCode.NOT_FOUND : ErrorCode.BUCKET_NOT_FOUND;
    }

    private static Optional<String> serverMessage(HttpResponse<byte[]> response) {
        Optional<String> header = response.headers().firstValue("X-Error-Message");
        if (header.isPresent()) {
            return header;
        }
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.mapper().readTree(body);
            JsonNode error = node.path("error");
            if (error.isTextual()) {
                return Optional.of(error.asText());
            }
            if (error.path("message").isTextual()) {
                return Optional.of(error.path("message").asText());
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON: fall through to the raw text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text.length() > 300 ? text.substring(0, 300) : text);
    }

    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long seconds = Long.parseLong(v.strip());
                return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty(); // HTTP-date form: not honoured, the caller's backoff applies
            }
        });
    }
}
