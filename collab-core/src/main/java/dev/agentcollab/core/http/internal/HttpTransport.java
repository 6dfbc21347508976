package dev.agentcollab.core.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.core.http.ClientConfig;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.hf.BodyDeadline;
import dev.agentcollab.hf.RetryAfter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * The client side of the wire: builds requests, sends them with {@link java.net.http.HttpClient}, retries
 * through {@link RetryPolicy} and maps error responses back to {@link CollabException} with the server's code,
 * message, hint and {@code Retry-After}. A POST is retried only when nothing can have been written: the server
 * answered with a code it raises before any write ({@link #REJECTED_BEFORE_WRITE}: rate limits and the two
 * pre-flight 503s), or the connection was refused. A POST that timed out, lost its connection, or failed inside
 * the server with another retryable code (a storage {@code UNAVAILABLE} may come after part of the write) fails
 * with {@link UncertainWriteException} instead, which the retry policy retries only under
 * {@link ClientConfig#retryUncertainWrites()}. Every POST carries an {@code Idempotency-Key}, fresh per logical
 * call and the same on each of its attempts, so such a retry never writes twice. A redirect is refused with its
 * target named, never followed. Thread safe.
 */
public final class HttpTransport {
    /** Retryable codes that the server raises before anything is written, so a POST may be sent again. */
    public static final Set<ErrorCode> REJECTED_BEFORE_WRITE =
            Set.of(ErrorCode.RATE_LIMITED, ErrorCode.ORGANIZER_CHECK_UNAVAILABLE, ErrorCode.QUOTA_BACKEND_UNAVAILABLE);

    private final ClientConfig config;
    private final HttpClient http;
    private final RetryPolicy retry;
    private static final ThreadLocal<String> KEY = new ThreadLocal<>();

    /**
     * Creates a transport.
     *
     * @param config the client configuration
     * @param http the HTTP client to send with
     */
    public HttpTransport(ClientConfig config, HttpClient http) {
        this.config = config;
        this.http = http;
        this.retry = new RetryPolicy(config);
    }

    /**
     * GETs a JSON resource.
     *
     * @param path the path, e.g. {@code /v1/messages}
     * @param query query parameters (null values are skipped)
     * @param type the result type
     * @param <T> the result type
     * @return the decoded body
     */
    public <T> T get(String path, Map<String, ?> query, JavaType type) {
        return decode(send("GET", path + queryString(query), null, null), type);
    }

    /**
     * GETs raw bytes.
     *
     * @param path the path
     * @return the response (status 2xx)
     */
    public HttpResponse<byte[]> getRaw(String path) {
        return send("GET", path, null, null);
    }

    /**
     * POSTs a JSON body.
     *
     * @param path the path
     * @param body the body, serialised with {@link Json#mapper()}
     * @param type the result type
     * @param <T> the result type
     * @return the decoded body
     */
    public <T> T post(String path, Object body, JavaType type) {
        String key = Optional.ofNullable(KEY.get()).orElseGet(config.idempotencyKeys());
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise request body", e);
        }
        return decode(send("POST", path, bytes, key), type);
    }

    /**
     * Runs writes under a caller-chosen idempotency key instead of a fresh one per call (a caller that keeps the
     * key across its own restarts, e.g. in a journal of pending writes).
     *
     * @param key the key; every POST in {@code writes} on this thread sends it
     * @param writes the writes
     * @param <T> the result type
     * @return what {@code writes} returns
     */
    public <T> T withIdempotencyKey(String key, Supplier<T> writes) {
        // the key rules of the in-process service (CallContext): a control character would otherwise fail in the
        // JDK's header check as an IllegalArgumentException, and spaces around the key would be trimmed in transit
        CallContext.anonymous().withIdempotencyKey(Objects.requireNonNull(key, "key"));
        String previous = KEY.get();
        KEY.set(key);
        try {
            return writes.get();
        } finally {
            if (previous == null) {
                KEY.remove();
            } else {
                KEY.set(previous);
            }
        }
    }

    /**
     * The retry policy (for metrics).
     *
     * @return the policy
     */
    public RetryPolicy retryPolicy() {
        return retry;
    }

    private HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] body, String idempotencyKey) {
        URI uri = target(config.baseUri(), pathAndQuery);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", "agent-collab-java");
        config.token().ifPresent(t -> b.header("Authorization", "Bearer " + t));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        if (body != null) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.GET();
        }
        HttpRequest request = b.build();
        return retry.execute(() -> once(request, body != null));
    }

    private HttpResponse<byte[]> once(HttpRequest request, boolean isWrite) {
        HttpResponse<byte[]> response;
        try {
            // the request timeout ends with the headers: a body that then stalls is cut after the same time
            response = BodyDeadline.send(http, request, config.requestTimeout());
        } catch (HttpTimeoutException e) {
            String message = "request timed out: " + request.method() + " " + request.uri();
            if (isWrite) {
                throw new UncertainWriteException(ErrorCode.TIMEOUT, message, e);
            }
            throw new CollabException(ErrorCode.TIMEOUT, message, null, null, e);
        } catch (ConnectException e) {
            throw new CollabException(
                    ErrorCode.UNAVAILABLE, "cannot connect to " + request.uri().getAuthority(), null, null, e);
        } catch (IOException e) {
            String message = "transport failure: " + e;
            if (isWrite) {
                throw new UncertainWriteException(ErrorCode.UNAVAILABLE, message, e);
            }
            throw new CollabException(ErrorCode.UNAVAILABLE, message, null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollabException(ErrorCode.UNAVAILABLE, "interrupted", null, null, e);
        }
        if (response.statusCode() >= 400) {
            CollabException error =
                    WireErrors.toException(response.statusCode(), response.body(), retryAfter(response));
            if (isWrite && error.retryable() && !REJECTED_BEFORE_WRITE.contains(error.code())) {
                throw new UncertainWriteException(
                        error.code(),
                        "server answered " + response.statusCode() + " " + error.code() + ": " + error.getMessage(),
                        error.retryAfter().orElse(null),
                        error);
            }
            throw error;
        }
        if (response.statusCode() >= 300) {
            throw redirected(response);
        }
        return response;
    }

    /**
     * A redirect is not the API's answer (its body is empty or a page): a proxy sending plain HTTP to HTTPS, or
     * the server's trailing-slash redirect for an empty name. The client follows none, since a write would not be
     * sent again and a read would answer for another resource; it names the target instead.
     */
    private static CollabException redirected(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElse("(no Location)");
        return CollabException.of(
                ErrorCode.INTERNAL,
                "server answered " + response.statusCode() + " for "
                        + response.request().method() + " " + response.uri() + ", a redirect to " + location
                        + ", which the client does not follow",
                "point the client's base URI at the server the redirect names (e.g. https:// instead of http://)");
    }

    /**
     * The server's {@code Retry-After}: delay-seconds, or an HTTP-date (which a proxy in front of the server may
     * send) read against the answer's {@code Date}; a past date is no wait, anything else is ignored.
     */
    private static Duration retryAfter(HttpResponse<?> response) {
        return RetryAfter.of(response.headers()).orElse(null);
    }

    private static <T> T decode(HttpResponse<byte[]> response, JavaType type) {
        try {
            return Json.mapper().readValue(response.body(), type);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CollabException c) {
                throw c;
            }
            throw new CollabException(
                    ErrorCode.UPSTREAM_ERROR,
                    "unexpected response body from " + response.uri() + ": " + e.getMessage(),
                    null,
                    null,
                    e);
        }
    }

    /**
     * The URI of an API path under the base URI. The base's path is kept ({@code http://proxy/collab} and
     * {@code http://proxy/collab/} both give {@code http://proxy/collab/v1/...}), where {@link URI#resolve} would
     * drop it for the absolute API path.
     *
     * @param base the server root, possibly with a path
     * @param pathAndQuery the API path (starting with {@code /}) and query
     * @return the request URI
     */
    public static URI target(URI base, String pathAndQuery) {
        String root = base.toString();
        int cut = root.length();
        while (cut > 0 && root.charAt(cut - 1) == '/') {
            cut--;
        }
        return URI.create(root.substring(0, cut) + pathAndQuery);
    }

    /**
     * Renders query parameters ({@code null} values skipped).
     *
     * @param query the parameters
     * @return {@code ""} or {@code ?a=1&b=x}
     */
    public static String queryString(Map<String, ?> query) {
        StringJoiner j = new StringJoiner("&", "?", "");
        j.setEmptyValue("");
        query.forEach((k, v) -> {
            if (v != null) {
                j.add(enc(k) + "=" + enc(String.valueOf(v)));
            }
        });
        return j.toString();
    }

    /**
     * Percent-encodes one path segment that names something (an agent, a message, a file), which cannot be empty:
     * an empty name would make the path end in {@code /} (which the server redirects, as a different route) or hold
     * {@code //}. In process such a name is {@code INVALID_PATH}; so it is here, before anything is sent.
     *
     * @param name the raw name
     * @return the encoded segment
     * @throws CollabException {@code INVALID_PATH} when the name is empty
     */
    public static String segment(String name) {
        if (name.isEmpty()) {
            throw CollabException.invalidPath("empty name in a request path");
        }
        return enc(name);
    }

    /**
     * Percent-encodes one path segment or query component.
     *
     * @param s the raw text
     * @return the encoded text
     */
    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
