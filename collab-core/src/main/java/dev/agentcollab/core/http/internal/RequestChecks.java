package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Checks every request passes before it is routed: path segments of at most {@code maxSegmentBytes} bytes
 * (after percent-decoding) and at most {@code maxDepth} segments (400 {@code INVALID_PATH}), and, on methods
 * that carry a body, a JSON {@code Content-Type} (415 {@code UNSUPPORTED_MEDIA_TYPE}). Form, multipart and
 * plain-text bodies are what a web page can send to a loopback server without asking; every {@code /v1} body is
 * JSON, so they are refused before a handler runs. A request without {@code Content-Type} is accepted and parsed
 * as JSON, as the reference server does. Immutable; thread safe.
 *
 * @param maxSegmentBytes the longest accepted path segment in bytes
 * @param maxDepth the most path segments accepted
 */
public record RequestChecks(int maxSegmentBytes, int maxDepth) {
    /** Default segment limit: 255 bytes, the usual file-name limit of file systems. */
    public static final int DEFAULT_MAX_SEGMENT_BYTES = 255;

    /** Default depth limit: 32 segments. */
    public static final int DEFAULT_MAX_DEPTH = 32;

    /** The default limits. */
    public static final RequestChecks DEFAULT = new RequestChecks(DEFAULT_MAX_SEGMENT_BYTES, DEFAULT_MAX_DEPTH);

    /** Validates the limits. */
    public RequestChecks {
        if (maxSegmentBytes < 1) {
            throw new IllegalArgumentException("maxSegmentBytes must be >= 1, but was " + maxSegmentBytes);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be >= 1, but was " + maxDepth);
        }
    }

    /**
     * Checks the length of every segment and the number of segments of a raw path.
     *
     * @param rawPath the percent-encoded request path
     * @throws CollabException {@code INVALID_PATH} when a limit is exceeded
     */
    public void checkPath(String rawPath) {
        check(rawPath, true);
    }

    /**
     * As {@link #checkPath} for a path whose escapes are decoded already (a path parameter plus a name from a
     * request body): each segment's UTF-8 bytes count, which is what its percent-encoded form counts.
     *
     * @param decodedPath the path as the read route will decode it
     * @throws CollabException {@code INVALID_PATH} when a limit is exceeded
     */
    public void checkDecodedPath(String decodedPath) {
        check(decodedPath, false);
    }

    private void check(String rawPath, boolean encoded) {
        int depth = 0;
        int bytes = 0;
        for (int i = rawPath.startsWith("/") ? 1 : 0; i <= rawPath.length(); i++) {
            if (i == rawPath.length() || rawPath.charAt(i) == '/') {
                depth++;
                bytes = 0;
                if (depth > maxDepth) {
                    throw CollabException.of(
                            ErrorCode.INVALID_PATH,
                            "the path has more than " + maxDepth + " segments",
                            "keep paths at most " + maxDepth + " levels deep");
                }
                continue;
            }
            char c = rawPath.charAt(i);
            if (encoded && c == '%' && i + 2 < rawPath.length()) {
                i += 2; // one encoded byte
                bytes++;
            } else {
                bytes += String.valueOf(c).getBytes(StandardCharsets.UTF_8).length;
            }
            if (bytes > maxSegmentBytes) {
                throw CollabException.of(
                        ErrorCode.INVALID_PATH,
                        "a path segment is longer than " + maxSegmentBytes + " bytes",
                        "keep every name at most " + maxSegmentBytes + " bytes long");
            }
        }
    }

    /**
     * Refuses a body whose declared media type is not JSON, on every method but {@code GET} and {@code HEAD}.
     *
     * @param exchange the request
     * @throws CollabException {@code UNSUPPORTED_MEDIA_TYPE} for a non-JSON {@code Content-Type}
     */
    public void checkBodyType(Exchange exchange) {
        String method = exchange.method();
        if (method.equals("GET") || method.equals("HEAD")) {
            return;
        }
        String type = exchange.requestHeader("Content-Type").orElse("").strip();
        if (type.isEmpty()) {
            return;
        }
        int semi = type.indexOf(';');
        String media = (semi < 0 ? type : type.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        if (media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"))) {
            return;
        }
        throw CollabException.of(
                ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "request bodies must be JSON, but Content-Type was '" + type + "'",
                "send Content-Type: application/json");
    }
}
