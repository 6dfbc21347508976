package dev.agentcollab.core.bucket.hf;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.hf.HfHubException;
import dev.agentcollab.hf.HfHubException.Resource;
import java.util.function.Supplier;

/**
 * Translates the Hub client's {@link HfHubException} into {@link CollabException} codes, the way
 * {@code hf_raise_for_status} classifies answers: {@code X-Error-Code} ({@code RepoNotFound}, {@code EntryNotFound})
 * first, then the status, read in the light of what the call was about (a 404 on a file is {@code NOT_FOUND}, on a
 * bucket {@code BUCKET_NOT_FOUND}; a 409 on creation is {@code BUCKET_EXISTS}). Transient failures (408, 429, 5xx,
 * transport errors) become retryable codes and keep {@code Retry-After}, so the resilience decorators act on them.
 */
public final class HfErrors {
    private HfErrors() {}

    /**
     * Runs a Hub call, translating its failure.
     *
     * @param call the call
     * @param <T> its result
     * @return the call's result
     * @throws CollabException when the call throws {@link HfHubException}
     */
    public static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (HfHubException e) {
            throw toCollab(e);
        }
    }

    /**
     * Runs a Hub call without a result, translating its failure.
     *
     * @param call the call
     * @throws CollabException when the call throws {@link HfHubException}
     */
    public static void run(Runnable call) {
        try {
            call.run();
        } catch (HfHubException e) {
            throw toCollab(e);
        }
    }

    /**
     * The collaboration error for a Hub failure, with the same message, the Hub's {@code Retry-After} and the
     * failure as its cause.
     *
     * @param e the Hub failure
     * @return the translated exception
     */
    public static CollabException toCollab(HfHubException e) {
        // A status classifies the answer, except where the client knew better: a pre-signed URL refused right after
        // its renewal is unavailable storage (HttpXetDownloader), not a token lacking rights as a 403 says elsewhere.
        ErrorCode code = e.status() != 0 && e.kind() != HfHubException.Kind.UNAVAILABLE ? byAnswer(e) : byKind(e);
        String hint =
                switch (code) {
                    case UNAUTHORIZED ->
                        "check the Hub token (config key 'token'); it may be missing, expired or revoked";
                    case BUCKET_NOT_OWNED_BY_CALLER -> "the token needs write access to the bucket's organisation";
                    case UNAVAILABLE -> e.status() == 0 ? "the Hub is unreachable" : null;
                    default -> null;
                };
        return new CollabException(code, e.getMessage(), hint, e.retryAfter().orElse(null), e);
    }

    private static ErrorCode byAnswer(HfHubException e) {
        Resource resource = e.resource();
        int status = e.status();
        String errorCode = e.hubErrorCode().orElse("");
        switch (errorCode) {
            case "RepoNotFound", "BucketNotFound" -> {
                return resource == Resource.ORGANIZATION ? ErrorCode.NOT_FOUND : ErrorCode.BUCKET_NOT_FOUND;
            }
            case "EntryNotFound" -> {
                return ErrorCode.NOT_FOUND;
            }
            default -> {
                // the status decides
            }
        }
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 ->
                resource == Resource.ORGANIZATION ? ErrorCode.UNAUTHORIZED : ErrorCode.BUCKET_NOT_OWNED_BY_CALLER;
            case 404 ->
                resource == Resource.FILE || resource == Resource.ORGANIZATION
                        ? ErrorCode.NOT_FOUND
                        : ErrorCode.BUCKET_NOT_FOUND;
            case 409 -> resource == Resource.BUCKET_CREATION ? ErrorCode.BUCKET_EXISTS : ErrorCode.CONFLICT;
            case 400, 422 -> ErrorCode.INVALID_REQUEST;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.UNAVAILABLE;
            case 408, 504 -> ErrorCode.TIMEOUT; // 408: the server gave up waiting, the request may be sent again
            default -> status >= 500 ? ErrorCode.UPSTREAM_ERROR : ErrorCode.INVALID_REQUEST;
        };
    }

    /** Failures without an HTTP answer: transport errors, unreadable answers, a call made without a token. */
    private static ErrorCode byKind(HfHubException e) {
        return switch (e.kind()) {
            case UNAUTHORIZED -> ErrorCode.UNAUTHORIZED;
            case FORBIDDEN -> ErrorCode.BUCKET_NOT_OWNED_BY_CALLER;
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case CONFLICT -> ErrorCode.CONFLICT;
            case BAD_REQUEST -> ErrorCode.INVALID_REQUEST;
            case PAYLOAD_TOO_LARGE -> ErrorCode.PAYLOAD_TOO_LARGE;
            case RATE_LIMITED -> ErrorCode.RATE_LIMITED;
            case UNAVAILABLE -> ErrorCode.UNAVAILABLE;
            case TIMEOUT -> ErrorCode.TIMEOUT;
            case SERVER_ERROR, INVALID_RESPONSE -> ErrorCode.UPSTREAM_ERROR;
        };
    }
}
