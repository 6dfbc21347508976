package dev.agentcollab.core.http.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One HTTP/1.1 request encoded once, as the bytes a {@link BenchConnection} writes on its keep-alive connection,
 * so that the load clients spend no CPU building requests.
 *
 * @param bytes the request line, headers and body
 */
record WireRequest(byte[] bytes) {
    /** Checks the bytes. */
    WireRequest {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty request");
        }
    }

    /**
     * A GET request.
     *
     * @param base the server's base URI (its authority becomes the {@code Host})
     * @param pathAndQuery e.g. {@code /v1/inbox/agent-1?expand=true}
     * @param token a bearer token, or {@code null} for none
     * @return the request
     */
    static WireRequest get(URI base, String pathAndQuery, String token) {
        return of("GET", base, pathAndQuery, token, null);
    }

    /**
     * A POST request with a JSON body.
     *
     * @param base the server's base URI
     * @param path the path
     * @param token a bearer token, or {@code null} for none
     * @param json the body
     * @return the request
     */
    static WireRequest post(URI base, String path, String token, String json) {
        return of("POST", base, path, token, Objects.requireNonNull(json, "json"));
    }

    /**
     * This request with one more header.
     *
     * @param name the header name
     * @param value its value
     * @return the new request
     */
    WireRequest withHeader(String name, String value) {
        int end = headEnd();
        byte[] extra = (name + ": " + value + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[bytes.length + extra.length];
        System.arraycopy(bytes, 0, all, 0, end);
        System.arraycopy(extra, 0, all, end, extra.length);
        System.arraycopy(bytes, end, all, end + extra.length, bytes.length - end);
        return new WireRequest(all);
    }

    /** Where the blank line that ends the head starts (just after the last header's CRLF). */
    private int headEnd() {
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i + 2;
            }
        }
        throw new IllegalStateException("a request without the end of its head");
    }

    private static WireRequest of(String method, URI base, String target, String token, String json) {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(160)
                .append(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\nHost: ")
                .append(base.getRawAuthority())
                .append("\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (json != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.length)
                    .append("\r\n");
        }
        byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return new WireRequest(all);
    }
}
