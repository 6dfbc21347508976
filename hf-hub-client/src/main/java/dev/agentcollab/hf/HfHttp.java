package dev.agentcollab.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.hf.HfHubException.Resource;
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
 * headers, transport and status errors mapped by {@link HubErrors}, JSON bodies. The timeout bounds the wait for an
 * answer's headers and, once they came, each silence of its body ({@link BodyDeadline}). Thread safe.
 */
final class HfHttp {
    /** The {@code User-Agent} of every call. */
    static final String USER_AGENT = "hf-hub-java-client";

    private final URI endpoint;
    private final HttpClient http;
    private final Duration timeout;

    HfHttp(URI endpoint, HttpClient http, Duration timeout) {
        this.endpoint = endpoint;
        this.http = http;
        this.timeout = timeout;
    }

    HttpClient http() {
        return http;
    }

    Duration timeout() {
        return timeout;
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
    HttpResponse<byte[]> send(HttpRequest.Builder b, Optional<String> auth, Resource resource, String what) {
        return check(exchange(b, auth, resource, what), resource, what);
    }

    /** Sends; only transport failures throw. */
    HttpResponse<byte[]> exchange(HttpRequest.Builder b, Optional<String> auth, Resource resource, String what) {
        auth.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        b.header("User-Agent", USER_AGENT);
        try {
            return BodyDeadline.send(http, b.build(), timeout);
        } catch (IOException | InterruptedException e) {
            throw HubErrors.fromTransport(e, resource, what);
        }
    }

    static HttpResponse<byte[]> check(HttpResponse<byte[]> r, Resource resource, String what) {
        if (r.statusCode() / 100 != 2) {
            throw HubErrors.fromResponse(r, resource, what);
        }
        return r;
    }

    static JsonNode json(HttpResponse<byte[]> r, Resource resource) {
        try {
            return HfJson.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw HfHubException.invalidResponse(resource, "the Hub sent invalid JSON for " + r.uri(), e);
        }
    }
}
