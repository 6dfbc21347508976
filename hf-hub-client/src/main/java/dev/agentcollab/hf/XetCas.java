package dev.agentcollab.hf;

import dev.agentcollab.hf.HfHubException.Resource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;

/**
 * Sends authenticated calls to a Xet CAS: the bearer is the current {@link XetTokens} token, and a 401 renews the
 * token and sends the call once more (the spec: "401: refresh the token"). Thread safe.
 */
final class XetCas {
    private final HttpClient http;
    private final Duration timeout;

    XetCas(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /**
     * Sends a call built for a CAS base URL; answers the response whatever its status, except that a second 401
     * is returned as it is.
     */
    HttpResponse<byte[]> send(
            XetTokens tokens, Function<URI, HttpRequest.Builder> call, Resource resource, String what) {
        XetWriteToken token = tokens.current();
        HttpResponse<byte[]> r = once(token, call, resource, what);
        if (r.statusCode() == 401) {
            r = once(tokens.rejected(token), call, resource, what);
        }
        return r;
    }

    /** Sends an unauthenticated request (pre-signed URLs). */
    HttpResponse<byte[]> plain(HttpRequest.Builder b, Resource resource, String what) {
        return exchange(
                b.timeout(timeout).header("User-Agent", HfHttp.USER_AGENT).build(), resource, what);
    }

    /** Fails on a non-2xx answer, mapped by {@link HubErrors}. */
    static HttpResponse<byte[]> check(HttpResponse<byte[]> r, Resource resource, String what) {
        if (r.statusCode() / 100 != 2) {
            throw HubErrors.fromResponse(r, resource, what);
        }
        return r;
    }

    private HttpResponse<byte[]> once(
            XetWriteToken token, Function<URI, HttpRequest.Builder> call, Resource resource, String what) {
        HttpRequest request = call.apply(token.casUrl())
                .timeout(timeout)
                .header("Authorization", "Bearer " + token.accessToken())
                .header("User-Agent", HfHttp.USER_AGENT)
                .build();
        return exchange(request, resource, what);
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, Resource resource, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw HubErrors.fromTransport(e, resource, what);
        }
    }
}
