package dev.agentcollab.core.bucket.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.bucket.hf.HfErrors.Subject;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP plumbing {@link HfHubClient} sends its calls through: requests on the endpoint, bearer and user-agent
 * headers, transport and status errors mapped by {@link HfErrors}, JSON bodies. Thread safe.
 */
final class HfHttp {
    private final URI endpoint;
    private final HttpClient http;
    private final Duration timeout;

    HfHttp(URI endpoint, HttpClient http, Duration timeout) {
        this.endpoint = endpoint;
        this.http = http;
        this.timeout = timeout;
    }

    /** Whether a URL is on the endpoint's scheme, host and port (so it may receive the Hub token). */
    boolean sameOrigin(URI uri) {
        return Objects.equals(uri.getScheme(), endpoint.getScheme())
                && Objects.equals(uri.getHost(), endpoint.getHost())
                && uri.getPort() == endpoint.getPort();
    }

    HttpRequest.Builder request(String path) {
        return to(URI.create(endpoint + path));
    }

    HttpRequest.Builder to(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout);
    }

    HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    /** Sends and fails on a non-2xx answer. */
    HttpResponse<byte[]> send(HttpRequest.Builder b, Optional<String> auth, Subject subject, String what) {
        return check(exchange(b, auth, what), subject, what);
    }

    /** Sends; only transport failures throw. */
    HttpResponse<byte[]> exchange(HttpRequest.Builder b, Optional<String> auth, String what) {
        auth.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        b.header("User-Agent", "agent-collab-java");
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw HfErrors.fromTransport(e, what);
        }
    }

    static HttpResponse<byte[]> check(HttpResponse<byte[]> r, Subject subject, String what) {
        if (r.statusCode() / 100 != 2) {
            throw HfErrors.fromResponse(r, subject, what);
        }
        return r;
    }

    static JsonNode json(HttpResponse<byte[]> r) {
        try {
            return Json.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new CollabException(
                    ErrorCode.UPSTREAM_ERROR, "the Hub sent invalid JSON for " + r.uri(), null, null, e);
        }
    }
}
