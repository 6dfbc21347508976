package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP exchange as the handlers see it: method, path parameters, query, bearer token, a size-limited body,
 * and JSON/bytes responses. Not thread safe; used by the one thread that serves the exchange.
 */
public final class HttpCall {
    private static final int FIRST_BUFFER = 1024;

    private final Exchange exchange;
    private final Map<String, String> params;
    private QueryParams query;
    private final long maxBodyBytes;
    private byte[] body;
    private IOException bodyFailure;
    private boolean responded;
    private Optional<String> sessionBearer = Optional.empty();
    private final RequestChecks checks;

    /**
     * Wraps an exchange.
     *
     * @param exchange the exchange
     * @param params decoded path parameters
     * @param maxBodyBytes the request-body limit
     */
    public HttpCall(Exchange exchange, Map<String, String> params, long maxBodyBytes) {
        this(exchange, params, maxBodyBytes, RequestChecks.DEFAULT);
    }

    /**
     * Wraps an exchange served under the server's path limits.
     *
     * @param exchange the exchange
     * @param params decoded path parameters
     * @param maxBodyBytes the request-body limit
     * @param checks the server's limits on request paths ({@link #checkRoutable})
     */
    public HttpCall(Exchange exchange, Map<String, String> params, long maxBodyBytes, RequestChecks checks) {
        this.exchange = exchange;
        this.params = Map.copyOf(params);
        this.maxBodyBytes = maxBodyBytes;
        this.checks = java.util.Objects.requireNonNull(checks, "checks");
    }

    /**
     * Refuses a path a write would create that the server's read route for it could never serve: a request path
     * beyond the server's limits on segment length and depth.
     *
     * @param requestPath the read route's path for the written file, decoded, e.g.
     *     {@code /v1/taskforces/t/files/a/b.txt}
     * @throws dev.agentcollab.api.error.CollabException {@code INVALID_PATH} when it exceeds a limit
     */
    public void checkRoutable(String requestPath) {
        checks.checkDecodedPath(requestPath);
    }

