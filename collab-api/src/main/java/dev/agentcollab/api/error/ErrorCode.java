package dev.agentcollab.api.error;

/**
 * Stable error codes of the collaboration SDK. The wire string ({@link #name()}) and the HTTP status are part of
 * the public contract: the {@code /v1} API sends them in {@code {"error":{"code","message","hint"}}} and clients
 * map them back to the same constant. Codes marked retryable describe transient conditions that a caller may
 * retry after a back-off (honouring {@code Retry-After} where one is given).
 */
public enum ErrorCode {
    /** A path, identifier, slug, URI or name failed validation. */
    INVALID_PATH(400, false),
    /** A query parameter has a value that cannot be interpreted. */
    INVALID_QUERY(400, false),
    /** Markdown frontmatter is unparsable, not a mapping, or violates a schema. */
    INVALID_FRONTMATTER(400, false),
    /** Reference code kept for wire compatibility: a request needs either a source or a body. */
    BODY_OR_SOURCE_REQUIRED(400, false),
    /** The request body is malformed: invalid JSON, wrong types, or an invalid combination of fields. */
    INVALID_REQUEST(422, false),
    /** The bearer token is missing or could not be verified. */
    UNAUTHORIZED(401, false),
    /** The caller does not own the bucket it claims (handshake missing or mismatched). */
    BUCKET_NOT_OWNED_BY_CALLER(403, false),
    /** The caller's identity does not match the identity bound to the resource. */
    IDENTITY_MISMATCH(403, false),
    /** The operation (a broadcast) is reserved to organizers. */
    NOT_ORGANIZER(403, false),
    /** The agent is not registered. */
    NOT_REGISTERED(404, false),
    /** The requested file or record does not exist. */
    NOT_FOUND(404, false),
    /** The source file to promote does not exist in the caller's bucket. */
    SOURCE_NOT_FOUND(404, false),
    /** The taskforce does not exist. */
    TASKFORCE_NOT_FOUND(404, false),
    /** Jobs are disabled on this deployment. */
    JOBS_DISABLED(404, false),
    /** The bucket does not exist. */
    BUCKET_NOT_FOUND(404, false),
    /** No route matches the request path. */
    ROUTE_NOT_FOUND(404, false),
    /** The route exists but not for this HTTP method. */
    METHOD_NOT_ALLOWED(405, false),
    /** The agent id is already registered to the caller; re-register with {@code force}. */
    AGENT_ID_TAKEN(409, false),
    /** Identical source bytes were already promoted to the same folder. */
    ALREADY_PROMOTED(409, false),
    /** A taskforce with this name already exists and belongs to someone else. */
    TASKFORCE_EXISTS(409, false),
    /** The bucket already exists. */
    BUCKET_EXISTS(409, false),
    /** An {@code Idempotency-Key} was reused with a different request (another route, body or caller). */
    IDEMPOTENCY_MISMATCH(409, false),
    /** A conditional write lost a race (the stored version changed). */
    CONFLICT(409, true),
    /** The agent's scratch bucket does not exist. */
    BUCKET_MISSING(412, false),
    /** A sync or trace exceeds the configured size or file-count cap. */
    SYNC_TOO_LARGE(413, false),
    /** The request body exceeds the server's size limit. */
    PAYLOAD_TOO_LARGE(413, false),
    /** The request body is not JSON ({@code Content-Type} other than {@code application/json}) on a JSON route. */
    UNSUPPORTED_MEDIA_TYPE(415, false),
    /** A rate limit or quota is exhausted; see {@code Retry-After}. */
    RATE_LIMITED(429, true),
    /** An unexpected server-side failure. */
    INTERNAL(500, false),
    /** The scheme of a storage URI has no provider, or several providers claim it. */
    UNSUPPORTED_SCHEME(500, false),
    /** The jobs backend refused to launch a job. */
    JOB_LAUNCH_FAILED(502, false),
    /** An upstream service (the Hub, a storage backend) answered with an error. */
    UPSTREAM_ERROR(502, true),
    /**
     * A storage backend applied only part of a batch (the Hub's bucket batch is not transactional); the
     * exception ({@code PartialBatchException}) names the applied, failed and pending paths.
     */
    BATCH_PARTIALLY_APPLIED(502, false),
    /** The organizer role lookup failed; retry later. */
    ORGANIZER_CHECK_UNAVAILABLE(503, true),
    /** The job quota ledger could not be read; retry later. */
    QUOTA_BACKEND_UNAVAILABLE(503, true),
    /** A storage backend or remote service is unreachable or refused the call for now. */
    UNAVAILABLE(503, true),
    /** A call did not complete in time. */
    TIMEOUT(504, true);

    private final int httpStatus;
    private final boolean retryable;

    ErrorCode(int httpStatus, boolean retryable) {
        this.httpStatus = httpStatus;
        this.retryable = retryable;
    }

    /**
     * The HTTP status the {@code /v1} API answers with for this code.
     *
     * @return an HTTP status code between 400 and 599
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Whether a failure with this code is transient, so that retrying the same call later may succeed.
     *
     * @return {@code true} for transient conditions
     */
    public boolean retryable() {
        return retryable;
    }

    /**
     * Looks a code up by its wire string.
     *
     * @param wire the code as sent on the wire, e.g. {@code "RATE_LIMITED"}
     * @return the matching code, or {@link #INTERNAL} when the string is unknown (a newer server's code; the HTTP
     *     client then reads such an error by its status instead, so that a 503 stays retryable)
     */
    public static ErrorCode fromWire(String wire) {
        if (wire != null) {
            for (ErrorCode c : values()) {
                if (c.name().equals(wire)) {
                    return c;
                }
            }
        }
        return INTERNAL;
    }
}
