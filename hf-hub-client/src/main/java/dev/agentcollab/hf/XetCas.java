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
 * token and sends the call once more (the spec: "401: refresh the token"). A request's timeout runs until the
 * answer's headers arrive, so it includes sending the body: an upload gets the timeout plus the time its body takes
 * at {@link #MIN_UPLOAD_BYTES_PER_SECOND} ({@link #uploadTimeout}), or a 64 MiB xorb could never finish on a link
 * slower than about 2 MB/s. Once the headers came, the body may not stall for longer than the timeout
 * ({@link BodyDeadline}). Thread safe.
 */
final class XetCas {
    /** The slowest upload rate a request's deadline allows for: 64 KiB/s, as for the server's own downloads. */
    static final long MIN_UPLOAD_BYTES_PER_SECOND = 64 * 1024;

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
        return send(tokens, call, resource, what, 0);
    }

    /** As {@link #send(XetTokens, Function, Resource, String)} for a call that uploads {@code bodyBytes}. */
    HttpResponse<byte[]> send(
            XetTokens tokens, Function<URI, HttpRequest.Builder> call, Resource resource, String what, long bodyBytes) {
        Duration deadline = uploadTimeout(timeout, bodyBytes);
        XetWriteToken token = tokens.current();
        HttpResponse<byte[]> r = once(token, call, deadline, resource, what);
        if (r.statusCode() == 401) {
            r = once(tokens.rejected(token), call, deadline, resource, what);
        }
        return r;
    }

    /**
     * The deadline of a request that sends {@code bodyBytes}: {@code timeout} plus the body's length at
     * {@link #MIN_UPLOAD_BYTES_PER_SECOND}.
     */
    static Duration uploadTimeout(Duration timeout, long bodyBytes) {
        return timeout.plusMillis(Math.multiplyExact(bodyBytes, 1000L) / MIN_UPLOAD_BYTES_PER_SECOND);
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
            XetWriteToken token,
            Function<URI, HttpRequest.Builder> call,
            Duration deadline,
            Resource resource,
            String what) {
        HttpRequest request = call.apply(token.casUrl())
                .timeout(deadline)
                .header("Authorization", "Bearer " + token.accessToken())
                .header("User-Agent", HfHttp.USER_AGENT)
                .build();
        return exchange(request, resource, what);
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, Resource resource, String what) {
        try {
            return BodyDeadline.send(http, request, timeout);
        } catch (IOException | InterruptedException e) {
            throw HubErrors.fromTransport(e, resource, what);
        }
    }
}