    /**
     * A path parameter.
     *
     * @param name its name in the route template
     * @return the decoded value
     */
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return v;
    }

    /**
     * The query parameters.
     *
     * @return the parameters
     * @throws CollabException {@code INVALID_REQUEST} on malformed percent-encoding
     */
    public QueryParams query() {
        if (query == null) {
            query = QueryParams.parse(exchange.rawQuery());
        }
        return query;
    }

    /**
     * The bearer token parsed from {@code Authorization} (anchor §1.1).
     *
     * @return the token, or empty
     */
    public Optional<String> bearer() {
        Optional<String> header = dev.agentcollab.api.identity.CallContext.parseAuthorization(
                exchange.requestHeader("Authorization").orElse(null));
        return header.isPresent() ? header : sessionBearer;
    }

    /**
     * Authenticates this call with a token kept in a server-side dashboard session; an {@code Authorization}
     * header, when present, still wins.
     *
     * @param token the session's bearer token
     */
    public void useSessionBearer(String token) {
        sessionBearer = Optional.of(java.util.Objects.requireNonNull(token, "token"));
    }

    /**
     * A request cookie.
     *
     * @param name the cookie name
     * @return its value, or empty
     */
    public Optional<String> cookie(String name) {
        for (String header : exchange.requestHeaders("Cookie")) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
                    return Optional.of(part.substring(eq + 1).strip());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The HTTP method, upper case.
     *
     * @return the method
     */
    public String method() {
        return exchange.method();
    }

    /**
     * The caller as the service sees it: bearer token, remote address, user agent and the
     * {@code Idempotency-Key} of a write (validated by {@link dev.agentcollab.api.identity.CallContext}).
     *
     * @return the context
     * @throws dev.agentcollab.api.error.CollabException {@code INVALID_REQUEST} for a malformed key
     */
    public dev.agentcollab.api.identity.CallContext context() {
        return new dev.agentcollab.api.identity.CallContext(
                bearer(),
                exchange.remoteAddress(),
                header("User-Agent").orElse(""),
                header("Idempotency-Key").map(String::strip));
    }

    /**
     * A request header.
     *
     * @param name the header name (any case)
     * @return the first value, or empty
     */
    public Optional<String> header(String name) {
        return exchange.requestHeader(name);
    }

    /**
     * The request body, read at most once and limited to the configured size.
     *
     * @return the bytes
     * @throws CollabException {@code PAYLOAD_TOO_LARGE} when the body exceeds the limit
     * @throws IOException when the exchange fails: the body stopped arriving or the client went away (then every
     *     later call throws the same)
     */
    public byte[] body() throws IOException {
        if (bodyFailure != null) {
            throw bodyFailure;
        }
        if (body == null) {
            try {
                body = readLimited(exchange.requestBody(), maxBodyBytes);
            } catch (IOException e) {
                bodyFailure = e;
                throw e;
            }
        }
        return body;
    }

    /**
     * Whether reading the request body failed: it stopped arriving within the idle timeout, or the client went
     * away. Nobody then waits for an answer, and the failure is the connection's, not the server's.
     *
     * @return {@code true} after {@link #body} threw an {@link IOException}
     */
    boolean bodyUnreadable() {
        return bodyFailure != null;
    }

    /**
     * Reads the request body if nothing has, discarding it, so that the connection can carry the next request.
     *
     * @return whether the body is read now; false when it cannot be (over the size limit, or the client went away),
     *     and the connection should close after the answer
     */
    boolean drainBody() {
        if (body != null) {
            return true;
        }
        try {
            body();
            return true;
        } catch (CollabException | IOException e) {
            return false;
        }
    }

    /**
     * The request body as a JSON object.
     *
     * @return the parsed body
     * @throws CollabException {@code INVALID_REQUEST} or {@code PAYLOAD_TOO_LARGE}
     * @throws IOException when the exchange fails
     */
    public JsonBody json() throws IOException {
        return JsonBody.parse(body());
    }

    /**
     * Sends a JSON response.
     *
     * @param status the HTTP status
     * @param value the value, serialised with {@link dev.agentcollab.core.json.Json#mapper()}
     * @throws IOException when the exchange fails
     */
    public void json(int status, Object value) throws IOException {
        json(status, JsonResponse.of(value));
    }

    /**
     * Sends a JSON answer serialised beforehand. A 200 answer to a {@code GET} or {@code HEAD} carries its strong
     * {@code ETag}, and a request whose {@code If-None-Match} names it gets 304 without a body.
     *
     * @param status the HTTP status
     * @param response the serialised answer
     * @throws IOException when the exchange fails
     */
    public void json(int status, JsonResponse response) throws IOException {
        if (status == 200 && (method().equals("GET") || method().equals("HEAD"))) {
            // A strong validator over the exact bytes lets pollers (the dashboard) skip unchanged answers.
            String tag = response.etag();
            responseHeader("ETag", tag);
            if (header("If-None-Match").filter(tag::equals).isPresent()) {
                bytes(304, "application/json", new byte[0]);
                return;
            }
        }
        bytes(status, "application/json", response.bytes());
    }

    /**
     * Sends a byte response.
     *
     * @param status the HTTP status
     * @param contentType the content type
     * @param bytes the body
     * @throws IOException when the exchange fails
     */
    public void bytes(int status, String contentType, byte[] bytes) throws IOException {
        if (responded) {
            throw new IllegalStateException("response already sent");
        }
        responded = true;
        exchange.responseHeader("Content-Type", contentType);
        exchange.send(status, bytes);
    }

    /**
     * Sends a file as a download, streamed, answering {@code Range} and conditional requests (see
     * {@link Exchange#sendFile}).
     *
     * @param contentType the content type
     * @param file a regular file
     * @throws IOException when the file cannot be read or the exchange fails
     */
    public void file(String contentType, Path file) throws IOException {
        if (responded) {
            throw new IllegalStateException("response already sent");
        }
        responded = true;
        exchange.sendFile(file, contentType);
    }

    /**
     * Sets a response header (before the response is sent).
     *
     * @param name the header name
     * @param value the value
     */
    public void responseHeader(String name, String value) {
        exchange.responseHeader(name, value);
    }

    /**
     * Whether a response was already sent.
     *
     * @return {@code true} after {@link #bytes} or {@link #json}
     */
    public boolean responded() {
        return responded;
    }

    /**
     * The underlying exchange.
     *
     * @return the exchange
     */
    public Exchange exchange() {
        return exchange;
    }

    /**
     * Reads a body of at most {@code max} bytes. The buffer starts at 1 KiB and doubles as the body needs: most
     * bodies are a few hundred bytes, and a fixed 8 KiB read buffer per request was a sixth of what the server
     * allocated under 200 concurrent posts.
     */
    static byte[] readLimited(InputStream in, long max) throws IOException {
        long cap = Math.min(max + 1, Integer.MAX_VALUE - 8L); // one byte over the limit tells a body too large
        byte[] buf = new byte[(int) Math.min(cap, FIRST_BUFFER)];
        int total = 0;
        for (int n; (n = in.read(buf, total, buf.length - total)) > 0; ) {
            total += n;
            if (total > max) {
                throw tooLarge(max);
            }
            if (total == buf.length) {
                if (buf.length == cap) {
                    throw tooLarge(max);
                }
                buf = Arrays.copyOf(buf, (int) Math.min(cap, buf.length * 2L));
            }
        }
        return total == buf.length ? buf : Arrays.copyOf(buf, total);
    }

    /**
     * The 413 error for an oversized body.
     *
     * @param max the limit in bytes
     * @return the exception (not thrown)
     */
    public static CollabException tooLarge(long max) {
        return CollabException.of(
                ErrorCode.PAYLOAD_TOO_LARGE,
                "request body exceeds the limit of " + max + " bytes",
                "put large content in your bucket and post its source URI instead");
    }
}
